/**
 * A tiny element builder: text is only ever inserted as text nodes.
 *
 * Names, headlines and URLs come from captured pages and must be treated as hostile, so
 * the popup never assigns `innerHTML`; this helper is how it builds DOM instead.
 */

/**
 * Create an element.
 * @param {string} tag
 * @param {Record<string, unknown>} [props] `class`, `dataset`, `on<event>` handlers, or
 *   plain attributes (`false`/`null` leave an attribute out, `true` sets it empty)
 * @param {...(Node|string|number|null|undefined|false|Array)} children strings become text nodes
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") {
      element.className = String(value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/**
 * A URL from page data that is safe to link to: http(s) only (no `javascript:`,
 * `data:` …), or null.
 * @param {unknown} value
 */
export function safeHttpUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
