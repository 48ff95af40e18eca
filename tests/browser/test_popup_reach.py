"""The popup's "reach" line (issue 18): how to write to or call the person on the tab, from
the lookup's ``contact`` (docs/PROTOCOL.md), as mailto:/tel:/https links — against a
scripted host (fake_host.py) in the protocol's shape; in Chromium and in Firefox (drivers.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.drivers import Driver, Run
from tests.browser.test_popup_answers import PING, lookup, popup_for

pytestmark = pytest.mark.browser


def way(kind: str, value: str, href: str, shown: str) -> dict[str, object]:
    return {"kind": kind, "value": value, "href": href, "shown": shown, "network": None,
            "national": None, "international": None, "last_seen": "2026-11-28T12:00:00+00:00",
            "sources": [{"network": "addressbook", "import_file": "kontakte.vcf"}]}  # fmt: skip


CONTACT = {
    "emails": [way("email", "jana@example.de", "mailto:jana@example.de", "jana@example.de")],
    "phones": [
        way("phone", "+491712345678", "tel:+491712345678", "0171 2345678"),
        way("phone", "+49891234567", "javascript:alert(1)", "089 1234567"),  # never a link
    ],
    "websites": [way("website", "https://jana.example", "https://jana.example", "jana.example")],
    "profiles": [],
}


@pytest.mark.parametrize(("lang", "label"), [("en", "Reach:"), ("de", "Erreichbar:")])
def test_the_reach_line_links_to_write_and_call(
    use: Callable[..., Run], lang: str, label: str
) -> None:
    run = use(lang)
    run.fake.script({"ping": PING, "lookup": lookup(contact=CONTACT)})
    popup, _ = popup_for(run.driver)
    reach = "[data-state='known'] p.reach"
    popup.wait_text(reach, f"{label} jana@example.de · 0171 2345678 · 089 1234567 · jana.example")
    links = popup.evaluate(
        f"Array.from(document.querySelectorAll({reach!r} + ' a'),"
        " (a) => [a.innerText.trim(), a.getAttribute('href')])"
    )
    # The phone number whose link is not tel: stays text.
    assert links == [
        ["jana@example.de", "mailto:jana@example.de"],
        ["0171 2345678", "tel:+491712345678"],
        ["jana.example", "https://jana.example/"],
    ]
    popup.screenshot(f"popup-reach-{lang}")


def test_no_line_without_a_way_to_reach_them(browser: Driver, run: Run) -> None:
    nothing: dict[str, list[str]] = {"emails": [], "phones": [], "websites": [], "profiles": []}
    run.fake.script({"ping": PING, "lookup": lookup(contact=nothing)})
    popup, _ = popup_for(browser)
    assert popup.settled_state().startswith("known:")
    assert popup.count("p.reach") == 0
