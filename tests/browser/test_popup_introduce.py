"""The popup's "Introduce to …" against a scripted host (fake_host.py) answering
``introduce`` in the shape docs/PROTOCOL.md documents; in English and German, in Chromium
and in Firefox (drivers.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.browser_support import PROFILE_URL, FakeHost
from tests.browser.drivers import Driver, Run
from tests.browser.test_popup_answers import PING, lookup, popup_for, sent

pytestmark = pytest.mark.browser

OFFERED = {
    "result": {
        "id": 1, "direction": "given", "state": "offered",
        "person": {"person_id": 7, "name": "Jana Example"},
        "to": {"person_id": 6, "name": "Thomas Müller"}, "partner": None, "events": [],
    }
}  # fmt: skip


def test_introduce_to_offers_an_introduction(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup(), "introduce": OFFERED})
    popup, _ = popup_for(browser)
    assert popup.text("form.introduce label") == "Introduce to …"
    popup.fill("form.introduce input", "Thomas Müller")
    popup.click_text("form.introduce button", "Offer")
    popup.wait_text(
        ".introduce-status",
        "Introduction to Thomas Müller offered; follow it up on the summary page.",
    )
    (introduce,) = sent(fake, "introduce")
    assert (introduce["url"], introduce["to"]) == (PROFILE_URL, "Thomas Müller")
    popup.screenshot("popup-introduce-en")


def test_introduce_failure_is_told_in_german(use: Callable[..., Run]) -> None:
    run = use("de")
    error: dict[str, Any] = {"code": "not_found", "message": "no person is called 'Niemand'"}
    run.fake.script({"ping": PING, "lookup": lookup(), "introduce": {"error": error}})
    popup, _ = popup_for(run.driver)
    assert popup.text("form.introduce label") == "Vorstellen bei …"
    popup.fill("form.introduce input", "Niemand")
    popup.click_text("form.introduce button", "Anbieten")
    popup.wait_text(
        ".introduce-status", "Konnte nicht angeboten werden: no person is called 'Niemand'"
    )
