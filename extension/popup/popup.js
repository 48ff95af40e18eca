/**
 * The popup: what Metanet knows about the person on the current tab, and the button to
 * add (or update) them.
 *
 * Which tab: normally the active tab of the last focused window (the one whose toolbar
 * button was clicked). `popup.html?tab=<id>` overrides it, so the popup can also be
 * opened as an ordinary tab — by the browser tests, or by a user who wants it larger —
 * and still point at the page's tab.
 */

import { HostCode, LocalCode, MetanetError } from "../common/errors.js";
import { Request } from "../common/messages.js";
import { localizePage, t } from "./i18n.js";
import {
  captureFailedView, forbiddenView, hostErrorView, loadingView, markBusy, notInstalledView,
  notSupportedView, personView, reloadView, unknownView,
} from "./view.js";

const main = document.getElementById("content");
const footerStatus = document.getElementById("footer-status");

/** @returns {Promise<number|null>} */
async function targetTabId() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id ?? null;
}

/**
 * Ask the service worker; its reply envelope becomes a result or a thrown MetanetError.
 * @param {string} type one of {@link Request}
 * @param {object} [params]
 */
async function send(type, params = {}) {
  const reply = await chrome.runtime.sendMessage({ type, ...params });
  if (!reply) throw new MetanetError(HostCode.INTERNAL, "The extension's background did not answer.");
  if (!reply.ok) throw MetanetError.from(reply.error);
  return reply.result;
}

function show(view) {
  main.replaceChildren(view);
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
    case LocalCode.PAGE_NEEDS_RELOAD:
      return show(reloadView(() => reloadTab(tabId)));
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
 */
async function showLookup(tabId, notice = null) {
  const result = await send(Request.LOOKUP, { tabId });
  if (!result.supported) return show(notSupportedView());
  if (!result.known || !result.person) return show(unknownView(() => capture(tabId, false)));
  return show(personView(result.person, {
    shared: result.shared ?? [],
    notice,
    onUpdate: () => capture(tabId, true),
  }));
}

/**
 * Send the live page to the companion, then show the stored person.
 * @param {number} tabId
 * @param {boolean} known whether this is an update of a stored person
 */
async function capture(tabId, known) {
  markBusy(main.firstElementChild, t(known ? "updateBusy" : "addBusy"));
  let result;
  try {
    result = await send(Request.CAPTURE, { tabId });
  } catch (failure) {
    return showError(failure, tabId);
  }
  if (result.outcome === "unsupported") return show(notSupportedView());
  if (result.outcome !== "stored" || !result.person) {
    return show(captureFailedView(result.error, () => capture(tabId, known)));
  }
  const notice = t("storedStatus");
  show(personView(result.person, { notice, onUpdate: () => capture(tabId, true) }));
  // The capture reply has the person; the lookup adds the shared connections.
  try {
    await showLookup(tabId, notice);
  } catch {
    // Keep showing the stored person: the capture itself succeeded.
  }
}

async function openSummary() {
  footerStatus.textContent = "";
  try {
    await send(Request.OPEN_SUMMARY);
    if (await isToolbarPopup()) window.close();
  } catch (failure) {
    footerStatus.textContent = t("summaryFailed", [MetanetError.from(failure).message]);
  }
}

async function start() {
  show(loadingView());
  const tabId = await targetTabId();
  try {
    // The companion's absence matters on every page, so check it first.
    await send(Request.STATUS);
    if (tabId === null) return show(notSupportedView());
    await showLookup(tabId);
  } catch (failure) {
    showError(failure, tabId);
  }
}

localizePage();
document.getElementById("open-summary").addEventListener("click", openSummary);
start();
