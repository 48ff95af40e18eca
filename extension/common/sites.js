/**
 * The networks Metanet reads, and which tab URL belongs to which.
 *
 * Which *page kind* a URL is (profile, contact list, …) is decided by the companion's
 * parsers (companion/metanet/sites/), not here: the extension only needs the site, for the
 * per-site auto-capture switch. The host lists must match the manifest's
 * `content_scripts` and `host_permissions` (tests/browser/test_manifest.py checks both).
 *
 * Mastodon runs on thousands of instances, so no static list can name them: the user adds
 * their instance in the options page, which asks for that one origin at run time
 * (`optional_host_permissions`) and registers the content script there (mastodon.js).
 */

/** @typedef {{id: string, hosts: string[]}} Site */

/** @type {ReadonlyArray<Site>} */
export const SITES = Object.freeze([
  { id: "linkedin", hosts: ["www.linkedin.com", "*.linkedin.com"] },
  { id: "xing", hosts: ["www.xing.com"] },
  { id: "facebook", hosts: ["www.facebook.com", "m.facebook.com", "mbasic.facebook.com", "web.facebook.com"] },
  { id: "instagram", hosts: ["www.instagram.com"] },
  { id: "x", hosts: ["x.com", "twitter.com"] },
  { id: "github", hosts: ["github.com"] },
]);

/** Every site with an auto-capture switch, Mastodon (user-added instances) included. */
export const SITE_IDS = Object.freeze([...SITES.map((site) => site.id), "mastodon"]);

/**
 * Does `hostname` match a manifest-style host pattern (`*.example.com` or exact)?
 * @param {string} hostname
 * @param {string} pattern
 */
function hostMatches(hostname, pattern) {
  if (pattern.startsWith("*.")) {
    const base = pattern.slice(2);
    return hostname === base || hostname.endsWith(`.${base}`);
  }
  return hostname === pattern;
}

/**
 * The site a page belongs to, or null for pages Metanet has no content script on.
 * @param {string} url
 * @param {string[]} [mastodonHosts] instances the user added (settings.mastodonInstances)
 * @returns {string|null}
 */
export function siteOf(url, mastodonHosts = []) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:") return null;
  const host = parsed.hostname.toLowerCase();
  const site = SITES.find((entry) => entry.hosts.some((pattern) => hostMatches(host, pattern)));
  if (site) return site.id;
  return mastodonHosts.includes(host) ? "mastodon" : null;
}

/**
 * A Mastodon instance as the user typed it ("mastodon.social", "https://chaos.social/@me")
 * reduced to its host name, or null when it is not a plausible public host.
 * @param {string} text
 * @returns {string|null}
 */
export function instanceHost(text) {
  const trimmed = String(text ?? "").trim();
  if (!trimmed) return null;
  let parsed;
  try {
    parsed = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol !== "https:" || !host.includes(".") || !/^[a-z0-9.-]+$/.test(host)) return null;
  if (siteOf(`https://${host}/`) !== null) return null; // a network we already read
  return host;
}
