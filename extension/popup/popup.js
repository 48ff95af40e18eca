/**
 * The popup: what Metanet knows about the person on the current tab (answers.js, view.js),
 * and what the user can do about it — add or update, "I know this person offline as …",
 * "Same person as …" — plus every state in which it cannot answer (no companion, wrong
 * version, page not supported, capture failed). It follows the tab: a single-page app that
 * moves to another profile while the popup is open gets a fresh lookup.
 *
 * A known profile is answered from the `lookup` alone (the address names the account). A
 * profile not yet added and a list page are read by the companion first (`preview`, nothing
 * stored), so the popup says whose profile it is, or "Add these 10 contacts of yours"; the
 * capture after that reads the page once more only in the browser (the companion reuses
 * its parse of the same page).
 *
 * Speed: the status and the lookup are asked at once (requests.js); a known person is
 * shown at the lookup's reply, and open suggestions about them and the circles to add them
 * to join the view when they are answered.
 *
 * Timings: each answer's arrival is marked (`performance.mark`, and `data-timing` on the
 * shown state: the service worker's breakdown of serialising, messaging and the companion)
 * for bench/popup_bench.py.
 *
 * Which tab (requests.js): normally the active tab of the last focused window (the one whose
 * toolbar button was clicked). `popup.html?tab=<id>` overrides it, so the popup can also be
 * opened as an ordinary tab — by the browser tests, or by a user who wants it larger —
 * and still point at the page's tab.
 */

import { HostCode, LocalCode, MetanetError } from "../common/errors.js";
import { PageEvent, Request } from "../common/messages.js";
import { errorText } from "./error-text.js";
import { localizePage, t } from "./i18n.js";
import { addCircleChoices } from "./circles.js";
import { ask, lastTiming, send } from "./requests.js";
import {
  LIST_KINDS, addSuggestions, captureFailedView, forbiddenView, hostErrorView, listSavedView, listView,
  loadingView, markBusy, notInstalledView, notSupportedView, pageSavedView, pageTooLargeView, personView,
  reloadView, unknownView, versionView,
} from "./view.js";

const main = document.getElementById("content");
const footerStatus = document.getElementById("footer-status");

function show(view) {
  main.replaceChildren(view);
  view.dataset.timing = JSON.stringify(lastTiming);
  performance.mark(`metanet:${view.dataset.state}`);
  return view;
}

/**
 * The state for a failure, chosen by its code.
 * @param {unknown} failure
 * @param {number|null} tabId
 */
function showError(failure, tabId) {
  const error = MetanetError.from(failure);
  switch (error.code) {
    case LocalCode.HOST_NOT_INSTALLED:
      return show(notInstalledView());
    case LocalCode.HOST_FORBIDDEN:
    case HostCode.FORBIDDEN_ORIGIN:
      return show(forbiddenView());
    case LocalCode.PAGE_NOT_SUPPORTED:
    case HostCode.UNSUPPORTED_PAGE:
      return show(notSupportedView());
    case LocalCode.HOST_TOO_OLD:
      return show(versionView("too-old", error.details));
    case LocalCode.HOST_TOO_NEW:
      return show(versionView("too-new", error.details));
    case LocalCode.PAGE_NEEDS_RELOAD:
      return show(reloadView(() => reloadTab(tabId)));
    case LocalCode.PAGE_TOO_LARGE:
      return show(pageTooLargeView(error.details));
    default:
      return show(hostErrorView(error, () => start()));
  }
}

async function reloadTab(tabId) {
  await chrome.tabs.reload(tabId);
  if (await isToolbarPopup()) window.close();
}

/** A toolbar popup is not a tab; the same page opened as a tab (tests) is. */
async function isToolbarPopup() {
  return (await chrome.tabs.getCurrent()) === undefined;
}

/**
 * Look the page up and show what the companion knows.
 * @param {number} tabId
 * @param {string|null} [notice] shown above a known person (after a capture)
 * @param {string|null} [partly] the capture's `partly_read`, shown with the notice
 * @param {import("./requests.js").Asked|null} [asked] the lookup already asked
 */
async function showLookup(tabId, notice = null, partly = null, asked = null) {
  const result = await (asked?.lookup ?? send(Request.LOOKUP, { tabId }));
  shownUrl = result.url;
  if (!result.supported) return show(notSupportedView());
  if (LIST_KINDS.includes(result.page_kind)) return showList(tabId);
  if (!result.known || !result.person) return showUnknown(tabId);
  if (result.person.is_me) return show(knownView(tabId, result, notice, partly));
  // The person at once; who they might also be, and the circles to add them to, join the
  // view when the companion answers.
  const more = Promise.all([samePersonCandidates(result), circlesToChoose()]);
  const view = show(knownView(tabId, result, notice, partly));
  const [suggestions, circles] = await more;
  // Not into a view the user has left, or one whose capture runs ("Update" clicked).
  if (main.firstElementChild !== view || view.hasAttribute("aria-busy")) return view;
  addSuggestions(view, suggestions, (suggestion, decision, buttons) =>
    samePerson(tabId, result, suggestion, decision, buttons));
  addCircleChoices(view, circles);
  return view;
}

/** A stored person with everything the lookup answered, and the buttons that act on it. */
function knownView(tabId, result, notice, partly) {
  return personView(result.person, {
    lookup: result,
    notice,
    partly,
    onUpdate: () => capture(tabId, true),
    onRelate: (label, status) => relate(tabId, result.url, label, status),
    onAllShared: () => openSummary(result.person.id),
    onIntroduce: (to, status) => introduce(result.url, result.person.name, to, status),
    onAddToCircle: (choice, status) => addToCircle(tabId, result, choice, status),
  });
}

/**
 * A profile not added yet: the button at once, then whose profile it is as the page says
 * (`preview`). A companion without `preview` (or a page it cannot read) keeps the button.
 * @param {number} tabId
 */
async function showUnknown(tabId) {
  const view = show(unknownView(() => capture(tabId, false)));
  let preview;
  try {
    preview = await send(Request.PREVIEW, { tabId });
  } catch {
    return view;
  }
  // The user moved on meanwhile (clicked "Add": a capture runs), or the tab did.
  if (main.firstElementChild !== view || view.hasAttribute("aria-busy")) return view;
  if (LIST_KINDS.includes(preview?.kind)) return show(listView(preview, () => capture(tabId, false)));
  return show(unknownView(() => capture(tabId, false), preview));
}

/**
 * A page that lists people: read it (`preview`), then offer "Add these N contacts of X".
 * @param {number} tabId
 */
async function showList(tabId) {
  const preview = await send(Request.PREVIEW, { tabId });
  if (preview?.outcome === "unsupported") return show(notSupportedView());
  if (!LIST_KINDS.includes(preview?.kind)) return showUnknown(tabId);
  return show(listView(preview, () => capture(tabId, false)));
}

/**
 * Send the live page to the companion, then show what was stored: the person, or what a
 * list saved. A stored page is never a failure; a page that could not be read says why.
 * @param {number} tabId
 * @param {boolean} known whether this is an update of a stored person
 */
async function capture(tabId, known) {
  performance.mark("metanet:click");
  markBusy(main.firstElementChild, t(known ? "updateBusy" : "addBusy"));
  let result;
  try {
    result = await send(Request.CAPTURE, { tabId });
  } catch (failure) {
    return showError(failure, tabId);
  }
  if (result.outcome === "unsupported") return show(notSupportedView());
  if (result.outcome !== "stored") {
    return show(captureFailedView(result.error, () => capture(tabId, known)));
  }
  if (LIST_KINDS.includes(result.kind)) return show(listSavedView(result, () => capture(tabId, true)));
  if (!result.person) return show(pageSavedView(result));
  const notice = t("storedStatus");
  show(personView(result.person, { notice, partly: result.partly_read, onUpdate: () => capture(tabId, true) }));
  // The capture reply has the person; the lookup adds the shared connections and paths.
  try {
    await showLookup(tabId, notice, result.partly_read);
  } catch {
    // Keep showing the stored person: the capture itself succeeded.
  }
}

/**
 * "I know this person offline as …": the `relate` action, then the refreshed answers.
 * @param {number} tabId
 * @param {string} url the profile's URL, as looked up
 * @param {string} label e.g. "neighbour"
 * @param {HTMLElement} status where the outcome is told
 */
async function relate(tabId, url, label, status) {
  status.textContent = t("relateBusy");
  try {
    await send(Request.HOST, { action: "relate", params: { url, label } });
  } catch (failure) {
    status.textContent = t("relateFailed", [errorText(failure)]);
    return;
  }
  await showLookup(tabId, t("relateDone", [label])).catch((failure) => showError(failure, tabId));
}

/**
 * The user's circles for "add to circle" (`circles` action); none when the companion has
 * no such action or fails.
 * @returns {Promise<Array<{id: number, name: string}>>}
 */
async function circlesToChoose() {
  try {
    const reply = await send(Request.HOST, { action: "circles", params: {} });
    return Array.isArray(reply?.circles) ? reply.circles : [];
  } catch {
    return [];
  }
}

/**
 * "Add to circle": the person in the tab joins a circle (`circles`, op add), then the
 * refreshed answers.
 * @param {number} tabId
 * @param {object} lookup
 * @param {{circle_id?: number, new_circle?: string}} choice
 * @param {HTMLElement} status where the outcome is told
 */
async function addToCircle(tabId, lookup, choice, status) {
  status.textContent = t("addToCircleBusy");
  let joined;
  try {
    joined = await send(Request.HOST, {
      action: "circles",
      params: { op: "add", url: lookup.url, name: lookup.person?.name ?? null, ...choice },
    });
  } catch (failure) {
    status.textContent = t("addToCircleFailed", [MetanetError.from(failure).message]);
    return;
  }
  const notice = t("addToCircleDone", [String(joined?.circle?.name ?? "")]);
  await showLookup(tabId, notice).catch((failure) => showError(failure, tabId));
}

/**
 * "Introduce to …": the `introduce` action (an offered introduction of this person).
 * @param {string} url the profile's URL, as looked up
 * @param {string|null} name the person's name, for a profile never captured
 * @param {string} to a partner's or a person's name
 * @param {HTMLElement} status where the outcome is told
 */
async function introduce(url, name, to, status) {
  status.textContent = t("introduceBusy");
  try {
    await send(Request.HOST, { action: "introduce", params: { url, to, ...(name ? { name } : {}) } });
  } catch (failure) {
    status.textContent = t("introduceFailed", [errorText(failure)]);
    return;
  }
  status.textContent = t("introduceDone", [to]);
}

/**
 * Open merge suggestions about the looked-up profile (`suggestions` action): who this
 * person might also be. A companion without the action (or any failure) just means no
 * suggestions are shown.
 * @param {object} lookup
 * @returns {Promise<Array<{id: number, name: string, network: string, reasons: Array<object>|string, person_id: number}>>}
 */
async function samePersonCandidates(lookup) {
  let reply;
  try {
    reply = await send(Request.HOST, { action: "suggestions", params: { url: lookup.url } });
  } catch {
    return [];
  }
  const list = Array.isArray(reply?.suggestions) ? reply.suggestions : [];
  return list
    .filter((entry) => entry?.other && Number.isInteger(entry.other.person_id))
    .map((entry) => ({
      id: entry.id,
      name: String(entry.other.name ?? ""),
      network: String(entry.other.network ?? ""),
      // reason codes (an older companion sent one sentence as `reason`)
      reasons: Array.isArray(entry.reasons) ? entry.reasons : String(entry.reason ?? ""),
      person_id: entry.other.person_id,
    }));
}

/**
 * "Same person as …": the user's answer to one suggestion (`same_person`), then the
 * refreshed answers (a confirmed merge brings the other person's accounts and ties).
 * @param {number} tabId
 * @param {object} lookup
 * @param {object} suggestion one of {@link samePersonCandidates}
 * @param {"confirm"|"reject"} decision
 * @param {HTMLButtonElement[]} buttons disabled while the answer is sent
 */
async function samePerson(tabId, lookup, suggestion, decision, buttons) {
  for (const button of buttons) button.disabled = true;
  try {
    await send(Request.HOST, {
      action: "same_person",
      params: { url: lookup.url, other_person_id: suggestion.person_id, decision },
    });
  } catch (failure) {
    for (const button of buttons) button.disabled = false;
    footerStatus.textContent = t("samePersonFailed", [errorText(failure)]);
    return;
  }
  const notice = t(decision === "confirm" ? "samePersonDone" : "differentPersonDone");
  await showLookup(tabId, notice).catch((failure) => showError(failure, tabId));
}

/** @param {number|null} [personId] open that person's shared connections */
async function openSummary(personId = null) {
  footerStatus.textContent = "";
  try {
    await send(Request.OPEN_SUMMARY, Number.isInteger(personId) ? { personId } : {});
    if (await isToolbarPopup()) window.close();
  } catch (failure) {
    footerStatus.textContent = t("summaryFailed", [errorText(failure)]);
  }
}

/**
 * Ask and show the answer: the companion's absence or version first, then what it knows
 * about the tab's page.
 */
async function start() {
  performance.mark("metanet:start");
  const asked = ask();
  show(loadingView());
  shownUrl = null;
  const tabId = await asked.tabId;
  currentTab = tabId;
  try {
    // Nothing of the lookup is shown before the companion is known to speak our protocol.
    await asked.status;
    if (tabId === null) return show(notSupportedView());
    await showLookup(tabId, null, null, asked);
  } catch (failure) {
    showError(failure, tabId);
  }
}

/**
 * Keep showing the tab's current page: a single-page app that moved on (the content script
 * reports it once the new view has settled) gets a fresh lookup, unless the user is in
 * the middle of something (a capture, a typed relation).
 */
function followNavigations() {
  chrome.runtime.onMessage.addListener((message, sender) => {
    if (message?.type !== PageEvent.SETTLED || !message.navigated) return false;
    // Only an answer about a page can go stale (not "companion not installed" and the like).
    if (shownUrl === null || message.url === shownUrl) return false;
    if (sender.tab?.id !== currentTab || sender.frameId !== 0) return false;
    const typing = document.activeElement?.tagName === "INPUT" && document.activeElement.value !== "";
    const busy = main.querySelector("[aria-busy]") || typing;
    if (!busy) start();
    return false;
  });
}

let currentTab = null;
/** The URL the popup's answer is about; a page reporting the same URL needs no new lookup. */
let shownUrl = null;

localizePage();
document.getElementById("open-summary").addEventListener("click", () => openSummary());
document.getElementById("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
followNavigations();
start();
