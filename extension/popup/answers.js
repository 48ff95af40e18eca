/**
 * The answers about a known person, one builder each: introduction paths, saved search
 * requests the person matches, the user's own tie strength, merge suggestions, and the
 * "I know this person offline as …" form.
 *
 * The companion's answers grow as the graph code grows, so each builder accepts what the
 * protocol documents and leaves a section out when the lookup did not include it (an older
 * companion), instead of showing an empty heading. Every name and label comes from
 * captured pages: text nodes only (dom.js).
 */

import { circleHopDetail } from "./circles.js";
import { h } from "./dom.js";
import { networkList, t } from "./i18n.js";
import { placeList, reasonsText } from "./reasons.js";

/** Paths beyond this are left to the summary page. */
const PATHS_SHOWN = 3;

/** A hop's "where they know each other from": networks and offline relations. */
function via(hop) {
  if (Array.isArray(hop?.via)) return placeList(hop.via);
  if (typeof hop?.via === "string") return hop.via;
  if (typeof hop?.relation === "string") return hop.relation;
  if (typeof hop?.network === "string") return networkList([hop.network]);
  return "";
}

/**
 * The hops of one path after the user: `lookup.paths[].hops` starts with the user's own
 * node (empty `via`), which the popup shows as "You".
 */
function hopsOf(path) {
  const hops = Array.isArray(path?.hops) ? path.hops : [];
  return hops.length > 0 && Array.isArray(hops[0]?.via) && hops[0].via.length === 0 ? hops.slice(1) : hops;
}

/** A 0–1 score as a whole percentage, or null. */
function percent(value) {
  return Number.isFinite(value) ? Math.round(Math.min(1, Math.max(0, value)) * 100) : null;
}

/** Why there is no path (lookup `paths_reason`), in words. */
const NO_PATH = { no_me: "pathsNoMe", unreachable: "pathsNone" };

/**
 * "You → Anna (Facebook) → Bernd (neighbour) → Katharina (golf partner)".
 * @param {Array|undefined} paths lookup `paths`
 * @param {string|null} [reason] lookup `paths_reason` when there are none
 */
export function pathsSection(paths, reason = null) {
  if (!Array.isArray(paths)) return null;
  const shown = paths.slice(0, PATHS_SHOWN);
  return [
    h("h3", {}, t("pathsHeading")),
    shown.length === 0
      ? h("p", { class: "muted" }, t(NO_PATH[reason] ?? "pathsNone"))
      : h("ol", { class: "paths" }, shown.map((path) => withTitle(h("li", { class: "path" },
        h("span", { class: "hop" }, t("pathYou")),
        hopsOf(path).map((hop) => [
          h("span", { class: "arrow", "aria-hidden": "true" }, " → "),
          h("span", { class: "hop" }, String(hop?.name ?? "?"),
            via(hop) ? h("span", { class: "detail" }, ` (${via(hop)})`) : null,
            circleHopDetail(hop)),
        ]),
        percent(path?.score) === null
          ? null
          : h("span", { class: "detail strength", title: t("pathStrength", [percent(path.score)]) },
            t(pathWords(path.score))))))),
  ];
}

/**
 * A path's score (the product of its ties' strengths) in words, strongest first: the same
 * bands as the summary page (metanet.i18n.texts.PATH_STRENGTHS; tests/test_i18n_catalogs.py
 * holds the two together).
 */
export const PATH_WORDS = [
  [0.4, "pathStrong"],
  [0.15, "pathFair"],
  [0, "pathLongShot"],
];

/** "a fair way in" for 0.22. */
function pathWords(score) {
  return band(PATH_WORDS, score);
}

/** The message name of the first band (strongest first) whose floor `value` reaches. */
function band(bands, value) {
  return (bands.find(([floor]) => value >= floor) ?? bands.at(-1))[1];
}

/**
 * A one-line entry keeps its whole text as its tooltip (the line may be cut with "…").
 * @param {HTMLElement} element
 */
export function withTitle(element) {
  element.title = element.textContent ?? "";
  return element;
}

/**
 * Saved search requests ("Suchaufträge") this person matches.
 * @param {Array|undefined} matches lookup `request_matches`
 */
export function requestMatchesSection(matches) {
  if (!Array.isArray(matches) || matches.length === 0) return null;
  return h("ul", { class: "request-matches" }, matches.map((match) => withTitle(h("li", {},
    h("span", { class: "detail" }, `${t("requestMatchesHeading")}: `),
    h("span", { class: "request-query" }, String(match?.query ?? match?.label ?? match?.name ?? "")),
    match?.reason ? h("span", { class: "detail" }, ` (${String(match.reason)})`) : null))));
}

/**
 * A tie's strength (0–1) in words, strongest first: the same bands as the summary page
 * (metanet.i18n.texts.STRENGTHS; tests/test_i18n_catalogs.py holds the two together).
 */
export const STRENGTH_WORDS = [
  [0.75, "strengthVeryWell"],
  [0.5, "strengthWell"],
  [0.35, "strengthSome"],
  [0.15, "strengthLoosely"],
  [0, "strengthBarely"],
];

/** "You know each other well" for 0.6. */
export function strengthWords(value) {
  return t(band(STRENGTH_WORDS, value));
}

/**
 * How strongly the user knows this person directly, when they do: the one-hop path's
 * last hop carries the tie's strength (0–1) and where it comes from. Said in words
 * ("You know each other well"); the percentage is the tooltip.
 * @param {object} lookup
 */
export function tieStrength(lookup) {
  const direct = (Array.isArray(lookup?.paths) ? lookup.paths : []).find((path) => path?.length === 1);
  const hop = direct ? hopsOf(direct).at(-1) : null;
  const value = percent(hop?.strength);
  if (value === null) return null;
  const line = withTitle(h("p", { class: "tie-strength one-line" },
    t("tieStrength", [strengthWords(hop.strength)]),
    via(hop) ? h("span", { class: "detail" }, ` (${via(hop)})`) : null));
  line.title = `${line.title} · ${t("tieStrengthNumber", [value])}`;
  return line;
}

/**
 * What the user and this person did together ("42 messages, last in March 2026; 3
 * meetings in the last 12 months; recommended you"), from the lookup's reason codes.
 * @param {object} lookup
 */
export function interactionLine(lookup) {
  const said = reasonsText(Array.isArray(lookup?.interaction) ? lookup.interaction : []);
  return said ? h("p", { class: "interaction" }, t("interactionLine", [said])) : null;
}

/**
 * Merge suggestions: "Same person as …?", each answered with one click either way.
 * @param {Array<{name: string, network: string, reasons: Array<object>|string}>} suggestions (popup.js)
 * @param {(suggestion: object, decision: "confirm"|"reject", buttons: HTMLButtonElement[]) => void} onAnswer
 */
export function suggestionsSection(suggestions, onAnswer) {
  if (!Array.isArray(suggestions) || suggestions.length === 0) return null;
  return [
    h("h3", {}, t("suggestionsHeading")),
    h("ul", { class: "suggestions" }, suggestions.map((suggestion) => {
      const same = h("button", { type: "button", class: "small" }, t("samePersonButton"));
      const different = h("button", { type: "button", class: "small" }, t("differentPersonButton"));
      const buttons = [same, different];
      same.addEventListener("click", () => onAnswer(suggestion, "confirm", buttons));
      different.addEventListener("click", () => onAnswer(suggestion, "reject", buttons));
      const reasons = reasonsText(suggestion.reasons);
      return h("li", {},
        h("div", { class: "suggestion-row" },
          h("span", { class: "shared-name" }, suggestion.name,
            suggestion.network ? h("span", { class: "detail" }, ` (${networkList([suggestion.network])})`) : null),
          h("span", { class: "answer" }, buttons)),
        reasons ? h("span", { class: "detail reasons", title: reasons }, reasons) : null);
    })),
  ];
}

/**
 * "I know this person offline as …": a typed relation (neighbour, golf partner, …).
 * @param {(label: string, status: HTMLElement) => void} onRelate
 */
export function relateForm(onRelate) {
  // The usual kinds of offline ties as suggestions; any other text is fine too.
  const choices = h("datalist", { id: "relate-choices" },
    t("relateChoices").split("|").map((choice) => h("option", { value: choice })));
  const input = h("input", {
    type: "text", class: "field", name: "label", maxlength: "80", required: true, list: "relate-choices",
    placeholder: t("relatePlaceholder"), "aria-label": t("relateLabel"),
  });
  return textForm("relate", h("span", {}, t("relateLabel")), input, [choices], t("relateButton"), onRelate);
}

/**
 * "Introduce to …": offer an introduction of this person to a partner or another person
 * (the host's `introduce`; the summary page follows it up).
 * @param {(to: string, status: HTMLElement) => void} onIntroduce
 */
export function introduceForm(onIntroduce) {
  const input = h("input", {
    type: "text", class: "field", name: "to", maxlength: "200", required: true,
    placeholder: t("introducePlaceholder"), "aria-label": t("introduceLabel"),
  });
  return textForm("introduce", t("introduceLabel"), input, [], t("introduceButton"), onIntroduce);
}

/**
 * A form of one text field and a status line (relate, introduce): on submit,
 * `onSubmit(text, status)` with the field's text when it holds more than spaces.
 * @param {string} kind the form's class; the status line's is `<kind>-status`
 * @param {Node|string} caption the label's text, before the field
 * @param {HTMLInputElement} input
 * @param {Node[]} extra what stands between the label and the button
 * @param {string} button the button's text
 * @param {(text: string, status: HTMLElement) => void} onSubmit
 */
function textForm(kind, caption, input, extra, button, onSubmit) {
  const status = h("p", { class: `${kind}-status`, role: "status" });
  const form = h("form", { class: kind },
    h("label", {}, caption, input),
    ...extra,
    h("button", { type: "submit" }, button),
    status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text) onSubmit(text, status);
  });
  return form;
}
