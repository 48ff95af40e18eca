/**
 * The companion's reasons and "where known" entries in the popup's words.
 *
 * The host returns codes with parameters (`{code: "shared_contacts", n: 3}`,
 * `{network: "offline", label: "neighbour"}`, see docs/PROTOCOL.md); the words come from
 * `_locales/<lang>/messages.json` like every other text here. Plurals follow the
 * language's rules (Intl.PluralRules picks `_one` or `_other`), numbers its separators.
 * An older companion's plain strings are shown as they are.
 */

import { networkLabel, t } from "./i18n.js";

function language() {
  return t("htmlLang");
}

/** 1234 as the popup's language writes it (1.234 in German). */
export function formatNumber(value) {
  return new Intl.NumberFormat(language()).format(Number(value));
}

/** The message `<name>_one` or `<name>_other` that the language wants for `count`. */
export function plural(name, count, substitutions) {
  const category = new Intl.PluralRules(language()).select(Number(count)) === "one" ? "one" : "other";
  return t(`${name}_${category}`, substitutions);
}

/**
 * An offline relation's label: one Metanet suggests ("neighbour") in the popup's words,
 * anything the user typed as it is.
 * @param {string} label
 */
export function relationLabel(label) {
  const text = String(label ?? "").trim();
  const key = text.toLowerCase().replace(/ /g, "_");
  const known = /^[a-z_]{1,40}$/.test(key) ? chrome.i18n.getMessage(`relation_${key}`) : "";
  return known || text;
}

/**
 * One "where known" entry: "XING", or "offline: Nachbar" for an offline relation.
 * @param {{network?: string, label?: string} | string} place
 */
export function placeLabel(place) {
  if (typeof place === "string") return networkLabel(place);
  if (place?.network === "offline" && place.label) return t("viaOffline", [relationLabel(place.label)]);
  if (place?.network === "circle" && place.label) return t("viaCircle", [String(place.label)]);
  return networkLabel(place?.network ?? "");
}

/** A `via` list as one phrase: "XING, offline: Nachbar". */
export function placeList(places) {
  return (Array.isArray(places) ? places : []).map(placeLabel).join(", ");
}

const SIMILAR = { spelling: "reasonHowSpelling", nickname: "reasonHowNickname", initial: "reasonHowInitial", middle: "reasonHowMiddle" };

/** Each reason code the host sends about a merge suggestion, in words. */
const REASONS = {
  same_name: (r) => t("reason_same_name", [r.name]),
  similar_names: (r) => {
    const names = t("reason_similar_names", [r.a, r.b]);
    return SIMILAR[r.how] ? `${names} (${t(SIMILAR[r.how])})` : names;
  },
  common_name: (r) => plural("reason_common_name", r.n, [formatNumber(r.n)]),
  same_company: (r) => t("reason_same_company", [r.company]),
  different_companies: (r) => t("reason_different_companies", [r.a, r.b]),
  same_city: (r) => t("reason_same_city", [r.city]),
  different_cities: () => t("reason_different_cities"),
  same_role: (r) => t("reason_same_role", [r.role]),
  same_photo: () => t("reason_same_photo"),
  shared_contacts: (r) => plural("reason_shared_contacts", r.n, [formatNumber(r.n)]),
  same_network: (r) => t("reason_same_network", [networkLabel(r.network)]),
  // exact evidence whose names differ (a suggestion, not a merge: issue 24)
  same_profile: (r) => t("reason_same_profile", [networkLabel(r.network), r.handle]),
  same_email: (r) => t("reason_same_email", [r.value]),
  same_phone: (r) => t("reason_same_phone", [r.value]),
  surname_differs: (r) => t("reason_surname_differs", [r.a, r.b]),
  first_name_differs: (r) => t("reason_first_name_differs", [r.a, r.b]),
  landline: () => t("reason_landline"),
  // what the user and the person did together (the lookup's `interaction`)
  messages: (r) => plural("reason_messages", r.n, [formatNumber(r.n), monthText(r.last)]),
  meetings: (r) => (Number(r.year) > 0
    ? plural("reason_meetings_year", r.year, [formatNumber(r.year)])
    : plural("reason_meetings_before", r.n, [formatNumber(r.n)])),
  recommended_you: () => t("reason_recommended_you"),
  recommended: () => t("reason_recommended"),
  endorsed_you: (r) => plural("reason_endorsed_you", r.n, [formatNumber(r.n)]),
  endorsed: (r) => plural("reason_endorsed", r.n, [formatNumber(r.n)]),
};

/** A stored time as its month in the popup's language: "März 2026". */
function monthText(value) {
  const when = new Date(String(value ?? ""));
  if (Number.isNaN(when.getTime())) return "";
  return new Intl.DateTimeFormat(language(), { month: "long", year: "numeric" }).format(when);
}

/**
 * Reasons as one line ("gleicher Name „Jana Example“; beide bei Acme"). Unknown codes
 * are left out; a stored sentence from before codes (`text`) is shown as it was.
 * @param {Array<object> | string | undefined} reasons
 */
export function reasonsText(reasons) {
  if (typeof reasons === "string") return reasons;
  return (Array.isArray(reasons) ? reasons : [])
    .map((r) => (Object.hasOwn(REASONS, r?.code) ? REASONS[r.code](r) : String(r?.text ?? "")))
    .filter(Boolean)
    .join("; ");
}
