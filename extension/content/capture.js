/**
 * Content script on supported sites: hands the page, as rendered, to the service worker,
 * and says when a single-page app has moved on.
 *
 * It sends the live DOM (`outerHTML` after the site's scripts ran), never a re-download of
 * the URL — what the user sees is what gets stored, and nothing is fetched behind the
 * user's back. It never scrolls, clicks or pages: a list that grows as the *user* scrolls
 * is reported as grown, and a re-capture sends the current DOM (the companion merges).
 *
 * Why polling and a MutationObserver rather than hooking `history.pushState`: content
 * scripts run in an isolated world, so wrapping the page's `history` would need a script in
 * the page's own world (and the page could see and break it). Reading `location.href` every
 * half second is cheap and sees pushState, replaceState and popstate alike. A navigation is
 * reported once the DOM has been quiet for a moment (the new view has rendered), or after
 * at most a few seconds on pages that never stop changing.
 *
 * A classic script (declared content scripts cannot be modules); the message names repeat
 * common/messages.js `TabRequest` and `PageEvent`. It may also be injected on demand
 * (`scripting.executeScript` when the user clicks the toolbar button on another site), so
 * it guards against running twice in one page.
 */
(() => {
  "use strict";

  if (globalThis.metanetContentScript) return;
  globalThis.metanetContentScript = true;

  const DESCRIBE = "metanet:tab-describe";
  const CAPTURE = "metanet:tab-capture";
  const SETTLED = "metanet:page-settled";

  /** How often the URL is compared: history changes are seen within this time. */
  const POLL_MS = 400;
  /** The DOM must be this quiet before a change counts as settled. */
  const QUIET_MS = 700;
  /** A page that keeps changing is taken as settled after this long. */
  const MAX_WAIT_MS = 4000;
  /** So many more elements than at the last report mean more cards were loaded. */
  const GROWTH = 20;

  let reportedUrl = null;
  let reportedSize = 0;
  let timer = null;
  let waitingSince = 0;
  let lastHref = location.href;

  const elementCount = () => document.getElementsByTagName("*").length;

  const observer = new MutationObserver(schedule);
  const poll = setInterval(() => {
    if (location.href !== lastHref) {
      lastHref = location.href;
      schedule();
    }
  }, POLL_MS);

  /** The extension was reloaded or removed: this orphaned script must go quiet. */
  function stop() {
    observer.disconnect();
    clearInterval(poll);
    clearTimeout(timer);
  }

  /** Something changed: (re)start the quiet timer, bounded by {@link MAX_WAIT_MS}. */
  function schedule() {
    const now = Date.now();
    if (timer === null) waitingSince = now;
    clearTimeout(timer);
    timer = setTimeout(settled, Math.min(QUIET_MS, Math.max(0, waitingSince + MAX_WAIT_MS - now)));
  }

  /** Report a new URL, or a list that grew, to the service worker (and an open popup). */
  function settled() {
    timer = null;
    const url = location.href;
    const size = elementCount();
    const navigated = url !== reportedUrl;
    const grew = !navigated && size - reportedSize >= GROWTH;
    if (!navigated && !grew) return;
    reportedUrl = url;
    reportedSize = size;
    try {
      chrome.runtime.sendMessage({ type: SETTLED, url, title: document.title, navigated, grew })
        .catch(() => {}); // no listener awake to take it: nothing to do
    } catch {
      stop();
    }
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our own extension talks to this listener; pages cannot reach it.
    if (sender.id !== chrome.runtime.id) return false;
    if (message?.type === DESCRIBE) {
      sendResponse({ url: location.href, title: document.title });
    } else if (message?.type === CAPTURE) {
      const started = performance.now();
      const html = document.documentElement.outerHTML;
      sendResponse({
        url: location.href,
        title: document.title,
        html,
        serialiseMs: performance.now() - started,
      });
    }
    return false;
  });

  observer.observe(document.documentElement, { childList: true, subtree: true });
  schedule(); // the page as loaded counts as the first navigation
})();
