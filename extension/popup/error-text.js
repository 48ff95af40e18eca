/**
 * An error in the user's words: what happened and what to do.
 *
 * The browser's reasons ("Specified native messaging host not found.", "Native host has
 * exited.") are English whatever the user's language, and say nothing about the cure; the
 * extension turns them into codes (background/native-port.js), and every code known here
 * has a message `error_<code>` in `_locales/<lang>/messages.json`. A code without one (a
 * companion's `bad_request` with its specific reason, a newer companion's new code) shows
 * the companion's own text.
 */

import { MetanetError } from "../common/errors.js";

/**
 * @param {unknown} failure a MetanetError, its plain-object form, or anything thrown
 * @returns {string}
 */
export function errorText(failure) {
  const error = MetanetError.from(failure);
  const known = /^[a-z_]{1,40}$/.test(error.code) ? chrome.i18n.getMessage(`error_${error.code}`) : "";
  return known || error.message;
}
