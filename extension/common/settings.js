/**
 * The user's choices (options page) and the last error (diagnostics), in
 * `chrome.storage.local`: shared by the service worker, the popup and the options page.
 *
 * Defaults are privacy-first: auto-capture is off for every site (capture only on click),
 * raw pages are kept because `metanet reparse` needs them to improve old captures.
 */

import { SITE_IDS } from "./sites.js";

/**
 * @typedef {object} Settings
 * @property {Record<string, boolean>} autoCapture per site id; missing means off
 * @property {boolean} keepRaw send `keep_raw` with each capture
 * @property {string[]} mastodonInstances host names the user granted access to
 */

/** @type {Settings} */
export const DEFAULTS = Object.freeze({
  autoCapture: Object.freeze(Object.fromEntries(SITE_IDS.map((id) => [id, false]))),
  keepRaw: true,
  mastodonInstances: Object.freeze([]),
});

/** Storage key of the diagnostics panel's "last error". */
export const LAST_ERROR_KEY = "lastError";

/**
 * Read the settings, filling in defaults (and ignoring anything malformed).
 * @returns {Promise<Settings>}
 */
export async function loadSettings() {
  const stored = await chrome.storage.local.get(["autoCapture", "keepRaw", "mastodonInstances"]);
  const auto = stored.autoCapture && typeof stored.autoCapture === "object" ? stored.autoCapture : {};
  return {
    autoCapture: Object.fromEntries(SITE_IDS.map((id) => [id, auto[id] === true])),
    keepRaw: stored.keepRaw !== false,
    mastodonInstances: Array.isArray(stored.mastodonInstances)
      ? stored.mastodonInstances.filter((host) => typeof host === "string")
      : [],
  };
}

/**
 * Change some settings.
 * @param {Partial<Settings>} changes
 */
export async function saveSettings(changes) {
  await chrome.storage.local.set(changes);
}

/**
 * Remember a failure for the diagnostics panel.
 * @param {{code: string, message: string}} error
 * @param {string} context what was being done, e.g. the request type
 */
export async function recordError(error, context) {
  await chrome.storage.local.set({
    [LAST_ERROR_KEY]: { code: error.code, message: error.message, context, at: new Date().toISOString() },
  });
}

/** @returns {Promise<{code: string, message: string, context: string, at: string}|null>} */
export async function lastError() {
  const stored = await chrome.storage.local.get(LAST_ERROR_KEY);
  return stored[LAST_ERROR_KEY] ?? null;
}
