"""Single-page apps: the content script sees history navigations and lists that grow as the
user scrolls, and reports them once the page has settled.

The fixture (pages/spa-contacts.html, served as https://www.xing.com/…) renders its list a
moment after load, adds ten cards when the user scrolls to the end, moves to a profile with
``history.pushState`` and back with ``popstate`` — all without a page load. The scripted host
records every capture and its page, so each one can be checked against the URL it claims.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    Browser,
    FakeHost,
    LaunchBrowser,
    Site,
    save_screenshot,
    wait_until,
)

pytestmark = pytest.mark.browser

PAGE = (Path(__file__).parent / "pages" / "spa-contacts.html").read_text(encoding="utf-8")
LIST_URL = "https://www.xing.com/profile/Jana_Example/contacts"
PROFILE_URL = "https://www.xing.com/profile/Person_3"
PING = {"result": {"version": "0.1.0", "protocol": 1, "database": "/tmp/metanet.db"}}
UNKNOWN = {"result": {"url": "x", "supported": True, "known": False, "shared": []}}
STORED = {
    "result": {"capture_id": 1, "outcome": "stored", "site": "xing", "kind": "contacts",
               "error": None, "person": None, "accounts_seen": 1, "ties_seen": 0}
}  # fmt: skip


@pytest.fixture
def spa(https_site: Site) -> Site:
    for path in ("/profile/Jana_Example/contacts", "/profile/Person_3"):
        https_site.add(path, PAGE)
    return https_site


def cards(page_html: str) -> int:
    return len(re.findall(r'data-card="\d+"', page_html))


def check_consistent(capture: dict[str, Any]) -> None:
    """A capture's page is the one its URL names: never the list under the profile's URL."""
    page = capture["page"]
    if capture["url"] == LIST_URL:
        assert "Jana Example – Kontakte</h1>" in page, capture["url"]
        assert '<h1 class="profile-name">' not in page
    else:
        assert capture["url"] == PROFILE_URL
        assert '<h1 class="profile-name">Person 3</h1>' in page
        assert cards(page) == 0


def latest_capture(fake_host: FakeHost, url: str, card_count: int) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        captures = fake_host.captures()
        last = captures[-1] if captures else None
        return last if last and last["url"] == url and cards(last["page"]) == card_count else None

    capture: dict[str, Any] = wait_until(found, what=f"a capture of {url} with {card_count} cards")
    return capture


def test_auto_capture_follows_navigation_and_scrolling(
    launch_browser: LaunchBrowser, spa: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": UNKNOWN, "capture": STORED})
    browser = launch_browser(site=spa)
    browser.settings({"autoCapture": {"xing": True}})
    page, tab_id = browser.open_tab(LIST_URL)

    # 1. the list as loaded (rendered asynchronously after the load event)
    first = latest_capture(fake_host, LIST_URL, 10)
    assert first["title"] == "Jana Example – Kontakte | XING"
    assert first["keep_raw"] is True

    # 2. the user scrolls: ten more cards; the re-capture sends the whole current list
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.locator("li.card")).to_have_count(20)
    latest_capture(fake_host, LIST_URL, 20)

    # 3. a click moves to a profile with pushState: captured under the new URL, once rendered
    page.get_by_role("link", name="Person 3", exact=True).click()
    expect(page.locator("h1.profile-name")).to_have_text("Person 3")
    assert page.url == PROFILE_URL
    latest_capture(fake_host, PROFILE_URL, 0)

    # 4. Back (popstate): the list again, as it is now
    page.go_back()
    latest_capture(fake_host, LIST_URL, 10)

    captures = fake_host.captures()
    for capture in captures:
        check_consistent(capture)
    # One capture per settled state, not one per DOM mutation.
    assert len(captures) <= 6, [(c["url"], cards(c["page"])) for c in captures]
    # Nothing was fetched from the site beyond the user's own page load (and the browser's
    # own favicon request).
    fetched = [path for path in spa.requests if not path.endswith("/favicon.ico")]
    assert fetched == ["www.xing.com/profile/Jana_Example/contacts"]
    save_screenshot(page, "spa-after-back")
    assert browser.badge(tab_id) == ""


def test_without_auto_capture_navigation_only_looks_up(
    launch_browser: LaunchBrowser, spa: Site, fake_host: FakeHost
) -> None:
    """Off by default: a navigation refreshes the badge (lookup) but sends no page."""
    shared = {"result": {**UNKNOWN["result"], "known": True, "shared_total": 4, "shared": []}}
    fake_host.script({"ping": PING, "lookup": UNKNOWN})
    browser = launch_browser(site=spa)
    page, tab_id = browser.open_tab(LIST_URL)
    wait_until(lambda: LIST_URL in lookups(fake_host), what="the lookup of the list")

    fake_host.script({"ping": PING, "lookup": shared})
    expect(page.locator("li.card")).to_have_count(10)
    page.get_by_role("link", name="Person 3", exact=True).click()
    wait_until(lambda: PROFILE_URL in lookups(fake_host), what="the lookup after pushState")
    wait_until(lambda: browser.badge(tab_id) == "4", what="the badge for the new profile")
    assert "capture" not in fake_host.actions()


def lookups(fake_host: FakeHost) -> list[str]:
    return [r["url"] for r in fake_host.requests() if r["action"] == "lookup"]


def test_open_popup_follows_the_tab_to_the_new_url(
    launch_browser: LaunchBrowser, spa: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": UNKNOWN})
    browser: Browser = launch_browser(site=spa)
    page, tab_id = browser.open_tab(LIST_URL)
    popup = browser.popup(tab_id)
    expect(popup.locator("[data-state='unknown']")).to_be_visible()
    expect(page.locator("li.card")).to_have_count(10)

    person = {"id": 3, "name": "Person 3", "is_me": False, "accounts": []}
    known = {**UNKNOWN["result"], "url": PROFILE_URL, "known": True, "person": person}
    fake_host.script({"ping": PING, "lookup": {"result": known}})
    page.get_by_role("link", name="Person 3", exact=True).click()
    expect(popup.locator("[data-state='known'] h2")).to_have_text("Person 3")
    # The fake host logs a request after it replied: poll, as everywhere else (this assert
    # once failed under load when it read the log right after the popup changed).
    wait_until(lambda: lookups(fake_host)[-1:] == [PROFILE_URL], what="the lookup of the new URL")
    save_screenshot(popup, "popup-after-spa-navigation")


def test_spa_captures_reach_the_real_companion(
    launch_browser: LaunchBrowser, spa: Site, companion_host: Path, metanet_home: Path
) -> None:
    """End to end: each settled state is one capture row in the real database, under the
    URL the page had, with the page as it was then (more cards after the scroll)."""
    import sqlite3
    import zlib

    database = metanet_home / "metanet.db"

    def stored() -> list[tuple[str, int]]:
        if not database.exists():
            return []
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
                found = db.execute("select url, html_z from captures order by id").fetchall()
        except sqlite3.OperationalError:
            return []  # the companion is still creating its tables
        return [(url, cards(zlib.decompress(html).decode())) for url, html in found]

    browser = launch_browser(site=spa)
    browser.settings({"autoCapture": {"xing": True}})
    page, _ = browser.open_tab(LIST_URL)
    wait_until(lambda: stored()[-1:] == [(LIST_URL, 10)], 30, what="the list in the database")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    wait_until(lambda: stored()[-1:] == [(LIST_URL, 20)], 30, what="the longer list")
    page.get_by_role("link", name="Person 3", exact=True).click()
    wait_until(lambda: stored()[-1:] == [(PROFILE_URL, 0)], 30, what="the profile")
    save_screenshot(page, "spa-real-companion-profile")
    assert stored() == [(LIST_URL, 10), (LIST_URL, 20), (PROFILE_URL, 0)]


def test_a_page_no_parser_reads_is_not_captured_again_as_it_grows(
    launch_browser: LaunchBrowser, spa: Site, fake_host: FakeHost
) -> None:
    """A feed on an auto-captured site: stored once as "unsupported", not at every scroll."""
    unsupported = {"result": {**STORED["result"], "outcome": "unsupported", "kind": None}}
    fake_host.script({"ping": PING, "lookup": UNKNOWN, "capture": unsupported})
    browser = launch_browser(site=spa)
    browser.settings({"autoCapture": {"xing": True}})
    page, _ = browser.open_tab(LIST_URL)
    latest_capture(fake_host, LIST_URL, 10)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.locator("li.card")).to_have_count(20)
    page.wait_for_timeout(2500)  # two settle periods: a re-capture would have been sent
    assert len(fake_host.captures()) == 1
    # A navigation is a new page: captured once again.
    page.get_by_role("link", name="Person 3", exact=True).click()
    latest_capture(fake_host, PROFILE_URL, 0)
