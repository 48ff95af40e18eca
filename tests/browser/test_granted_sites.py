"""Pages outside the manifest's networks, in Chromium and in Firefox: a Mastodon instance
the user allowed in the options, and "any other page" read on the toolbar click
(``activeTab`` + ``scripting.executeScript``).

How each browser gets the grant a user gives:

- Firefox shows ``permissions.request`` as a doorhanger in its own window; the test clicks
  its Allow (or Deny) button through Marionette's chrome context, as the user clicks it
  (drivers.FirefoxDriver.answer_permission_prompt). The toolbar button of an MV3 add-on sits
  in Firefox's extensions panel; the test calls what its click calls, the add-on's
  ``tabManager.addActiveTabPermission`` (drivers.FirefoxDriver.grant_active_tab).
- Chromium's prompt and toolbar are browser UI Playwright cannot reach, so Chromium loads a
  copy of the extension whose manifest already holds the one origin the user would have
  granted; ``permissions.request`` for a granted origin resolves without a prompt.

Everything after the grant — the options page, the registered content script, the
injection, the popup — is the real code in both.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import EXTENSION_DIR, PING, FakeHost, serve_site, wait_until
from tests.browser.drivers import Driver, Stage, running

pytestmark = pytest.mark.browser

INSTANCE = "social.example.net"
MASTODON_URL = f"https://{INSTANCE}/@jana"
OTHER_URL = "https://www.example.org/team/jana"


def extension_granting(folder: Path, origin: str) -> Path:
    """A copy of the extension as it is after the user granted ``origin`` (Chromium)."""
    copy = folder / "extension"
    shutil.copytree(EXTENSION_DIR, copy)
    manifest_file = copy / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["host_permissions"].append(origin)
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def lookup(url: str) -> dict[str, Any]:
    return {"result": {"url": url, "supported": True, "known": False, "shared": []}}


def captures(fake: FakeHost) -> list[dict[str, Any]]:
    return [r for r in fake.requests() if r["action"] == "capture"]


@pytest.fixture
def granting(
    request: pytest.FixtureRequest, tmp_path: Path, tls_files: tuple[Path, Path], browser_name: str
) -> Iterator[tuple[Stage, FakeHost]]:
    """A stage over the site; Chromium's with an extension that already holds the origin
    the test names with ``@pytest.mark.parametrize("origin", ...)``."""
    stage = Stage(browser=browser_name, root=tmp_path).prepare()
    if browser_name == "chromium":
        stage.extension = extension_granting(tmp_path, request.param)
    with serve_site(*tls_files) as site:
        site.add("/@jana", "<!doctype html><title>Jana (@jana@social.example.net)</title>")
        site.add("/team/jana", "<!doctype html><title>Jana – Team</title><h1>Jana</h1>")
        stage.site = site
        yield stage, stage.fake_host()


@pytest.mark.parametrize("granting", [f"https://{INSTANCE}/*"], indirect=True)
def test_mastodon_instance_gets_the_content_script_after_the_grant(
    request: pytest.FixtureRequest, granting: tuple[Stage, FakeHost]
) -> None:
    stage, fake = granting
    fake.script(
        {"ping": PING, "lookup": lookup(MASTODON_URL), "me": {"result": {"person": None}},
         "capture": {"result": {"capture_id": 1, "outcome": "unsupported", "person": None}}}
    )  # fmt: skip
    with running(stage, request) as browser:
        browser.storage({"autoCapture": {"mastodon": True}})
        options = browser.options()
        if browser.name == "firefox":
            # Deny first: nothing is stored and the page says the instance was not allowed.
            options.fill("#mastodon-host", INSTANCE)
            options.click("#mastodon-form button")
            asked = wait_until(lambda: prompt(browser, allow=False), what="the prompt")
            assert INSTANCE in asked, asked  # the prompt names the site asked for
            options.wait_text("#mastodon-status", f"Access to {INSTANCE} was not granted.")
            assert browser.registered_scripts() == []
            assert browser.storage().get("mastodonInstances") in (None, [])
        options.fill("#mastodon-host", INSTANCE)
        options.click("#mastodon-form button")
        if browser.name == "firefox":
            wait_until(lambda: prompt(browser, allow=True), what="the permission prompt")
        options.wait_text("#mastodon-status", f"Metanet can now read {INSTANCE}.")
        options.wait_contains("#mastodon-list li", INSTANCE)
        assert browser.registered_scripts() == [f"mastodon:{INSTANCE}"]
        options.reload()
        options.wait_contains("#mastodon-list li", INSTANCE)
        options.screenshot("options-mastodon-instance")

        # The instance's pages now have the content script: auto-capture and the popup work.
        _, tab_id = browser.open_tab(MASTODON_URL)
        wait_until(lambda: MASTODON_URL in [r.get("url") for r in captures(fake)], 15)
        popup = browser.popup(tab_id)
        assert popup.settled_state().startswith("unknown:")
        popup.close()

        # Removed in the options: the script goes (and in Firefox the grant with it; a
        # Chromium manifest's own origin cannot be removed).
        options.click_text("#mastodon-list li button", "Remove")
        options.wait_count("#mastodon-list li", 0)
        wait_until(lambda: browser.registered_scripts() == [], what="the script unregistered")
        assert browser.storage()["mastodonInstances"] == []
        granted = browser.call(
            "return api.permissions.contains({ origins: [args[0]] });", f"https://{INSTANCE}/*"
        )
        assert granted is (browser.name == "chromium")


def prompt(browser: Driver, allow: bool) -> str | None:
    """Answer the permission prompt once it shows; None while it does not yet."""
    try:
        return browser.answer_permission_prompt(allow)
    except Exception as error:  # Marionette's JavascriptException while no prompt is shown
        if "no permission prompt is shown" in str(error):
            return None
        raise


@pytest.mark.parametrize("granting", ["https://www.example.org/*"], indirect=True)
def test_any_other_page_is_read_on_demand_when_access_was_granted(
    request: pytest.FixtureRequest, granting: tuple[Stage, FakeHost]
) -> None:
    """No declared content script on www.example.org: the popup injects it (what the toolbar
    click's ``activeTab`` grant allows) and the generic parser's answer is shown."""
    stage, fake = granting
    fake.script({"ping": PING, "lookup": lookup(OTHER_URL)})
    with running(stage, request) as browser:
        _, tab_id = browser.open_tab(OTHER_URL)
        if browser.name == "firefox":
            # Without the click the page is out of reach: the popup says it cannot read it.
            before = browser.popup(tab_id)
            assert before.settled_state().startswith("not-supported:")
            before.close()
            browser.grant_active_tab(tab_id)
        popup = browser.popup(tab_id)
        assert popup.settled_state().startswith("unknown:")
        lookups = {r["url"] for r in fake.requests() if r["action"] == "lookup"}
        assert lookups == {OTHER_URL}
        # Injected twice (second popup), the script still answers once and watches once.
        popup.reload()
        assert popup.settled_state().startswith("unknown:")
        popup.screenshot("popup-other-page-granted")
