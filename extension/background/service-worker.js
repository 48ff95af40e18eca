/**
 * Service-worker entry (Chromium) and background script (Firefox): wires the extension's
 * messages to the one native port.
 *
 * Listeners are registered synchronously at the top level, as MV3 requires, so that a
 * message can wake a stopped worker. The native port itself connects lazily on the first
 * request (see native-port.js).
 */

import { NativePort } from "./native-port.js";
import { createMessageListener } from "./messages.js";
import { syncMastodonScripts } from "./mastodon.js";
import { createPageEventListener } from "./pages.js";

const native = new NativePort();

chrome.runtime.onMessage.addListener(createMessageListener(native));
chrome.runtime.onMessage.addListener(createPageEventListener(native));
chrome.runtime.onStartup.addListener(() => syncMastodonScripts().catch(() => {}));
chrome.permissions.onRemoved.addListener(() => syncMastodonScripts().catch(() => {}));

// For the DevTools console and the browser tests (`serviceWorker.evaluate`): only the
// extension's own contexts can reach this global.
globalThis.metanet = Object.freeze({ native });
