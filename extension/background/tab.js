/**
 * Reading a tab through the content script.
 *
 * Declared content scripts run on the networks in the manifest and on Mastodon instances
 * the user added. On any other page the script is injected on demand with
 * `scripting.executeScript`, which works only when the user has just clicked the toolbar
 * button there (`activeTab`): that is how "any other page" reaches the generic parser
 * (JSON-LD, OpenGraph, hCard, rel=me) without Metanet asking for access to every site.
 */

import { LocalCode, MetanetError } from "../common/errors.js";

/**
 * @param {number} tabId
 * @param {string} type one of TabRequest
 */
async function sendToTab(tabId, type) {
  try {
    const reply = await chrome.tabs.sendMessage(tabId, { type }, { frameId: 0 });
    return reply && typeof reply.url === "string" ? reply : null;
  } catch {
    return null;
  }
}

/** Inject the content script; false when we have no access to the tab. */
async function inject(tabId) {
  try {
    await chrome.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ["content/capture.js"] });
    return true;
  } catch {
    return false;
  }
}

/**
 * Ask the content script in the tab's top frame; inject it if we may; explain its absence.
 *
 * No content script and no access means one of two things. Either the site is not one we
 * read (then `tab.url` is hidden from us without the "tabs" permission), or the tab
 * failed to load or was loaded before the extension (Chromium does not inject into open
 * tabs) and could not be injected now: then we see the URL and the cure is a reload.
 * @param {number} tabId
 * @param {string} type one of {@link import("../common/messages.js").TabRequest}
 */
export async function askTab(tabId, type) {
  const reply = (await sendToTab(tabId, type)) ?? ((await inject(tabId)) ? await sendToTab(tabId, type) : null);
  if (reply) return reply;

  let tab;
  try {
    tab = await chrome.tabs.get(tabId);
  } catch {
    tab = undefined;
  }
  if (tab?.url && /^https?:/.test(tab.url)) {
    throw new MetanetError(LocalCode.PAGE_NEEDS_RELOAD,
      "Metanet cannot read this tab yet: it was opened before the extension was loaded.");
  }
  throw new MetanetError(LocalCode.PAGE_NOT_SUPPORTED, "Metanet does not read pages on this site.");
}
