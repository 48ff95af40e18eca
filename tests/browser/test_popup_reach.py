"""The popup's "reach" line (issue 18): how to write to or call the person on the tab, from
the lookup's ``contact`` (docs/PROTOCOL.md), as mailto:/tel:/https links — against a
scripted host (fake_host.py) in the protocol's shape."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import FakeHost, LaunchBrowser, Site, save_screenshot
from tests.browser.test_popup_answers import PING, lookup, popup_for
from tests.browser.test_popup_states import PROFILE_HTML

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


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    return https_site


@pytest.mark.parametrize(("lang", "label"), [("en", "Reach:"), ("de", "Erreichbar:")])
def test_the_reach_line_links_to_write_and_call(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost, lang: str, label: str
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(contact=CONTACT)})
    browser = launch_browser(lang=lang, site=site)
    popup, _ = popup_for(browser)
    reach = popup.locator("[data-state='known'] p.reach")
    expect(reach).to_have_text(
        f"{label} jana@example.de · 0171 2345678 · 089 1234567 · jana.example"
    )
    expect(reach.get_by_role("link", name="jana@example.de")).to_have_attribute(
        "href", "mailto:jana@example.de"
    )
    expect(reach.get_by_role("link", name="0171 2345678")).to_have_attribute(
        "href", "tel:+491712345678"
    )
    expect(reach.get_by_role("link", name="089 1234567")).to_have_count(0)
    expect(reach.get_by_role("link", name="jana.example")).to_have_attribute(
        "href", "https://jana.example/"
    )
    save_screenshot(popup, f"popup-reach-{lang}")


def test_no_line_without_a_way_to_reach_them(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    nothing: dict[str, list[str]] = {"emails": [], "phones": [], "websites": [], "profiles": []}
    fake_host.script({"ping": PING, "lookup": lookup(contact=nothing)})
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    expect(popup.locator("[data-state='known']")).to_be_visible()
    expect(popup.locator("p.reach")).to_have_count(0)
