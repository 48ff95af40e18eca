/**
 * The one persistent native-messaging port to the Metanet companion (`metanet host`).
 *
 * Why one persistent port rather than `sendNativeMessage` per request: a port keeps a
 * single host process alive, so a round trip costs ~2 ms instead of 30–40 ms for starting
 * a process per message (measured with Debian's Chromium 156), and an open native port keeps the MV3
 * service worker alive while a capture is in flight.
 *
 * Every request carries an id and its own timeout. When the port drops, every pending
 * request is rejected with the browser's reason, and the next request connects again, so
 * a user who runs `metanet install` after a failure only has to reopen the popup.
 */

import { LocalCode, MetanetError } from "../common/errors.js";
import { checkProtocol } from "../common/version.js";

export const HOST_NAME = "metanet.companion";

/** Default per-request timeout; `capture` passes a longer one (parsing large pages). */
export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The browsers' wording for the disconnect reasons we tell apart (stable for years; see
 * tests/browser/test_popup_states.py and test_both_browsers.py). Chromium's "not found"
 * covers a missing manifest as well as a bad one (relative path, wrong name): in both cases
 * `metanet install` is the fix. Firefox says "No such native application <name>" for all
 * of these and also for a manifest that does not list our add-on id (it skips manifests
 * that do not allow the caller), so there it cannot be told apart from "forbidden"; the
 * fix is `metanet install` either way.
 */
const REASONS = [
  ["Specified native messaging host not found.", LocalCode.HOST_NOT_INSTALLED],
  ["No such native application", LocalCode.HOST_NOT_INSTALLED],
  ["Access to the specified native messaging host is forbidden.", LocalCode.HOST_FORBIDDEN],
];

/**
 * Turn a disconnect reason from the browser into an error the popup can act on.
 * @param {string | undefined} reason `chrome.runtime.lastError.message` or `port.error.message`
 * @returns {MetanetError}
 */
export function disconnectError(reason) {
  const message = reason || "The Metanet companion closed the connection.";
  for (const [text, code] of REASONS) {
    if (message.includes(text)) return new MetanetError(code, message);
  }
  return new MetanetError(LocalCode.HOST_DISCONNECTED, message);
}

/**
 * The request with every string made well-formed Unicode, the page's `html` aside.
 *
 * JavaScript strings may hold unpaired surrogates (a page title cut inside an emoji);
 * the companion refuses them everywhere but in the page itself (docs/PROTOCOL.md), so
 * they become U+FFFD here rather than costing the user a capture.
 * @param {Record<string, unknown>} params
 * @returns {Record<string, unknown>}
 */
export function wellFormed(params) {
  /** @param {unknown} value @returns {unknown} */
  const fix = (value) => {
    if (typeof value === "string") return value.toWellFormed();
    if (Array.isArray(value)) return value.map(fix);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [fix(k), fix(v)]));
    }
    return value;
  };
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, key === "html" ? value : fix(value)]));
}

/**
 * A request/reply client over one lazily (re)connected native port.
 *
 * `connect` is injectable so the logic can be exercised without a browser.
 */
export class NativePort {
  /** @type {chrome.runtime.Port | null} */
  #port = null;
  #nextId = 1;
  /** @type {Map<number, {resolve: Function, reject: Function, timer: number}>} */
  #pending = new Map();
  /** @type {{port: chrome.runtime.Port | null, asked: Promise<object>} | null} */
  #handshake = null;
  #hostName;
  #connect;
  #timeoutMs;

  /**
   * @param {object} [options]
   * @param {string} [options.hostName]
   * @param {(name: string) => chrome.runtime.Port} [options.connect]
   * @param {number} [options.timeoutMs] default per-request timeout
   */
  constructor({
    hostName = HOST_NAME,
    connect = (name) => chrome.runtime.connectNative(name),
    timeoutMs = DEFAULT_TIMEOUT_MS,
  } = {}) {
    this.#hostName = hostName;
    this.#connect = connect;
    this.#timeoutMs = timeoutMs;
  }

  /** Whether a port is open right now (for diagnostics and tests). */
  get connected() {
    return this.#port !== null;
  }

  /** How many requests await a reply (for diagnostics and tests). */
  get pendingCount() {
    return this.#pending.size;
  }

  /**
   * The version handshake of the companion behind the current port: its `ping`, checked
   * (common/version.js). Asked once per connection and kept while that port stays open; a
   * new port (after a drop, a timeout, a `disconnect()`) is a new process, maybe another
   * version, so it is asked again. Everything but a ping waits for this: a companion that
   * speaks another protocol gets nothing else.
   * @returns {Promise<object>} the ping result
   * @throws {MetanetError} the companion's absence, or `ext_host_too_old`/`_too_new`
   */
  ready() {
    const kept = this.#handshake;
    if (kept !== null && kept.port !== null && kept.port === this.#port) return kept.asked;
    const asked = this.request("ping").then(checkProtocol);
    // The port the ping went out on (none when it failed at once): its answer holds for it.
    const entry = { port: this.#port, asked };
    this.#handshake = entry;
    asked.catch(() => {
      if (this.#handshake === entry) this.#handshake = null;
    });
    return asked;
  }

  /**
   * Send one request and wait for its reply.
   * @param {string} action protocol action, e.g. "lookup"
   * @param {object} [params] the action's arguments, merged into the frame
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<any>} the reply's `result`
   * @throws {MetanetError} the host's `error`, or a {@link LocalCode} failure
   */
  request(action, params = {}, { timeoutMs = this.#timeoutMs } = {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#timedOut(id, action, timeoutMs), timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      try {
        this.#ensurePort().postMessage({ ...wellFormed(params), id, action });
      } catch (error) {
        // postMessage throws synchronously on a port that has just been disconnected.
        this.#drop(disconnectError(error?.message));
      }
    });
  }

  /** Close the port (the browser then ends the host) and reject what is pending. */
  disconnect(reason = "Disconnected by the extension.") {
    this.#drop(new MetanetError(LocalCode.HOST_DISCONNECTED, reason));
  }

  #ensurePort() {
    if (this.#port) return this.#port;
    const port = this.#connect(this.#hostName);
    port.onMessage.addListener((frame) => this.#onFrame(frame));
    port.onDisconnect.addListener(() => {
      // The reason is only readable inside this listener (Chromium: lastError,
      // Firefox: port.error). A stale port's late disconnect must not drop a new one.
      const reason = port.error?.message ?? chrome.runtime.lastError?.message;
      if (this.#port === port) this.#drop(disconnectError(reason), { alreadyClosed: true });
    });
    this.#port = port;
    return port;
  }

  #onFrame(frame) {
    const entry = this.#pending.get(frame?.id);
    if (!entry) return; // a reply that arrived after its timeout: nobody waits for it
    this.#pending.delete(frame.id);
    clearTimeout(entry.timer);
    if (frame.ok === true) {
      entry.resolve(frame.result);
    } else {
      const error = frame.error ?? {};
      entry.reject(new MetanetError(
        typeof error.code === "string" ? error.code : "internal",
        typeof error.message === "string" ? error.message : "The companion reported an error.",
      ));
    }
  }

  /**
   * A host that does not answer in time is presumed stuck: the host answers in order,
   * so everything queued behind the request would time out as well. Dropping the port
   * ends that process; the next request starts a fresh one.
   */
  #timedOut(id, action, timeoutMs) {
    if (!this.#pending.has(id)) return;
    const seconds = Math.round(timeoutMs / 100) / 10;
    this.#drop(new MetanetError(
      LocalCode.TIMEOUT,
      `The Metanet companion did not answer "${action}" within ${seconds} s.`,
    ));
  }

  #drop(error, { alreadyClosed = false } = {}) {
    const port = this.#port;
    this.#port = null;
    if (port && !alreadyClosed) {
      try {
        port.disconnect();
      } catch {
        // Already gone: nothing to close.
      }
    }
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
  }
}
