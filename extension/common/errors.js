/**
 * Error codes seen by the popup, in one table.
 *
 * The first group mirrors the companion's protocol codes (companion/metanet/protocol.py,
 * docs/PROTOCOL.md): stable and append-only on both sides, so the popup can branch on
 * them. The second group is raised inside the extension itself, for failures the host
 * never gets to see (it is missing, it died, a tab cannot be read).
 */

/** Codes the native host sends in `{"ok": false, "error": {"code", "message"}}`. */
export const HostCode = Object.freeze({
  BAD_FRAME: "bad_frame",
  BAD_REQUEST: "bad_request",
  FRAME_TOO_LARGE: "frame_too_large",
  UNKNOWN_ACTION: "unknown_action",
  NOT_FOUND: "not_found",
  DATABASE_BUSY: "database_busy",
  REPLY_TOO_LARGE: "reply_too_large",
  INTERNAL: "internal",
  FORBIDDEN_ORIGIN: "forbidden_origin",
  UNSUPPORTED_PAGE: "unsupported_page",
  SERVER_START_FAILED: "server_start_failed",
  DATABASE_UNREADABLE: "database_unreadable",
});

/** Codes raised by the extension; prefixed so they can never clash with host codes. */
export const LocalCode = Object.freeze({
  /** Chromium found no host manifest: the user has to run `metanet install`. */
  HOST_NOT_INSTALLED: "ext_host_not_installed",
  /** A host manifest exists but does not list this extension's ID. */
  HOST_FORBIDDEN: "ext_host_forbidden",
  /** The host process exited or broke the port (crash, bad output, too large a reply). */
  HOST_DISCONNECTED: "ext_host_disconnected",
  /** The host took longer than the request's timeout. */
  TIMEOUT: "ext_timeout",
  /** No content script in the tab and no access to it: not a site Metanet reads. */
  PAGE_NOT_SUPPORTED: "ext_page_not_supported",
  /** A supported site, but the tab was loaded before the extension: it must be reloaded. */
  PAGE_NEEDS_RELOAD: "ext_page_needs_reload",
  /** The page is larger than a browser can hand to a native host (64 MiB). */
  PAGE_TOO_LARGE: "ext_page_too_large",
  /** The popup asked for something the service worker does not know. */
  BAD_MESSAGE: "ext_bad_message",
  /** The companion speaks an older protocol than this extension: update the companion. */
  HOST_TOO_OLD: "ext_host_too_old",
  /** The companion speaks a newer protocol than this extension: update the extension. */
  HOST_TOO_NEW: "ext_host_too_new",
});

/** An error with a machine-readable code, safe to send between extension contexts. */
export class MetanetError extends Error {
  /**
   * @param {string} code one of {@link HostCode} or {@link LocalCode}
   * @param {string} message for people: shown in the popup, so keep it readable
   * @param {Record<string, string|number>|null} [details] values the popup needs to say it
   *   in the user's language (e.g. both protocol versions)
   */
  constructor(code, message, details = null) {
    super(message);
    this.name = "MetanetError";
    this.code = code;
    this.details = details;
  }

  /** The plain-object form used in runtime messages (Error objects do not survive them). */
  toJSON() {
    return this.details ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  /**
   * Rebuild an error from its plain-object form, or wrap anything unexpected.
   * @param {unknown} value
   * @returns {MetanetError}
   */
  static from(value) {
    if (value instanceof MetanetError) return value;
    if (value && typeof value === "object" && typeof value.code === "string") {
      const details = value.details && typeof value.details === "object" ? value.details : null;
      return new MetanetError(value.code, String(value.message ?? value.code), details);
    }
    const message = value instanceof Error ? value.message : String(value);
    return new MetanetError(HostCode.INTERNAL, message);
  }
}
