/**
 * How to reach the person on the tab, in one line: e-mail addresses, phone numbers and
 * websites as links (lookup `contact`, docs/PROTOCOL.md). The companion formats each
 * number for the user's country (`shown`) and gives its `tel:` link in E.164. A companion
 * without `contact` (older), or a person with none of these, gets no line.
 */

import { h, safeHttpUrl } from "./dom.js";
import { t } from "./i18n.js";

/** At most this many of each kind; the summary page lists them all. */
const SHOWN = 2;
const MAILTO = /^mailto:[^\s<>"]+@[^\s<>"]+$/;
const TEL = /^tel:\+?[0-9]{3,20}$/;

function ways(list) {
  return (Array.isArray(list) ? list : []).slice(0, SHOWN).filter((way) => way && typeof way === "object");
}

/** A link that may only be mailto:, tel: or http(s): anything else is plain text. */
function wayLink(way, pattern) {
  const text = String(way.shown ?? way.value ?? "");
  const href = String(way.href ?? "");
  if (pattern) return pattern.test(href) ? h("a", { href }, text) : h("span", {}, text);
  const web = safeHttpUrl(href);
  return web ? h("a", { href: web, target: "_blank", rel: "noopener noreferrer" }, text) : h("span", {}, text);
}

/**
 * @param {{emails?: Array, phones?: Array, websites?: Array}|null|undefined} contact
 * @returns {HTMLElement|null}
 */
export function reachLine(contact) {
  if (!contact || typeof contact !== "object") return null;
  const links = [
    ...ways(contact.emails).map((way) => wayLink(way, MAILTO)),
    ...ways(contact.phones).map((way) => wayLink(way, TEL)),
    ...ways(contact.websites).map((way) => wayLink(way, null)),
  ];
  if (links.length === 0) return null;
  const parts = links.flatMap((link, index) => (index === 0 ? [link] : [" · ", link]));
  return h("p", { class: "reach" }, h("span", { class: "reach-label" }, t("reachLabel")), " ", parts);
}
