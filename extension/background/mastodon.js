/**
 * Content scripts on the Mastodon instances the user added in the options page.
 *
 * A manifest cannot list every Mastodon instance, and asking for all sites would be far
 * more than Metanet needs. So the options page asks for one origin at a time
 * (`optional_host_permissions` + `permissions.request`, which needs the user's click), and
 * this module keeps one registered content script per granted instance. Registrations
 * persist across browser restarts; `syncMastodonScripts` also runs at start-up so a
 * permission revoked in the browser's settings removes its script.
 */

import { loadSettings, saveSettings } from "../common/settings.js";

const PREFIX = "mastodon:";

/** The origin pattern for an instance host. */
export const originFor = (host) => `https://${host}/*`;

/**
 * Make the registered scripts match the instances that are both chosen and granted.
 * @returns {Promise<string[]>} the instances with a script now
 */
export async function syncMastodonScripts() {
  const { mastodonInstances } = await loadSettings();
  const granted = [];
  for (const host of mastodonInstances) {
    if (await chrome.permissions.contains({ origins: [originFor(host)] })) granted.push(host);
  }
  const registered = await chrome.scripting.getRegisteredContentScripts();
  const stale = registered.filter((script) => script.id.startsWith(PREFIX)
    && !granted.includes(script.id.slice(PREFIX.length)));
  if (stale.length) await unregister(stale.map((script) => script.id));
  const have = new Set(registered.map((script) => script.id));
  const missing = granted.filter((host) => !have.has(PREFIX + host));
  if (missing.length) {
    await chrome.scripting.registerContentScripts(missing.map((host) => ({
      id: PREFIX + host,
      matches: [originFor(host)],
      js: ["content/capture.js"],
      runAt: "document_idle",
      persistAcrossSessions: true,
    })));
  }
  if (granted.length !== mastodonInstances.length) await saveSettings({ mastodonInstances: granted });
  return granted;
}

/**
 * Unregister the scripts `ids`, those already gone aside. Firefox drops an instance's
 * script itself once its permission is removed, at times between our read and this call;
 * its "does not exist" then failed the whole sync, and the options page kept showing the
 * instance the user had just removed (seen in tests/browser/test_granted_sites.py).
 * @param {string[]} ids
 */
async function unregister(ids) {
  try {
    await chrome.scripting.unregisterContentScripts({ ids });
  } catch (error) {
    const left = new Set((await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id));
    const still = ids.filter((id) => left.has(id));
    if (still.length === ids.length) throw error;
    if (still.length) await chrome.scripting.unregisterContentScripts({ ids: still });
  }
}
