/**
 * Service-worker entry: wires the popup's messages to the one native port.
 *
 * Listeners are registered synchronously at the top level, as MV3 requires, so that a
 * message can wake a stopped worker. The native port itself connects lazily on the first
 * request (see native-port.js).
 */

import { NativePort } from "./native-port.js";
import { createMessageListener } from "./messages.js";

const native = new NativePort();

chrome.runtime.onMessage.addListener(createMessageListener(native));

// For the DevTools console and the browser tests (`serviceWorker.evaluate`): only the
// extension's own contexts can reach this global.
globalThis.metanet = Object.freeze({ native });
