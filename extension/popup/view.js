/**
 * The popup's states, one builder each. Builders only make DOM; popup.js decides which
 * state to show and passes the callbacks for buttons.
 *
 * Each state's root carries `data-state` so tests and styles can tell them apart without
 * depending on wording.
 */

import { h, safeHttpUrl } from "./dom.js";
import { errorText } from "./error-text.js";
import { networkLabel, t } from "./i18n.js";
import {
  interactionLine, introduceForm, pathsSection, relateForm, requestMatchesSection, suggestionsSection, tieStrength,
  withTitle,
} from "./answers.js";
import { addToCircleForm, circlesSection } from "./circles.js";
import { formatNumber, placeList, plural } from "./reasons.js";
import { reachLine } from "./reach.js";

/** Shared connections shown in the popup; "All N" opens the person page for the rest. */
const SHARED_SHOWN = 5;
/** Names a page gave without a link, shown before "…". */
const NAMED_SHOWN = 6;
/** Page kinds that list people: the popup offers "Add these N contacts of X". */
export const LIST_KINDS = Object.freeze(["contacts", "followers", "following", "mutual", "search", "org_people"]);

function section(state, ...children) {
  return h("section", { class: `state state-${state}`, dataset: { state } }, ...children);
}

/** A command the user has to type, shown so it can be copied exactly. */
function command(text) {
  return h("pre", { class: "command" }, h("code", {}, text));
}

function button(label, onclick, { primary = false, small = false } = {}) {
  return h("button", { type: "button", class: primary ? "primary" : small ? "small" : null, onclick }, label);
}

/** A person's name; the user before they gave one is "You". */
function personName(person) {
  return person?.name || (person?.is_me ? t("meBadge") : "");
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
    h("p", { class: "error-message" }, errorText(error)),
    h("p", { class: "muted" }, t("errorCode", [error.code])),
    h("p", {}, t("hostErrorHint")),
    command("metanet doctor"),
    h("div", { class: "actions" }, button(t("retry"), onRetry)));
}

/**
 * The page is more than a browser can hand to the companion: nothing was saved.
 * @param {{megabytes?: number}|null} details
 */
export function pageTooLargeView(details) {
  return section("page-too-large",
    h("h2", {}, t("pageTooLargeTitle")),
    h("p", {}, t("pageTooLargeBody", [formatNumber(details?.megabytes ?? 64)])));
}

/**
 * The companion received the page but could not read it: why, in words, and the
 * companion's own detail below.
 * @param {string | null} detail the capture result's `error`
 * @param {() => void} onRetry
 */
export function captureFailedView(detail, onRetry) {
  return section("capture-failed",
    h("h2", {}, t("captureFailedTitle")),
    h("p", {}, t("captureFailedBody")),
    detail ? h("p", { class: "error-message" }, detail) : null,
    h("div", { class: "actions" }, button(t("retry"), onRetry)));
}

/**
 * What a page says about the connections the user shares with someone, one line per
 * network: "LinkedIn shows 291 mutual connections; Metanet knows 2".
 * @param {Array} said lookup/preview `said_shared`
 * @param {number} known how many shared connections Metanet knows
 */
function saidLines(said, known) {
  const entries = Array.isArray(said) ? said : [];
  return entries.map((entry) => {
    const kind = ["contact", "friend", "follows"].includes(entry?.kind) ? entry.kind : "contact";
    const printed = Number.isInteger(entry?.total);
    const count = printed ? entry.total : (Array.isArray(entry?.named) ? entry.named.length : 0);
    const family = `${printed ? "saidShows" : "saidNames"}_${kind}`;
    // the people the page named whom Metanet knows count too (as texts.page_says does):
    // "Followed by" names one-way follows, which the person graph does not count as shared
    const knows = Math.max(known, knownNamed([entry]));
    return h("p", { class: "said-shared" },
      plural(family, count, [networkLabel(entry?.network), formatNumber(count), formatNumber(knows)]));
  });
}

/** The people pages named without Metanet knowing them, in one line. */
function namedOnly(said) {
  const names = (Array.isArray(said) ? said : [])
    .flatMap((entry) => (Array.isArray(entry?.named) ? entry.named : []))
    .filter((named) => named && !Number.isInteger(named.person_id) && named.name)
    .map((named) => String(named.name));
  if (names.length === 0) return null;
  const shown = names.slice(0, NAMED_SHOWN).join(", ") + (names.length > NAMED_SHOWN ? ", …" : "");
  return withTitle(h("p", { class: "named-only detail one-line" }, t("namedOnly", [shown])));
}

/**
 * A profile not in the meta-network yet: whose it is, as the page says (`preview`), and
 * the button that adds it.
 * @param {() => void} onAdd
 * @param {object|null} [preview] the `preview` result, once it arrived
 */
export function unknownView(onAdd, preview = null) {
  const owner = preview?.owner ?? null;
  return section("unknown",
    h("p", { class: "muted" }, t("unknownTitle")),
    owner?.name ? h("h2", { class: "person-name" }, owner.name) : h("h2", {}, t("unknownTitle")),
    owner?.headline ? h("p", { class: "headline detail" }, owner.headline) : null,
    preview ? saidLines(preview.said_shared, knownNamed(preview.said_shared)) : null,
    preview ? namedOnly(preview.said_shared) : null,
    h("p", {}, t("unknownBody")),
    h("div", { class: "actions" },
      button(t("addButton"), onAdd, { primary: true })));
}

/** How many of the people a page named Metanet already knows. */
function knownNamed(said) {
  return (Array.isArray(said) ? said : [])
    .flatMap((entry) => (Array.isArray(entry?.named) ? entry.named : []))
    .filter((named) => Number.isInteger(named?.person_id)).length;
}

/**
 * "10 contacts of yours", "24 followers of Ada", "10 people from this search".
 * @param {string} kind the page kind
 * @param {number} count
 * @param {boolean} yours the user's own list
 * @param {string} whose the list's owner's name
 */
export function peopleText(kind, count, yours, whose) {
  const known = LIST_KINDS.includes(kind) ? kind : "search";
  const own = yours && ["contacts", "followers", "following"].includes(known);
  return plural(`people_${known}${own ? "_yours" : ""}`, count, [formatNumber(count), whose || ""]);
}

/**
 * A page that lists people: "Add these 10 contacts of yours".
 * @param {object} preview the `preview` result
 * @param {() => void} onAdd
 */
export function listView(preview, onAdd) {
  const count = Number.isInteger(preview?.listed) ? preview.listed : 0;
  const whose = preview?.owner?.name || preview?.owner?.key || "";
  const people = peopleText(preview?.kind, count, Boolean(preview?.yours), whose);
  return section("list",
    h("h2", {}, t(`listHeading_${LIST_KINDS.includes(preview?.kind) ? preview.kind : "search"}`)),
    count > 0
      ? h("p", {}, t("listBody"))
      : h("p", { class: "muted" }, t("listEmpty")),
    h("div", { class: "actions" },
      button(plural("listAdd", count, [people]), onAdd, { primary: true })));
}

/**
 * A list page after its capture: "Saved: 10 contacts of yours (10 new)".
 * @param {object} result the `capture` result
 * @param {() => void} onAgain capture again (after scrolling further)
 */
export function listSavedView(result, onAgain) {
  const count = Number.isInteger(result?.listed) ? result.listed : 0;
  const whose = personName(result?.person);
  const people = peopleText(result?.kind, count, Boolean(result?.yours), whose);
  return section("list-saved",
    h("p", { class: "notice" }, t("listSaved", [people, formatNumber(result?.new ?? 0)])),
    partlyRead(result?.partly_read),
    h("p", { class: "muted" }, t("listAgainHint")),
    h("div", { class: "actions" }, button(t("updateButton"), onAgain, { primary: true })));
}

/**
 * A page that was stored but names no one to show (a "profile not found" page).
 * @param {object} result the `capture` result
 */
export function pageSavedView(result) {
  return section("page-saved",
    h("p", { class: "notice" }, t(result?.kind === "not_found" ? "savedNotFound" : "savedPage")),
    partlyRead(result?.partly_read));
}

/** Why a stored page was read only in part, in words; null when it was read whole. */
export function partlyRead(code) {
  if (!code) return null;
  const known = ["unknown_layout", "page_cut"].includes(code) ? code : "unknown_layout";
  return h("p", { class: "partly-read detail" }, t(`partlyRead_${known}`));
}

/**
 * One account as a chip: its network, linking to the profile; its name where it differs
 * from the person's.
 * @param {object} account
 * @param {string} shownName the person's name, shown once above
 */
function accountItem(account, shownName) {
  const link = safeHttpUrl(account.profile_url);
  const label = networkLabel(account.network);
  return h("li", { class: "account", dataset: { network: String(account.network ?? "") } },
    link
      ? h("a", { class: "network", href: link, target: "_blank", rel: "noopener noreferrer",
        title: t("openProfile") }, label)
      : h("span", { class: "network" }, label),
    account.name && account.name !== shownName
      ? h("span", { class: "account-name" }, ` ${account.name}`)
      : null);
}

/** What the person does, as their accounts say (the first headline, or role at company). */
function headlineOf(accounts) {
  for (const account of accounts) {
    const line = account.headline || [account.role, account.company].filter(Boolean).join(" · ");
    if (line) return [line, account.location].filter(Boolean).join(" · ");
  }
  return null;
}

/**
 * Shared connections: what the pages say, the strongest few Metanet knows (each marked
 * when the page itself named them), "All N" for the rest, and whom pages named only.
 * @param {object} lookup
 * @param {(() => void)|null} onAll opens the person page on the summary
 */
function sharedSection(lookup, onAll) {
  const items = Array.isArray(lookup.shared) ? lookup.shared : [];
  const total = Number.isInteger(lookup.shared_total) && lookup.shared_total > items.length
    ? lookup.shared_total : items.length;
  const said = Array.isArray(lookup.said_shared) ? lookup.said_shared : [];
  const named = said.flatMap((entry) => (Array.isArray(entry?.named) ? entry.named : []));
  const onPage = new Set(named.map((entry) => entry?.person_id).filter(Number.isInteger));
  const inGraph = new Set(items.map((entry) => entry?.person_id));
  // named on the page and known, yet not shared in the person graph (one-way follows)
  const namedKnown = [...new Map(named
    .filter((entry) => Number.isInteger(entry?.person_id) && !inGraph.has(entry.person_id)
      && items.length >= total) // a shortened list may hold them further down
    .map((entry) => [entry.person_id, entry])).values()];
  const shown = items.slice(0, SHARED_SHOWN);
  const extra = namedKnown.slice(0, Math.max(0, SHARED_SHOWN - shown.length));
  return [
    h("div", { class: "heading-row" },
      h("h3", {}, t("sharedHeading", [formatNumber(total + namedKnown.length)])),
      total > shown.length && onAll
        ? h("span", { class: "shared-all" }, button(t("sharedAll", [formatNumber(total)]), onAll, { small: true }))
        : null),
    saidLines(said, total),
    items.length === 0 && said.length === 0 ? h("p", { class: "muted" }, t("sharedNone")) : null,
    shown.length + extra.length > 0
      ? h("ul", { class: "shared" }, [
        ...shown.map((entry) => withTitle(h("li", {},
          h("span", { class: "shared-name" }, String(entry.name ?? ""),
            onPage.has(entry.person_id) ? h("span", { class: "on-page" }, t("sharedOnPage")) : null),
          h("span", { class: "detail" },
            t("sharedVia", [placeList(entry.you), placeList(entry.them)]))))),
        ...extra.map((entry) => withTitle(h("li", {},
          h("span", { class: "shared-name" }, String(entry.name ?? ""),
            h("span", { class: "on-page" }, t("sharedOnPage")))))),
      ])
      : null,
    namedOnly(said),
  ];
}

/**
 * A stored person: name, accounts per network, the user's tie, shared connections,
 * introduction paths, matching search requests, merge suggestions, and what the user can do.
 * @param {object} person lookup/capture `person`
 * @param {object} options
 * @param {object|null} [options.lookup] the whole lookup result; null right after a capture
 * @param {string|null} [options.notice] e.g. "Saved to your meta-network."
 * @param {string|null} [options.partly] the capture's `partly_read`
 * @param {() => void} options.onUpdate capture again
 * @param {(label: string, status: HTMLElement) => void} [options.onRelate]
 * @param {() => void} [options.onAllShared] opens the person page on the summary
 * @param {Array} [options.suggestions] "same person as …" candidates (popup.js)
 * @param {(suggestion: object, decision: string, buttons: HTMLButtonElement[]) => void} [options.onSamePerson]
 * @param {Array} [options.circleChoices] the user's circles, for "add to circle" (popup.js)
 * @param {(choice: object, status: HTMLElement) => void} [options.onAddToCircle]
 * @param {(to: string, status: HTMLElement) => void} [options.onIntroduce] "Introduce to …"
 */
export function personView(person, {
  lookup = null, notice = null, partly = null, onUpdate, onRelate, onAllShared = null,
  circleChoices = [], onAddToCircle, onIntroduce,
}) {
  const accounts = Array.isArray(person.accounts) ? person.accounts : [];
  const shownName = personName(person);
  const headline = headlineOf(accounts);
  // "Add to circle" waits behind a small button beside "Update": the popup stays within
  // its 600 px with the shared connections, the paths and the other forms.
  const circleForm = lookup && onAddToCircle && !person.is_me
    ? addToCircleForm(circleChoices, onAddToCircle) : null;
  const openCircle = circleForm ? button(t("addToCircleOpen"), () => {
    circleForm.hidden = false;
    openCircle.hidden = true;
    circleForm.querySelector("select")?.focus();
  }, { small: true }) : null;
  if (circleForm) circleForm.hidden = true;
  return section("known",
    h("div", { class: "status-row" },
      h("h2", { class: "person-name" },
        shownName,
        person.is_me ? h("span", { class: "badge" }, t("meBadge")) : null),
      h("div", { class: "actions" },
        openCircle,
        button(t("updateButton"), onUpdate, { primary: true }))),
    h("p", { class: notice ? "notice" : "muted" }, notice ?? t("knownStatus")),
    partlyRead(partly),
    h("div", { class: "identity-row" },
      h("ul", { class: "accounts" }, accounts.map((account) => accountItem(account, shownName))),
      headline ? withTitle(h("span", { class: "headline detail one-line" }, headline)) : null),
    lookup ? reachLine(lookup.contact) : null,
    lookup ? tieStrength(lookup) : null,
    lookup ? interactionLine(lookup) : null,
    lookup ? requestMatchesSection(lookup.request_matches) : null,
    lookup ? circlesSection(lookup.circles) : null,
    lookup && !person.is_me ? sharedSection(lookup, onAllShared) : null,
    lookup && !person.is_me ? pathsSection(lookup.paths, lookup.paths_reason) : null,
    // here: the suggestions, once they are answered (addSuggestions)
    lookup && onRelate && !person.is_me ? relateForm(onRelate) : null,
    circleForm,
    lookup && onIntroduce && !person.is_me ? introduceForm(onIntroduce) : null);
}

/**
 * Open suggestions about the shown person (who they might also be), asked for once the
 * lookup has answered: they join the person's view after the paths, before the forms, so
 * the person is shown without waiting for them and nothing in the view is drawn again.
 * @param {HTMLElement} view a {@link personView}
 * @param {Array<object>} suggestions
 * @param {(suggestion: object, decision: "confirm"|"reject", buttons: HTMLButtonElement[]) => void} onSamePerson
 */
export function addSuggestions(view, suggestions, onSamePerson) {
  const parts = suggestionsSection(suggestions, onSamePerson);
  if (!parts) return;
  const firstForm = view.querySelector(":scope > form");
  if (firstForm) firstForm.before(...parts);
  else view.append(...parts);
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
