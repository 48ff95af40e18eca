"""Pages outside the manifest's networks: a Mastodon instance the user allowed in the options,
and "any other page" read on the toolbar click (``activeTab`` + ``scripting.executeScript``).

Neither grant can be given in a headless test the way a user gives it: the permission
prompt of ``permissions.request`` and the toolbar click that grants ``activeTab`` are browser
UI that Playwright cannot reach. So these tests load a copy of the extension whose manifest
already holds the one origin the user would have granted; everything after the grant — the
registered content script, the injection, the popup — is the real code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    EXTENSION_DIR,
    FakeHost,
    LaunchBrowser,
    Site,
    save_screenshot,
    wait_until,
)

pytestmark = pytest.mark.browser

PING = {"result": {"version": "0.1.0", "protocol": 1, "database": "/tmp/metanet.db"}}
INSTANCE = "social.example.net"
MASTODON_URL = f"https://{INSTANCE}/@jana"
OTHER_URL = "https://www.example.org/team/jana"


def extension_granting(tmp_path: Path, origin: str) -> Path:
    """A copy of the extension as it is after the user granted ``origin``."""
    copy = tmp_path / "extension"
    shutil.copytree(EXTENSION_DIR, copy)
    manifest_file = copy / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["host_permissions"].append(origin)
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def lookup(url: str) -> dict[str, Any]:
    return {"result": {"url": url, "supported": True, "known": False, "shared": []}}


def registered(browser: Any) -> list[str]:
    ids: list[str] = browser.service_worker.evaluate(
        "async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id)"
    )
    return ids


def test_mastodon_instance_gets_the_content_script_after_the_grant(
    launch_browser: LaunchBrowser, https_site: Site, fake_host: FakeHost, tmp_path: Path
) -> None:
    https_site.add("/@jana", "<!doctype html><title>Jana (@jana@social.example.net)</title>")
    fake_host.script(
        {"ping": PING, "lookup": lookup(MASTODON_URL), "me": {"result": {"person": None}},
         "capture": {"result": {"capture_id": 1, "outcome": "unsupported", "person": None}}}
    )  # fmt: skip
    browser = launch_browser(
        site=https_site, extension=extension_granting(tmp_path, f"https://{INSTANCE}/*")
    )
    # What the options page stores and asks for once the browser's prompt was accepted.
    browser.settings({"mastodonInstances": [INSTANCE], "autoCapture": {"mastodon": True}})
    options = browser.options()
    reply = options.evaluate("() => chrome.runtime.sendMessage({ type: 'metanet:mastodon-sync' })")
    assert reply == {"ok": True, "result": {"instances": [INSTANCE]}}
    assert registered(browser) == [f"mastodon:{INSTANCE}"]
    options.reload()
    expect(options.locator("#mastodon-list li")).to_contain_text(INSTANCE)
    save_screenshot(options, "options-mastodon-instance")

    # The instance's pages now have the content script: auto-capture and the popup work.
    _, tab_id = browser.open_tab(MASTODON_URL)
    wait_until(lambda: MASTODON_URL in [r.get("url") for r in captures(fake_host)], 15)
    popup = browser.popup(tab_id)
    expect(popup.locator("[data-state='unknown']")).to_be_visible()

    # Removed in the options: the script goes.
    options.get_by_role("button", name="Remove").click()
    expect(options.locator("#mastodon-list li")).to_have_count(0)
    wait_until(lambda: registered(browser) == [], what="the script to be unregistered")
    assert browser.settings()["mastodonInstances"] == []


def captures(fake_host: FakeHost) -> list[dict[str, Any]]:
    return [r for r in fake_host.requests() if r["action"] == "capture"]


def test_any_other_page_is_read_on_demand_when_access_was_granted(
    launch_browser: LaunchBrowser, https_site: Site, fake_host: FakeHost, tmp_path: Path
) -> None:
    """No declared content script on www.example.org: the popup injects it (what the toolbar
    click's ``activeTab`` grant allows) and the generic parser's answer is shown."""
    https_site.add("/team/jana", "<!doctype html><title>Jana – Team</title><h1>Jana</h1>")
    fake_host.script({"ping": PING, "lookup": lookup(OTHER_URL)})
    browser = launch_browser(
        site=https_site, extension=extension_granting(tmp_path, "https://www.example.org/*")
    )
    _, tab_id = browser.open_tab(OTHER_URL)
    popup = browser.popup(tab_id)
    expect(popup.locator("[data-state='unknown']")).to_be_visible()
    lookups = {r["url"] for r in fake_host.requests() if r["action"] == "lookup"}
    assert lookups == {OTHER_URL}
    # Injected twice (second popup), the script still answers once and watches once.
    popup.reload()
    expect(popup.locator("[data-state='unknown']")).to_be_visible()
