"""The popup's "Introduce to …" against a scripted host (fake_host.py) answering
``introduce`` in the shape docs/PROTOCOL.md documents; in English and German."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import FakeHost, LaunchBrowser, Site, save_screenshot
from tests.browser.test_popup_answers import PING, lookup, popup_for, sent
from tests.browser.test_popup_states import PROFILE_HTML, PROFILE_URL

pytestmark = pytest.mark.browser

OFFERED = {
    "result": {
        "id": 1, "direction": "given", "state": "offered",
        "person": {"person_id": 7, "name": "Jana Example"},
        "to": {"person_id": 6, "name": "Thomas Müller"}, "partner": None, "events": [],
    }
}  # fmt: skip


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    return https_site


def test_introduce_to_offers_an_introduction(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(), "introduce": OFFERED})
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    form = popup.locator("form.introduce")
    form.get_by_label("Introduce to …").fill("Thomas Müller")
    form.get_by_role("button", name="Offer").click()
    expect(popup.locator(".introduce-status")).to_have_text(
        "Introduction to Thomas Müller offered; follow it up on the summary page."
    )
    (introduce,) = sent(fake_host, "introduce")
    assert (introduce["url"], introduce["to"]) == (PROFILE_URL, "Thomas Müller")
    save_screenshot(popup, "popup-introduce-en")


def test_introduce_failure_is_told_in_german(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    error: dict[str, Any] = {"code": "not_found", "message": "no person is called 'Niemand'"}
    fake_host.script({"ping": PING, "lookup": lookup(), "introduce": {"error": error}})
    browser = launch_browser(site=site, lang="de")
    popup, _ = popup_for(browser)
    popup.get_by_label("Vorstellen bei …").fill("Niemand")
    popup.get_by_role("button", name="Anbieten").click()
    expect(popup.locator(".introduce-status")).to_have_text(
        "Konnte nicht angeboten werden: no person is called 'Niemand'"
    )
