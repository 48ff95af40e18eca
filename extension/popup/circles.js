/**
 * Circles in the popup: "In circles: …" for a known person, why a path's hop runs through a
 * circle ("both in Golfclub Starnberg, 48 members"), and "Add to circle" (an existing
 * circle, or a new one by name) — the companion's `lookup` `circles`, a hop's `circle`
 * reasons and the `circles` action (docs/PROTOCOL.md).
 *
 * Names come from captured pages and from the user: text nodes only (dom.js).
 */

import { h } from "./dom.js";
import { t } from "./i18n.js";

function language() {
  return t("htmlLang");
}

function members(count) {
  const n = Number(count);
  const form = new Intl.PluralRules(language()).select(n) === "one" ? "one" : "other";
  return t(`circleMembers_${form}`, [new Intl.NumberFormat(language()).format(n)]);
}

/** "2019–2021", "since 2019", or "" when no year is known. */
function years(from, to, current = false) {
  if (from && (current || !to)) return current ? t("circleSince", [String(from)]) : String(from);
  if (from && to) return from === to ? String(from) : `${from}–${to}`;
  return to ? t("circleUntil", [String(to)]) : "";
}

/**
 * One `circle` reason of a hop in words: "both in BNI Chapter Isartal, 35 members", or for
 * a circle inferred from profiles "both worked at KTH, 2020–2021".
 * @param {object} reason
 */
export function circleReason(reason) {
  const name = String(reason?.name ?? "");
  const span = years(reason?.from, reason?.to);
  if (reason?.inferred && reason.kind === "employer") return t("reasonCircleWorked", [name, span]);
  if (reason?.inferred && reason.kind === "school") return t("reasonCircleStudied", [name, span]);
  return t("reasonCircle", [name, members(reason?.members ?? 0)]);
}

/**
 * Why a hop passes through a circle, or null when it does not.
 * @param {object} hop a path's hop (`why` reasons)
 */
export function circleHopDetail(hop) {
  const said = (Array.isArray(hop?.why) ? hop.why : []).filter((r) => r?.code === "circle").map(circleReason);
  return said.length ? h("span", { class: "detail circle-reason" }, ` — ${said.join("; ")}`) : null;
}

/**
 * "In circles: Golfclub Starnberg (48 members), KTH (2020–2021)".
 * @param {Array|undefined} circles lookup `circles`
 */
export function circlesSection(circles) {
  if (!Array.isArray(circles) || circles.length === 0) return null;
  return [
    h("h3", {}, t("circlesHeading")),
    h("ul", { class: "circles" }, circles.map((circle) => h("li", {},
      h("span", { class: "circle-name" }, String(circle?.name ?? "")),
      h("span", { class: "detail" },
        ` (${years(circle?.start_year, circle?.end_year, circle?.current) || members(circle?.members ?? 0)})`)))),
  ];
}

/** @param {{id: number, name: string}} circle */
function circleOption(circle) {
  return h("option", { value: String(circle.id) }, String(circle.name ?? ""));
}

/**
 * The user's circles, answered after the person was shown: added to the view's "add to
 * circle" choice (the form stays hidden until asked for).
 * @param {HTMLElement} view
 * @param {Array<{id: number, name: string}>} choices
 */
export function addCircleChoices(view, choices) {
  const select = view.querySelector("form.add-circle select");
  if (select && Array.isArray(choices)) select.append(...choices.map(circleOption));
}

/**
 * "Add to circle": one of the user's circles, or a new one by name.
 * @param {Array<{id: number, name: string}>} choices the `circles` action's list
 * @param {(choice: {circle_id?: number, new_circle?: string}, status: HTMLElement) => void} onAdd
 */
export function addToCircleForm(choices, onAdd) {
  const list = Array.isArray(choices) ? choices : [];
  const select = h("select", { class: "field", name: "circle", "aria-label": t("addToCircleLabel") },
    h("option", { value: "" }, t("addToCircleNewOption")),
    list.map(circleOption));
  const name = h("input", {
    type: "text", name: "new_circle", maxlength: "200", placeholder: t("addToCirclePlaceholder"),
    "aria-label": t("addToCircleNewLabel"),
  });
  const status = h("p", { class: "circle-status", role: "status" });
  const form = h("form", { class: "add-circle" },
    h("label", {}, h("span", {}, t("addToCircleLabel")), select),
    name,
    h("button", { type: "submit" }, t("addToCircleButton")),
    status);
  select.addEventListener("change", () => { name.hidden = select.value !== ""; });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (select.value) onAdd({ circle_id: Number(select.value) }, status);
    else if (name.value.trim()) onAdd({ new_circle: name.value.trim() }, status);
  });
  return form;
}
