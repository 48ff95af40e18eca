"""The unpacked extension loads in Debian's Chromium, under its stable ID, in both languages."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    EXTENSION_DIR,
    EXTENSION_ID,
    LaunchBrowser,
    save_screenshot,
)

pytestmark = pytest.mark.browser

MESSAGES = {
    lang: json.loads((EXTENSION_DIR / "_locales" / lang / "messages.json").read_text("utf-8"))
    for lang in ("en", "de")
}


def message(lang: str, name: str) -> str:
    text: str = MESSAGES[lang][name]["message"]
    return text


def extension_id_from_key(key: str) -> str:
    """Chromium's rule: sha256 of the DER public key, first 32 hex digits mapped 0-f → a-p."""
    digest = hashlib.sha256(base64.b64decode(key)).hexdigest()[:32]
    return "".join(chr(ord("a") + int(digit, 16)) for digit in digest)


def test_manifest_key_yields_the_stable_id() -> None:
    manifest = json.loads((EXTENSION_DIR / "manifest.json").read_text("utf-8"))
    assert extension_id_from_key(manifest["key"]) == EXTENSION_ID
    assert manifest["browser_specific_settings"]["gecko"]["id"] == "metanet@metanet.app"


def test_locales_have_the_same_messages_and_placeholders() -> None:
    assert MESSAGES["en"].keys() == MESSAGES["de"].keys()
    for name, entry in MESSAGES["en"].items():
        assert entry.get("placeholders", {}).keys() == (
            MESSAGES["de"][name].get("placeholders", {}).keys()
        ), name


def test_extension_loads_with_the_stable_id(launch_browser: LaunchBrowser) -> None:
    browser = launch_browser()
    assert browser.extension_id == EXTENSION_ID
    assert browser.service_worker.url.endswith("/background/service-worker.js")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_popup_without_companion_says_how_to_install_it(
    launch_browser: LaunchBrowser, lang: str
) -> None:
    """No host manifest registered: the popup names the exact command to run."""
    browser = launch_browser(lang=lang)
    popup = browser.popup()

    state = popup.locator("[data-state='not-installed']")
    expect(state).to_be_visible()
    expect(state.locator("h2")).to_have_text(message(lang, "notInstalledTitle"))
    expect(state.locator("pre.command")).to_have_text("metanet install")
    expect(popup.locator("html")).to_have_attribute("lang", lang)
    expect(popup.locator("#open-summary")).to_have_text(message(lang, "openSummary"))
    expect(popup).to_have_title("Metanet")
    save_screenshot(popup, f"popup-not-installed-{lang}")
