/**
 * The version handshake with the companion.
 *
 * The extension and the companion are installed separately (a browser store vs. pip), so
 * either can be newer. `ping` reports the companion's protocol number; the extension
 * speaks exactly {@link EXPECTED_PROTOCOL}. A mismatch is told apart by direction, because
 * the fix differs: update the companion, or update the extension.
 */

import { LocalCode, MetanetError } from "./errors.js";

/** The native-messaging protocol this extension speaks (docs/PROTOCOL.md). */
export const EXPECTED_PROTOCOL = 1;

/**
 * Throw when the companion speaks another protocol; return the ping result otherwise.
 * @param {{version?: string, protocol?: number}} ping
 */
export function checkProtocol(ping) {
  const protocol = Number.isInteger(ping?.protocol) ? ping.protocol : 0;
  const version = String(ping?.version ?? "?");
  const details = { version, protocol, expected: EXPECTED_PROTOCOL };
  if (protocol < EXPECTED_PROTOCOL) {
    throw new MetanetError(LocalCode.HOST_TOO_OLD,
      `The companion ${version} speaks protocol ${protocol}; this extension needs ${EXPECTED_PROTOCOL}.`, details);
  }
  if (protocol > EXPECTED_PROTOCOL) {
    throw new MetanetError(LocalCode.HOST_TOO_NEW,
      `The companion ${version} speaks protocol ${protocol}; this extension speaks ${EXPECTED_PROTOCOL}.`, details);
  }
  return ping;
}
