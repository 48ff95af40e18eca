/**
 * What extension pages (popup, options) can ask the service worker: one handler per request.
 *
 * The service worker is the only part that holds the native port, so pages that live only
 * while they are open never talk to the companion directly. Pages are read through the
 * content script in the target tab: the live DOM as the user sees it, never a second
 * download of the URL (DESIGN §5: capture only what the user opens).
 */

import { HostCode, LocalCode, MetanetError } from "../common/errors.js";
import { Request } from "../common/messages.js";
import { recordError } from "../common/settings.js";
import { captureTab, lookupTab, previewTab } from "./pages.js";
import { syncMastodonScripts } from "./mastodon.js";

/**
 * Companion actions the popup and options page may call as they are (`Request.HOST`).
 * `capture` and `lookup` are not among them: those always go through the tab, so the URL
 * and page are the tab's own, not whatever a caller claims.
 */
export const HOST_ACTIONS = Object.freeze([
  "me", "me_add", "relate", "same_person", "suggestions", "mutual", "paths", "requests", "circles",
  "introduce",
]);

/**
 * The summary page is served by the companion on the loopback interface; refuse to open
 * anything else, whatever the host says.
 * @param {unknown} url
 * @returns {string}
 */
function loopbackUrl(url) {
  let parsed;
  try {
    parsed = new URL(String(url));
  } catch {
    parsed = null;
  }
  if (parsed?.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname)) {
    return parsed.href;
  }
  throw new MetanetError(HostCode.INTERNAL, "The companion returned an unexpected summary address.");
}

/**
 * Build the handlers over one native port.
 * @param {import("./native-port.js").NativePort} native
 */
export function createHandlers(native) {
  // Every request but STATUS waits for the handshake (`native.ready()`, kept per port): a
  // companion that speaks another protocol gets nothing but pings, whoever asks first.
  return {
    /** Is the companion installed, answering, and speaking our protocol? `ping` result. */
    [Request.STATUS]: () => native.ready(),

    /** What the companion knows about the page in `tabId`: `lookup` result. */
    [Request.LOOKUP]: async ({ tabId }, timing) => {
      await native.ready();
      return lookupTab(native, tabId, timing);
    },

    /** What the page in `tabId` says, nothing stored: `preview` result. */
    [Request.PREVIEW]: async ({ tabId }, timing) => {
      await native.ready();
      return previewTab(native, tabId, timing);
    },

    /** Send the tab's live DOM to the companion: `capture` result. */
    [Request.CAPTURE]: async ({ tabId }, timing) => {
      await native.ready();
      return captureTab(native, tabId, timing);
    },

    /**
     * Start (if needed) and open the summary page in a new tab; with `personId`, on that
     * person's shared connections.
     */
    [Request.OPEN_SUMMARY]: async ({ personId } = {}) => {
      const params = Number.isInteger(personId) && personId > 0 ? { person_id: personId } : {};
      await native.ready();
      const result = await native.request("open_summary", params, {
        timeoutMs: SUMMARY_START_TIMEOUT_MS,
      });
      const url = loopbackUrl(result?.url);
      await chrome.tabs.create({ url });
      return { url };
    },

    /** One of {@link HOST_ACTIONS} with the caller's arguments. */
    [Request.HOST]: async ({ action, params }) => {
      if (!HOST_ACTIONS.includes(action)) {
        throw new MetanetError(LocalCode.BAD_MESSAGE, `The extension does not call "${action}" this way.`);
      }
      await native.ready();
      return native.request(action, params && typeof params === "object" ? params : {});
    },

    /** After the options page added or removed a Mastodon instance. */
    [Request.MASTODON_SYNC]: async () => ({ instances: await syncMastodonScripts() }),
  };
}

/**
 * Only our own extension pages may drive the companion. Content scripts share our
 * extension id but run inside hostile pages, so they are refused here by URL.
 * @param {chrome.runtime.MessageSender} sender
 */
function fromExtensionPage(sender) {
  return sender.id === chrome.runtime.id
    && typeof sender.url === "string"
    && sender.url.startsWith(chrome.runtime.getURL(""));
}

/**
 * Failures that describe the page, not a problem worth showing in diagnostics; an older
 * companion without an optional action (`suggestions`) is not one either.
 */
/**
 * `open_summary` may start the summary server, which the companion waits for up to 30 s
 * (`web/launcher.py` START_TIMEOUT_SECONDS): the popup waits longer, so that it hears the
 * companion's answer or its reason instead of a timeout of its own.
 */
export const SUMMARY_START_TIMEOUT_MS = 35_000;

const NOT_PROBLEMS = new Set([
  LocalCode.PAGE_NOT_SUPPORTED, LocalCode.PAGE_NEEDS_RELOAD, LocalCode.PAGE_TOO_LARGE, HostCode.UNKNOWN_ACTION,
]);

/**
 * A `chrome.runtime.onMessage` listener dispatching to {@link createHandlers}.
 * @param {import("./native-port.js").NativePort} native
 */
export function createMessageListener(native) {
  const handlers = createHandlers(native);
  return (message, sender, sendResponse) => {
    const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : null;
    if (!handler || !fromExtensionPage(sender)) return false;
    /** Where the time went (serialising, messaging, the companion), for the popup. */
    const timing = {};
    const started = performance.now();
    Promise.resolve()
      .then(() => handler(message, timing))
      .then(
        (result) => sendResponse(Object.keys(timing).length === 0 ? { ok: true, result }
          : { ok: true, result, timing: { ...timing, workerMs: performance.now() - started } }),
        (failure) => {
          const error = MetanetError.from(failure).toJSON();
          // Stored before the reply: the options page reads the last error right after
          // its status request failed, and in Firefox the write landed after that read
          // ("Last error: none" beside "not reachable").
          const recorded = NOT_PROBLEMS.has(error.code) ? Promise.resolve()
            : recordError(error, message.action ?? message.type).catch(() => {});
          recorded.then(() => sendResponse({ ok: false, error }));
        },
      );
    return true; // the reply is sent asynchronously
  };
}
