/**
 * Looking up and capturing the page in a tab — for the popup's buttons and for
 * auto-capture alike — and keeping the tab's badge in step with the answer.
 */

import { PageEvent, TabRequest } from "../common/messages.js";
import { loadSettings, recordError } from "../common/settings.js";
import { siteOf } from "../common/sites.js";
import { LocalCode, MetanetError } from "../common/errors.js";
import { showBadge } from "./badge.js";
import { askTab } from "./tab.js";

/** Parsing a large contact list can take a while on a slow machine. */
const CAPTURE_TIMEOUT_MS = 60_000;

/**
 * `lookup` for the tab's current URL (read live from the page, so after a single-page
 * navigation it is the new one); updates the tab's badge (not awaited).
 * @param {import("./native-port.js").NativePort} native
 * @param {number} tabId
 * @param {Record<string, number>} [timing] gets where the time went
 */
export async function lookupTab(native, tabId, timing = {}) {
  const asked = performance.now();
  const page = await askTab(tabId, TabRequest.DESCRIBE);
  const started = performance.now();
  timing.tabMessageMs = started - asked;
  const result = await native.request("lookup", { url: page.url });
  timing.hostMs = performance.now() - started;
  // Not awaited: the popup's answer need not wait for the toolbar (showBadge keeps its
  // own failures).
  showBadge(tabId, result);
  return result;
}

/**
 * The most a browser hands to a native host in one message (64 MiB, checked by the
 * browser, which then breaks the port without a word); the rest of the frame is small.
 */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024 - 64 * 1024;

/**
 * The tab's live DOM, refused in words when no browser could send it to the companion.
 * `timing` gets how long the content script took to serialise it and the message took.
 * @param {number} tabId
 * @param {Record<string, number>} timing
 */
async function readPage(tabId, timing) {
  const started = performance.now();
  const page = await askTab(tabId, TabRequest.CAPTURE);
  timing.serialiseMs = Number(page.serialiseMs) || 0;
  timing.tabMessageMs = performance.now() - started - timing.serialiseMs;
  // UTF-16 length is a lower bound of the UTF-8 bytes; count them only when it matters.
  const bytes = page.html.length * 3 > MAX_PAGE_BYTES ? new Blob([page.html]).size : 0;
  if (bytes > MAX_PAGE_BYTES) {
    const megabytes = Math.ceil(bytes / (1024 * 1024));
    throw new MetanetError(LocalCode.PAGE_TOO_LARGE,
      `This page is ${megabytes} MB; a browser can hand at most 64 MB to the companion.`,
      { megabytes });
  }
  return page;
}

/**
 * Send the tab's live DOM to the companion: `capture` result. `keep_raw` follows the
 * user's "keep raw pages" choice. `timing` (optional) gets where the time went.
 * @param {import("./native-port.js").NativePort} native
 * @param {number} tabId
 * @param {Record<string, number>} [timing]
 */
export async function captureTab(native, tabId, timing = {}) {
  const [page, settings] = await Promise.all([readPage(tabId, timing), loadSettings()]);
  const started = performance.now();
  const result = await native.request(
    "capture",
    { url: page.url, title: page.title, html: page.html, keep_raw: settings.keepRaw },
    { timeoutMs: CAPTURE_TIMEOUT_MS },
  );
  timing.hostMs = performance.now() - started;
  return result;
}

/**
 * What the page in the tab says, read by the companion as a capture would and stored
 * nowhere: `preview` result (whose profile, how many people a list shows).
 * @param {import("./native-port.js").NativePort} native
 * @param {number} tabId
 * @param {Record<string, number>} [timing]
 */
export async function previewTab(native, tabId, timing = {}) {
  const page = await readPage(tabId, timing);
  const started = performance.now();
  const result = await native.request(
    "preview", { url: page.url, html: page.html }, { timeoutMs: CAPTURE_TIMEOUT_MS });
  timing.hostMs = performance.now() - started;
  return result;
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
      await native.ready();
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
