/**
 * Content script on supported sites: hands the page, as rendered, to the service worker.
 *
 * It does nothing on its own: it answers only when the user asks the popup to look up or
 * add the page. It sends the live DOM (`outerHTML` after the site's scripts ran), never a
 * re-download of the URL — what the user sees is what gets stored, and nothing is fetched
 * behind the user's back.
 *
 * A classic script (declared content scripts cannot be modules); the message names repeat
 * common/messages.js `TabRequest`.
 */
(() => {
  "use strict";

  const DESCRIBE = "metanet:tab-describe";
  const CAPTURE = "metanet:tab-capture";

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our own extension talks to this listener; pages cannot reach it.
    if (sender.id !== chrome.runtime.id) return false;
    if (message?.type === DESCRIBE) {
      sendResponse({ url: location.href, title: document.title });
    } else if (message?.type === CAPTURE) {
      sendResponse({
        url: location.href,
        title: document.title,
        html: document.documentElement.outerHTML,
      });
    }
    return false;
  });
})();
