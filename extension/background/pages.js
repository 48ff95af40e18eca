/**
 * Looking up and capturing the page in a tab — for the popup's buttons and for
 * auto-capture alike — and keeping the tab's badge in step with the answer.
 */

import { PageEvent, TabRequest } from "../common/messages.js";
import { loadSettings, recordError } from "../common/settings.js";
import { siteOf } from "../common/sites.js";
import { MetanetError } from "../common/errors.js";
import { checkProtocol } from "../common/version.js";
import { showBadge } from "./badge.js";
import { askTab } from "./tab.js";

/** Parsing a large contact list can take a while on a slow machine. */
const CAPTURE_TIMEOUT_MS = 60_000;

/**
 * `lookup` for the tab's current URL (read live from the page, so after a single-page
 * navigation it is the new one); updates the tab's badge.
 * @param {import("./native-port.js").NativePort} native
 * @param {number} tabId
 */
export async function lookupTab(native, tabId) {
  const page = await askTab(tabId, TabRequest.DESCRIBE);
  const result = await native.request("lookup", { url: page.url });
  await showBadge(tabId, result);
  return result;
}

/**
 * Send the tab's live DOM to the companion: `capture` result. `keep_raw` follows the
 * user's "keep raw pages" choice.
 * @param {import("./native-port.js").NativePort} native
 * @param {number} tabId
 */
export async function captureTab(native, tabId) {
  const [page, settings] = await Promise.all([askTab(tabId, TabRequest.CAPTURE), loadSettings()]);
  return native.request(
    "capture",
    { url: page.url, title: page.title, html: page.html, keep_raw: settings.keepRaw },
    { timeoutMs: CAPTURE_TIMEOUT_MS },
  );
}

/**
 * Captures run one at a time per tab: a list that grows while its capture is in flight is
 * captured once more afterwards rather than twice at once.
 * @type {Map<number, {again: boolean}>}
 */
const autoCaptures = new Map();

/**
 * Pages the parsers did not understand, by URL: a feed or a settings page on a site with
 * auto-capture on is stored once ("unsupported", kept for a later reparse), not again
 * every time it grows while the user scrolls. Kept for the worker's lifetime, bounded.
 */
const unsupported = new Set();
const UNSUPPORTED_MAX = 500;

/**
 * @param {import("./native-port.js").NativePort} native
 * @param {number} tabId
 * @param {string} url the page's URL when it settled
 */
async function autoCapture(native, tabId, url) {
  const entry = autoCaptures.get(tabId);
  if (entry) {
    entry.again = true;
    return;
  }
  const state = { again: true };
  autoCaptures.set(tabId, state);
  try {
    while (state.again) {
      state.again = false;
      const result = await captureTab(native, tabId);
      if (result?.outcome === "unsupported") {
        if (unsupported.size >= UNSUPPORTED_MAX) unsupported.clear();
        unsupported.add(url);
      }
    }
    await lookupTab(native, tabId);
  } finally {
    autoCaptures.delete(tabId);
  }
}

/** @param {unknown} a @param {string} b */
function sameOrigin(a, b) {
  try {
    return new URL(String(a)).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * The content script's "page settled" reports: refresh the badge after a navigation, and
 * capture when the user switched auto-capture on for the site.
 * @param {import("./native-port.js").NativePort} native
 */
export function createPageEventListener(native) {
  return (message, sender) => {
    if (message?.type !== PageEvent.SETTLED) return false;
    // Only our own content scripts, in a tab's top frame.
    if (sender.id !== chrome.runtime.id || !sender.tab || sender.frameId !== 0) return false;
    const tabId = sender.tab.id;
    // The site comes from the browser's own record of the frame; the exact URL (after
    // pushState) from the script, when it is on the same origin.
    const frameUrl = typeof sender.url === "string" ? sender.url : "";
    const url = sameOrigin(message.url, frameUrl) ? message.url : frameUrl;
    (async () => {
      // A companion that speaks another protocol gets nothing but pings.
      checkProtocol(await native.request("ping"));
      const settings = await loadSettings();
      const site = siteOf(frameUrl, settings.mastodonInstances);
      if (site && settings.autoCapture[site]) {
        if (message.navigated || !unsupported.has(url)) await autoCapture(native, tabId, url);
      } else if (message.navigated) {
        await lookupTab(native, tabId);
      }
    })().catch((failure) => {
      // No companion, no parser for the page: the popup explains when the user asks.
      showBadge(tabId, null);
      const error = MetanetError.from(failure);
      if (!error.code.startsWith("ext_page")) recordError(error.toJSON(), "auto").catch(() => {});
    });
    return false;
  };
}
