/**
 * The options page: the user's own accounts, auto-capture per site, Mastodon instances,
 * whether raw pages are kept, and diagnostics.
 *
 * Settings live in `chrome.storage.local` (common/settings.js) and take effect at once: the
 * service worker reads them on every capture. The user's accounts live in the companion's
 * database (`me`/`me_add` actions), so they are the same for the CLI and every browser.
 */

import { MetanetError } from "../common/errors.js";
import { Request } from "../common/messages.js";
import { lastError, loadSettings, saveSettings } from "../common/settings.js";
import { SITE_IDS, instanceHost } from "../common/sites.js";
import { h, safeHttpUrl } from "../popup/dom.js";
import { errorText } from "../popup/error-text.js";
import { localizePage, networkLabel, t } from "../popup/i18n.js";

const byId = (id) => document.getElementById(id);

/**
 * Ask the service worker; its reply envelope becomes a result or a thrown MetanetError.
 * @param {string} type one of {@link Request}
 * @param {object} [params]
 */
async function send(type, params = {}) {
  const reply = await chrome.runtime.sendMessage({ type, ...params });
  if (!reply) throw new MetanetError("internal", "The extension's background did not answer.");
  if (!reply.ok) throw MetanetError.from(reply.error);
  return reply.result;
}

/** @param {HTMLElement} element @param {string} text @param {"ok"|"error"} kind */
function tell(element, text, kind) {
  element.textContent = text;
  element.className = `status ${kind}`;
}

// ------------------------------------------------------------------ your accounts

function renderAccounts(person) {
  const accounts = Array.isArray(person?.accounts) ? person.accounts : [];
  byId("my-accounts").replaceChildren(...(accounts.length === 0
    ? [h("li", { class: "muted" }, t("optAccountsNone"))]
    : accounts.map((account) => {
      const link = safeHttpUrl(account.profile_url);
      return h("li", { class: "my-account", dataset: { network: String(account.network ?? "") } },
        h("span", { class: "network" }, networkLabel(account.network)),
        link
          ? h("a", { class: "grow", href: link, target: "_blank", rel: "noopener noreferrer" }, link)
          : h("span", { class: "grow" }, String(account.key ?? "")));
    })));
}

async function loadAccounts() {
  try {
    renderAccounts((await send(Request.HOST, { action: "me" }))?.person);
  } catch (failure) {
    byId("my-accounts").replaceChildren(h("li", { class: "error" }, errorText(failure)));
  }
}

async function addAccount(event) {
  event.preventDefault();
  const input = byId("me-url");
  const name = byId("me-name");
  const status = byId("me-status");
  const params = { url: input.value.trim() };
  if (name.value.trim()) params.name = name.value.trim();
  try {
    const result = await send(Request.HOST, { action: "me_add", params });
    renderAccounts(result?.person);
    tell(status, t("optAccountAdded", [networkLabel(result?.network)]), "ok");
    input.value = "";
    name.value = "";
  } catch (failure) {
    tell(status, t("optAccountFailed", [errorText(failure)]), "error");
  }
}

// ------------------------------------------------------------------ auto-capture, storage

function renderAutoCapture(settings) {
  byId("auto-sites").replaceChildren(...SITE_IDS.map((id) => {
    const box = h("input", { type: "checkbox", name: id, dataset: { site: id } });
    box.checked = settings.autoCapture[id];
    box.addEventListener("change", async () => {
      const { autoCapture } = await loadSettings();
      await saveSettings({ autoCapture: { ...autoCapture, [id]: box.checked } });
    });
    return h("label", { class: "toggle" }, box, networkLabel(id));
  }));
}

function renderStorage(settings) {
  const box = byId("keep-raw");
  box.checked = settings.keepRaw;
  box.addEventListener("change", () => saveSettings({ keepRaw: box.checked }));
}

// ------------------------------------------------------------------ Mastodon

function renderInstances(instances) {
  byId("mastodon-list").replaceChildren(...instances.map((host) => h("li", {},
    h("span", { class: "grow" }, host),
    h("button", { type: "button", onclick: () => removeInstance(host) }, t("optMastodonRemove")))));
}

/**
 * Add an instance. `permissions.request` must run in the click's own task (it needs the
 * user gesture), so it is called before anything is awaited.
 */
function addInstance(event) {
  event.preventDefault();
  const status = byId("mastodon-status");
  const host = instanceHost(byId("mastodon-host").value);
  if (!host) {
    tell(status, t("optMastodonInvalid"), "error");
    return;
  }
  chrome.permissions.request({ origins: [`https://${host}/*`] }).then(async (granted) => {
    if (!granted) {
      tell(status, t("optMastodonDenied", [host]), "error");
      return;
    }
    const { mastodonInstances } = await loadSettings();
    await saveSettings({ mastodonInstances: [...new Set([...mastodonInstances, host])] });
    const { instances } = await send(Request.MASTODON_SYNC);
    renderInstances(instances);
    byId("mastodon-host").value = "";
    tell(status, t("optMastodonAdded", [host]), "ok");
  }).catch((failure) => tell(status, errorText(failure), "error"));
}

async function removeInstance(host) {
  const { mastodonInstances } = await loadSettings();
  await saveSettings({ mastodonInstances: mastodonInstances.filter((item) => item !== host) });
  await chrome.permissions.remove({ origins: [`https://${host}/*`] }).catch(() => false);
  const { instances } = await send(Request.MASTODON_SYNC);
  renderInstances(instances);
}

// ------------------------------------------------------------------ diagnostics

async function diagnose() {
  const cells = ["version", "protocol", "database"].map((name) => byId(`diag-${name}`));
  for (const cell of cells) cell.textContent = "…";
  try {
    const ping = await send(Request.STATUS);
    cells[0].textContent = String(ping.version ?? "");
    cells[1].textContent = String(ping.protocol ?? "");
    cells[2].textContent = String(ping.database ?? "");
  } catch (failure) {
    const error = MetanetError.from(failure);
    cells[0].textContent = t("optDiagUnavailable", [error.code]);
    cells[1].textContent = "";
    cells[2].textContent = "";
  }
  const last = await lastError();
  byId("diag-last-error").textContent = last
    ? `${last.at} · ${last.context} · ${errorText(last)} (${last.code})`
    : t("optDiagNoError");
}

// ------------------------------------------------------------------ start

async function start() {
  localizePage();
  document.title = t("optionsTitle");
  const settings = await loadSettings();
  renderAutoCapture(settings);
  renderStorage(settings);
  renderInstances(settings.mastodonInstances);
  byId("me-form").addEventListener("submit", addAccount);
  byId("mastodon-form").addEventListener("submit", addInstance);
  byId("diag-check").addEventListener("click", diagnose);
  await Promise.all([loadAccounts(), diagnose()]);
  document.body.dataset.ready = "true";
}

start();
