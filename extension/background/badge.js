/**
 * The toolbar badge: how many people the user shares with the profile in the tab, or a
 * dot when the profile matches one of the user's saved search requests (that is the more
 * actionable news, so it wins).
 *
 * Badges are set per tab, so switching tabs shows each tab's own answer, and a navigation
 * inside the tab (a single-page app) replaces it.
 */

const DOT = "●";
const COUNT_COLOR = "#1f5ea8";
const MATCH_COLOR = "#b35c00";

/**
 * What the badge says for a `lookup` result: {text, color}.
 * @param {object|null|undefined} lookup
 */
export function badgeFor(lookup) {
  const matches = Array.isArray(lookup?.request_matches) ? lookup.request_matches.length : 0;
  if (matches > 0) return { text: DOT, color: MATCH_COLOR };
  const shared = Number.isInteger(lookup?.shared_total)
    ? lookup.shared_total
    : Array.isArray(lookup?.shared) ? lookup.shared.length : 0;
  if (lookup?.known && shared > 0) return { text: shared > 999 ? "999+" : String(shared), color: COUNT_COLOR };
  return { text: "", color: COUNT_COLOR };
}

/**
 * Show the badge for a lookup on one tab (a closed tab is ignored).
 * @param {number} tabId
 * @param {object|null} lookup
 */
export async function showBadge(tabId, lookup) {
  const { text, color } = badgeFor(lookup);
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color });
    await chrome.action.setBadgeText({ tabId, text });
  } catch {
    // The tab is gone.
  }
}
