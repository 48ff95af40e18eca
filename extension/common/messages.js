/**
 * Names of the runtime messages between the extension's parts, in one place.
 *
 * The content script cannot import modules (declared content scripts are classic
 * scripts), so content/capture.js repeats the two `Tab*` names: keep them in step.
 */

/** Popup → service worker. Replies are `{ok: true, result}` or `{ok: false, error}`. */
export const Request = Object.freeze({
  STATUS: "metanet:status",
  LOOKUP: "metanet:lookup",
  CAPTURE: "metanet:capture",
  OPEN_SUMMARY: "metanet:open-summary",
});

/** Service worker → content script in the target tab. */
export const TabRequest = Object.freeze({
  /** Cheap: `{url, title}` — for looking up a page without copying it. */
  DESCRIBE: "metanet:tab-describe",
  /** The live DOM: `{url, title, html}`. */
  CAPTURE: "metanet:tab-capture",
});
