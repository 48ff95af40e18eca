"""The extension loads in Debian's Chromium (unpacked) and Firefox ESR (the built add-on),
under its stable id, and its popup speaks both languages."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from tests.browser.browser_support import EXTENSION_DIR, EXTENSION_ID
from tests.browser.drivers import Driver, Stage, running
from tests.browser.firefox_support import ADDON_ORIGIN, GECKO_ID

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


def test_extension_loads_with_the_stable_id(browser: Driver) -> None:
    """Chromium derives the id from the manifest's key; Firefox takes the gecko id of the
    build (its moz-extension:// address is per profile: the test pins it)."""
    expected = {
        "chromium": [EXTENSION_ID, f"chrome-extension://{EXTENSION_ID}/"],
        "firefox": [GECKO_ID, ADDON_ORIGIN],
    }
    assert (
        browser.call("return [api.runtime.id, api.runtime.getURL('')];") == expected[browser.name]
    )
    # The background module ran: a service worker in Chromium, a background script in Firefox.
    assert browser.background("return typeof metanet.native.request;") == "function"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_popup_without_companion_says_how_to_install_it(
    request: pytest.FixtureRequest, tmp_path: Path, browser_name: str, lang: str
) -> None:
    """No host manifest registered: the popup names the exact command to run."""
    stage = Stage(browser=browser_name, root=tmp_path, lang=lang).prepare()
    with running(stage, request) as browser:
        popup = browser.popup(-1)
        state = popup.settled_state()
        assert state.startswith("not-installed: "), state
        assert popup.text("[data-state='not-installed'] h2") == message(lang, "notInstalledTitle")
        assert popup.text("[data-state='not-installed'] pre.command") == "metanet install"
        assert popup.evaluate("document.documentElement.lang") == lang
        assert popup.text("#open-summary") == message(lang, "openSummary")
        assert popup.evaluate("document.title") == "Metanet"
        popup.screenshot(f"popup-not-installed-{lang}")
