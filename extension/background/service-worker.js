/**
 * Service-worker entry (Chromium) and background script (Firefox): wires the extension's
 * messages to the one native port.
 *
 * Listeners are registered synchronously at the top level, as MV3 requires, so that a
 * message can wake a stopped worker. The native port connects on the first request (see
 * native-port.js), and when the browser starts: the companion then starts with it and
 * loads the user's graph meanwhile, so the first popup answers at once instead of waiting
 * for Python and the graph (measured in bench/REPORT-popup.md). A companion that is not
 * installed costs nothing then: the failed connection is dropped, the popup explains it.
 */

import { NativePort } from "./native-port.js";
import { createMessageListener } from "./messages.js";
import { syncMastodonScripts } from "./mastodon.js";
import { createPageEventListener } from "./pages.js";

const native = new NativePort();

chrome.runtime.onMessage.addListener(createMessageListener(native));
chrome.runtime.onMessage.addListener(createPageEventListener(native));
/** Start the companion now: it loads the user's graph before the first popup asks. */
const warmUp = () => native.ready().catch(() => {});
chrome.runtime.onStartup.addListener(() => {
  syncMastodonScripts().catch(() => {});
  warmUp();
});
// Installed or updated; an unpacked extension loaded from the command line is "installed"
// at every browser start (Chromium fires no onStartup for it).
chrome.runtime.onInstalled.addListener(warmUp);
chrome.permissions.onRemoved.addListener(() => syncMastodonScripts().catch(() => {}));

// For the DevTools console and the browser tests (`serviceWorker.evaluate`): only the
// extension's own contexts can reach this global.
globalThis.metanet = Object.freeze({ native });
