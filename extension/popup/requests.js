/**
 * The popup's requests to the service worker: one `send` for every request, and what the
 * popup asks as it opens (`ask`: the handshake and the tab's lookup, at once).
 *
 * The version handshake comes first all the same: the service worker holds every request
 * but the status back until the companion's protocol is checked (`NativePort.ready`), so
 * a companion of another protocol is asked nothing but its ping, and the popup shows no
 * answer before the status reply says the protocol matches.
 *
 * (Sending these from a module of their own that runs before the view's modules, or from a
 * classic script, did not make the popup answer sooner: on a busy 2-core machine the
 * page's own start slowed by as much, bench/REPORT-popup.md.)
 */

import { HostCode, MetanetError } from "../common/errors.js";
import { Request } from "../common/messages.js";

/** The service worker's breakdown of the latest answer of each kind (for the bench). */
export const lastTiming = {};

/**
 * Ask the service worker; its reply envelope becomes a result or a thrown MetanetError.
 * @param {string} type one of {@link Request}
 * @param {object} [params]
 */
export async function send(type, params = {}) {
  const started = performance.now();
  const reply = await chrome.runtime.sendMessage({ type, ...params });
  if (!reply) throw new MetanetError(HostCode.INTERNAL, "The extension's background did not answer.");
  if (!reply.ok) throw MetanetError.from(reply.error);
  if (reply.timing) lastTiming[type] = { ...reply.timing, popupMs: performance.now() - started };
  performance.mark(`metanet:reply:${type}`);
  return reply.result;
}

/**
 * The tab the popup is about: normally the active tab of the last focused window (the one
 * whose toolbar button was clicked); `popup.html?tab=<id>` overrides it.
 * @returns {Promise<number|null>}
 */
async function targetTabId() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id ?? null;
}

/**
 * @typedef {object} Asked what the popup asks when it opens or starts again
 * @property {Promise<number|null>} tabId
 * @property {Promise<object>} status the handshake (`ping` result); a mismatch rejects
 * @property {Promise<object|null>} lookup the tab's `lookup` (null without a tab)
 */

/**
 * Send the status and the tab's lookup at once. The lookup is only to be used once the
 * status has answered (their failures are the caller's to
 * read then; unread, they are dropped).
 * @returns {Asked}
 */
export function ask() {
  const tabId = targetTabId();
  // The lookup leaves first: it is the longer way (the tab, then the companion).
  const lookup = tabId.then((id) => (id === null ? null : send(Request.LOOKUP, { tabId: id })));
  const status = tabId.then(() => send(Request.STATUS), () => send(Request.STATUS));
  // Read (and their failures reported) by the caller, maybe only after they settled.
  for (const asked of [tabId, status, lookup]) asked.catch(() => {});
  return { tabId, status, lookup };
}
