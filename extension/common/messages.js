/**
 * Names of the runtime messages between the extension's parts, in one place.
 *
 * The content script cannot import modules (declared content scripts are classic
 * scripts), so content/capture.js repeats the `Tab*` and `Page*` names: keep them in step.
 */

/** Extension pages (popup, options) → service worker. Replies are `{ok: true, result}` or `{ok: false, error}`. */
export const Request = Object.freeze({
  /** `ping` plus the version handshake. */
  STATUS: "metanet:status",
  LOOKUP: "metanet:lookup",
  /** The page read as a capture would read it, nothing stored (`preview`). */
  PREVIEW: "metanet:preview",
  CAPTURE: "metanet:capture",
  OPEN_SUMMARY: "metanet:open-summary",
  /** One of the companion actions in `HOST_ACTIONS` (messages.js in background/). */
  HOST: "metanet:host",
  /** Register the content script on a Mastodon instance the user just granted. */
  MASTODON_SYNC: "metanet:mastodon-sync",
});

/** Service worker → content script in the target tab. */
export const TabRequest = Object.freeze({
  /** Cheap: `{url, title}` — for looking up a page without copying it. */
  DESCRIBE: "metanet:tab-describe",
  /** The live DOM: `{url, title, html, serialiseMs}`. */
  CAPTURE: "metanet:tab-capture",
});

/** Content script → service worker and open popups: the page changed and has settled. */
export const PageEvent = Object.freeze({
  /** `{url, title, navigated: boolean, grew: boolean}` */
  SETTLED: "metanet:page-settled",
});
