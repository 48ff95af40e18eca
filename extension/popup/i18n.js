/**
 * Every string the popup shows comes from `_locales/<lang>/messages.json`.
 *
 * Static text in popup.html is marked with `data-i18n="<message name>"` and filled in
 * here; dynamic text goes through {@link t}. Both end up in `textContent`, never in
 * markup.
 */

/**
 * The translated message, or its name when missing (visible, so a gap is noticed).
 * @param {string} name
 * @param {Array<string|number>} [substitutions] values for `$1`, `$2`, …
 */
export function t(name, substitutions = []) {
  const text = chrome.i18n.getMessage(name, substitutions.map(String));
  return text || name;
}

/** Fill in the static `data-i18n` texts and the document language. */
export function localizePage(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  document.documentElement.lang = t("htmlLang");
}

/**
 * A network's display name ("linkedin" → "LinkedIn"); unknown networks show their key.
 * The key comes from the companion, so it is checked before it becomes a message name.
 * @param {string} network
 */
export function networkLabel(network) {
  const key = String(network);
  const label = /^[a-z0-9_]{1,40}$/.test(key) ? chrome.i18n.getMessage(`network_${key}`) : "";
  return label || key;
}

/** Networks as one readable list: "XING, LinkedIn". */
export function networkList(networks) {
  return (Array.isArray(networks) ? networks : []).map(networkLabel).join(", ");
}
