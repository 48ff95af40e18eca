/**
 * The popup's states, one builder each. Builders only make DOM; popup.js decides which
 * state to show and passes the callbacks for buttons.
 *
 * Each state's root carries `data-state` so tests and styles can tell them apart without
 * depending on wording.
 */

import { h, safeHttpUrl } from "./dom.js";
import { networkLabel, t } from "./i18n.js";
import {
  introduceForm, pathsSection, relateForm, requestMatchesSection, suggestionsSection, tieStrength,
} from "./answers.js";
import { addToCircleForm, circlesSection } from "./circles.js";
import { placeList } from "./reasons.js";

/** Shared connections beyond this are summarised ("and 40 more"); the summary page lists all. */
const SHARED_SHOWN = 50;

function section(state, ...children) {
  return h("section", { class: `state state-${state}`, dataset: { state } }, ...children);
}

/** A command the user has to type, shown so it can be copied exactly. */
function command(text) {
  return h("pre", { class: "command" }, h("code", {}, text));
}

function button(label, onclick, { primary = false } = {}) {
  return h("button", { type: "button", class: primary ? "primary" : null, onclick }, label);
}

export function loadingView() {
  return section("loading", h("p", { class: "muted" }, t("loading")));
}

export function notInstalledView() {
  return section("not-installed",
    h("h2", {}, t("notInstalledTitle")),
    h("p", {}, t("notInstalledBody")),
    command("metanet install"),
    h("p", {}, t("notInstalledAfter")));
}

export function forbiddenView() {
  return section("forbidden",
    h("h2", {}, t("forbiddenTitle")),
    h("p", {}, t("forbiddenBody")),
    command("metanet install"));
}

/**
 * The companion speaks another protocol version than this extension.
 * @param {"too-old"|"too-new"} direction which side must be updated
 * @param {{version?: string, protocol?: number, expected?: number}|null} details from the handshake
 */
export function versionView(direction, details) {
  const detail = t("versionDetail", [details?.version ?? "?", details?.protocol ?? "?", details?.expected ?? "?"]);
  const old = direction === "too-old";
  return section(direction,
    h("h2", {}, t(old ? "tooOldTitle" : "tooNewTitle")),
    h("p", {}, t(old ? "tooOldBody" : "tooNewBody")),
    old ? command("pipx install --force .\nmetanet install") : null,
    h("p", { class: "muted" }, detail));
}

export function notSupportedView() {
  return section("not-supported",
    h("h2", {}, t("notSupportedTitle")),
    h("p", {}, t("notSupportedBody")));
}

/** @param {() => void} onReload */
export function reloadView(onReload) {
  return section("reload",
    h("h2", {}, t("reloadTitle")),
    h("p", {}, t("reloadBody")),
    h("div", { class: "actions" }, button(t("reloadButton"), onReload, { primary: true })));
}

/**
 * The companion failed or answered with an error.
 * @param {{code: string, message: string}} error
 * @param {() => void} onRetry
 */
export function hostErrorView(error, onRetry) {
  return section("host-error",
    h("h2", {}, t("hostErrorTitle")),
    h("p", { class: "error-message" }, error.message),
    h("p", { class: "muted" }, t("errorCode", [error.code])),
    h("p", {}, t("hostErrorHint")),
    command("metanet doctor"),
    h("div", { class: "actions" }, button(t("retry"), onRetry)));
}

/**
 * The companion received the page but its parser could not read it.
 * @param {string | null} reason the capture result's `error`
 * @param {() => void} onRetry
 */
export function captureFailedView(reason, onRetry) {
  return section("capture-failed",
    h("h2", {}, t("captureFailedTitle")),
    h("p", {}, t("captureFailedBody")),
    h("p", { class: "error-message" }, reason || t("captureFailedUnknown")),
    h("div", { class: "actions" }, button(t("retry"), onRetry)));
}

/** @param {() => void} onAdd */
export function unknownView(onAdd) {
  return section("unknown",
    h("h2", {}, t("unknownTitle")),
    h("p", {}, t("unknownBody")),
    h("div", { class: "actions" },
      button(t("addButton"), onAdd, { primary: true })));
}

/**
 * @param {object} account
 * @param {string} personName shown once above; repeated only where an account differs
 */
function accountItem(account, personName) {
  const details = [account.headline, [account.company, account.location].filter(Boolean).join(" · ")]
    .filter(Boolean);
  const link = safeHttpUrl(account.profile_url);
  return h("li", { class: "account", dataset: { network: String(account.network ?? "") } },
    h("span", { class: "network" }, networkLabel(account.network)),
    account.name && account.name !== personName
      ? h("span", { class: "account-name" }, account.name)
      : null,
    details.map((line) => h("span", { class: "detail" }, line)),
    link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, t("openProfile")) : null);
}

/**
 * @param {Array} shared lookup `shared` (at most 200 entries)
 * @param {number} [total] lookup `shared_total`: the full count
 */
function sharedList(shared, total) {
  const items = Array.isArray(shared) ? shared : [];
  const count = Number.isInteger(total) && total > items.length ? total : items.length;
  const shown = items.slice(0, SHARED_SHOWN);
  return [
    h("h3", {}, t("sharedHeading", [count])),
    items.length === 0
      ? h("p", { class: "muted" }, t("sharedNone"))
      : h("ul", { class: "shared" }, shown.map((entry) => h("li", {},
        h("span", { class: "shared-name" }, entry.name ?? ""),
        h("span", { class: "detail" },
          t("sharedVia", [placeList(entry.you), placeList(entry.them)]))))),
    count > shown.length ? h("p", { class: "muted" }, t("sharedMore", [count - shown.length])) : null,
  ];
}

/**
 * A stored person: name, accounts per network, the user's tie, shared connections,
 * introduction paths, matching search requests, merge suggestions, and what the user can do.
 * @param {object} person lookup/capture `person`
 * @param {object} options
 * @param {object|null} [options.lookup] the whole lookup result; null right after a capture
 * @param {string|null} [options.notice] e.g. "Saved to your meta-network."
 * @param {() => void} options.onUpdate capture again
 * @param {(label: string, status: HTMLElement) => void} [options.onRelate]
 * @param {Array} [options.suggestions] "same person as …" candidates (popup.js)
 * @param {(suggestion: object, decision: string, buttons: HTMLButtonElement[]) => void} [options.onSamePerson]
 * @param {Array} [options.circleChoices] the user's circles, for "add to circle" (popup.js)
 * @param {(choice: object, status: HTMLElement) => void} [options.onAddToCircle]
 * @param {(to: string, status: HTMLElement) => void} [options.onIntroduce] "Introduce to …"
 */
export function personView(person, {
  lookup = null, notice = null, suggestions = [], onUpdate, onRelate, onSamePerson,
  circleChoices = [], onAddToCircle, onIntroduce,
}) {
  const accounts = Array.isArray(person.accounts) ? person.accounts : [];
  return section("known",
    h("p", { class: notice ? "notice" : "muted" }, notice ?? t("knownStatus")),
    h("h2", { class: "person-name" },
      person.name ?? "",
      person.is_me ? h("span", { class: "badge" }, t("meBadge")) : null),
    lookup ? tieStrength(lookup) : null,
    lookup ? requestMatchesSection(lookup.request_matches) : null,
    lookup ? circlesSection(lookup.circles) : null,
    h("h3", {}, t("accountsHeading")),
    h("ul", { class: "accounts" }, accounts.map((account) => accountItem(account, person.name))),
    lookup ? sharedList(lookup.shared ?? [], lookup.shared_total) : null,
    lookup && !person.is_me ? pathsSection(lookup.paths, lookup.paths_reason) : null,
    onSamePerson ? suggestionsSection(suggestions, onSamePerson) : null,
    h("div", { class: "actions" }, button(t("updateButton"), onUpdate, { primary: true })),
    lookup && onRelate && !person.is_me ? relateForm(onRelate) : null,
    lookup && onAddToCircle && !person.is_me ? addToCircleForm(circleChoices, onAddToCircle) : null,
    lookup && onIntroduce && !person.is_me ? introduceForm(onIntroduce) : null);
}

/**
 * Put an action button into its busy state while a capture runs.
 * @param {HTMLElement} root the current state's section
 * @param {string} label e.g. "Adding…"
 */
export function markBusy(root, label) {
  for (const element of root.querySelectorAll("button")) element.disabled = true;
  const primary = root.querySelector("button.primary");
  if (primary) primary.textContent = label;
  root.setAttribute("aria-busy", "true");
}
