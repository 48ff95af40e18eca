/**
 * What the popup can ask the service worker: one handler per request.
 *
 * The service worker is the only part that holds the native port, so the popup (which
 * lives only while it is open) never talks to the companion directly. Pages are read
 * through the content script in the target tab: the live DOM as the user sees it, never
 * a second download of the URL (DESIGN §5: capture only what the user opens).
 */

import { HostCode, LocalCode, MetanetError } from "../common/errors.js";
import { Request, TabRequest } from "../common/messages.js";

/** Parsing a large profile page can take a while on a slow machine. */
const CAPTURE_TIMEOUT_MS = 60_000;

/**
 * Ask the content script in the tab's top frame; explain its absence.
 *
 * No content script means one of two things. Either the site is not one we read (then we
 * also lack host permission, so `tab.url` is hidden from us without the "tabs"
 * permission), or the tab was loaded before the extension was installed or updated
 * (Chromium does not inject into open tabs): then we can see the URL and the cure is a
 * reload.
 * @param {number} tabId
 * @param {string} type one of {@link TabRequest}
 */
async function askTab(tabId, type) {
  let reply;
  try {
    reply = await chrome.tabs.sendMessage(tabId, { type }, { frameId: 0 });
  } catch {
    reply = undefined;
  }
  if (reply && typeof reply.url === "string") return reply;

  let tab;
  try {
    tab = await chrome.tabs.get(tabId);
  } catch {
    tab = undefined;
  }
  if (tab?.url && /^https?:/.test(tab.url)) {
    throw new MetanetError(LocalCode.PAGE_NEEDS_RELOAD,
      "Metanet cannot read this tab yet: it was opened before the extension was loaded.");
  }
  throw new MetanetError(LocalCode.PAGE_NOT_SUPPORTED, "Metanet does not read pages on this site.");
}

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
  return {
    /** Is the companion installed and answering? `ping` result. */
    [Request.STATUS]: () => native.request("ping"),

    /** What the companion knows about the page in `tabId`: `lookup` result. */
    [Request.LOOKUP]: async ({ tabId }) => {
      const page = await askTab(tabId, TabRequest.DESCRIBE);
      return native.request("lookup", { url: page.url });
    },

    /** Send the tab's live DOM to the companion: `capture` result. */
    [Request.CAPTURE]: async ({ tabId }) => {
      const page = await askTab(tabId, TabRequest.CAPTURE);
      return native.request(
        "capture",
        { url: page.url, title: page.title, html: page.html },
        { timeoutMs: CAPTURE_TIMEOUT_MS },
      );
    },

    /** Start (if needed) and open the summary page in a new tab. */
    [Request.OPEN_SUMMARY]: async () => {
      const result = await native.request("open_summary");
      const url = loopbackUrl(result?.url);
      await chrome.tabs.create({ url });
      return { url };
    },
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
 * A `chrome.runtime.onMessage` listener dispatching to {@link createHandlers}.
 * @param {import("./native-port.js").NativePort} native
 */
export function createMessageListener(native) {
  const handlers = createHandlers(native);
  return (message, sender, sendResponse) => {
    const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : null;
    if (!handler || !fromExtensionPage(sender)) return false;
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (result) => sendResponse({ ok: true, result }),
        (error) => sendResponse({ ok: false, error: MetanetError.from(error).toJSON() }),
      );
    return true; // the reply is sent asynchronously
  };
}
