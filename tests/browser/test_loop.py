"""The everyday loop on real pages under their real addresses, through the real extension
and the real companion (issue 12, "Done when"): declare your own account, add your
connections list ("Saved: 10 contacts"), add a people search, open a profile that shows
what its page says about shared connections and what the lists made known, relate to the
person offline, add someone's followers list and then her profile (the shared connections
her page names, known from the list), and open the summary. Every step is saved as a
screenshot in ``test-output/loop-*.png``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    SITE_HOSTS,
    Browser,
    LaunchBrowser,
    Site,
    save_screenshot,
    serve_site,
)
from tests.browser.browser_support import settled_state as settled

pytestmark = pytest.mark.browser

SLOW_MS = 30_000
LINKEDIN = "https://www.linkedin.com"
INSTAGRAM = "https://www.instagram.com"
PAGES = {
    "/mynetwork/invite-connect/connections/": "linkedin/connections-list-2025-brocc.html",
    "/search/results/people/": "linkedin/search-people-with-mutual-connections-2025-brocc.html",
    "/in/robertkcheung/": "linkedin/profile-loggedin-2025-brocc.html",
    "/rob.douglas.7923": (
        "facebook/m-profile-loggedin-2017-rob.douglas.7923-friends-mutual-skopenow.html"
    ),
    "/hausoftiffany/followers/": "instagram/followers-2025-brocc.html",
    "/hausoftiffany/": "instagram/profile-2025-brocc.html",
}
#: the popup's largest height: Chromium shows at most 600 px of a toolbar popup
POPUP_MAX_HEIGHT = 600


def rows(database: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


@pytest.fixture
def real_site(tls_files: tuple[Path, Path], real_fixture: Callable[[str], Path]) -> Iterator[Site]:
    """The real pages, served under LinkedIn's, Facebook's and Instagram's own addresses."""
    hosts = (*SITE_HOSTS, "m.facebook.com", "www.instagram.com")
    with serve_site(*tls_files, hosts=hosts) as site:
        for path, page in PAGES.items():
            site.add_file(path, real_fixture(page))
        yield site


@pytest.fixture
def summary_server_cleanup(metanet_home: Path) -> Iterator[None]:
    """Stop the summary server that the host starts detached for "Open summary"."""
    yield
    record = metanet_home / "server.json"
    if record.exists():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(json.loads(record.read_text())["pid"]), signal.SIGTERM)


def popup_for(browser: Browser, url: str) -> Any:
    _, tab_id = browser.open_tab(url)
    return browser.popup(tab_id)


def height(page: Any) -> int:
    """How tall the popup's content is (the toolbar popup grows to it, up to 600 px)."""
    return int(page.locator("body").bounding_box()["height"])


def test_the_everyday_loop_on_real_pages(
    summary_server_cleanup: None,
    launch_browser: LaunchBrowser,
    real_site: Site,
    companion_host: Path,
    metanet_home: Path,
) -> None:
    database = metanet_home / "metanet.db"
    browser = launch_browser(site=real_site)

    # 1. Your own account, with your name (the options page; `metanet me add` alike).
    options = browser.options()
    options.get_by_label("Profile address of one of your accounts").fill(
        f"{LINKEDIN}/in/jana-example/"
    )
    options.locator("#me-name").fill("Jana Example")
    options.get_by_role("button", name="Add", exact=True).click()
    expect(options.locator("#me-status")).to_have_text(
        "Your LinkedIn account was added.", timeout=SLOW_MS
    )
    save_screenshot(options, "loop-1-own-account")

    # 2. Your connections list: "Add these 10 contacts of yours", then "Saved: …".
    popup = popup_for(browser, f"{LINKEDIN}/mynetwork/invite-connect/connections/")
    assert settled(popup, SLOW_MS).startswith("list:")
    add = popup.locator("[data-state='list'] button.primary")
    expect(add).to_have_text("Add these 10 contacts of yours")
    save_screenshot(popup, "loop-2-connections-list")
    add.click()
    assert settled(popup, SLOW_MS).startswith("list-saved:")
    expect(popup.locator(".notice")).to_have_text("Saved: 10 contacts of yours (10 new)")
    save_screenshot(popup, "loop-3-connections-saved")
    popup.close()

    # 3. A people search: each result names the mutual connections you share.
    popup = popup_for(browser, f"{LINKEDIN}/search/results/people/?keywords=substrate")
    assert settled(popup, SLOW_MS).startswith("list:")
    popup.locator("[data-state='list'] button.primary").click()
    assert settled(popup, SLOW_MS).startswith("list-saved:")
    expect(popup.locator(".notice")).to_have_text("Saved: 10 people from this search (10 new)")
    popup.close()

    # 4. A profile not added yet: whose it is, and what its page says, before the button.
    popup = popup_for(browser, f"{LINKEDIN}/in/robertkcheung/")
    assert settled(popup, SLOW_MS).startswith("unknown:")
    unknown = popup.locator("[data-state='unknown']")
    expect(unknown.locator("h2")).to_have_text("Rob Cheung", timeout=SLOW_MS)
    expect(unknown.locator(".headline")).to_have_text("Co-Founder ꩜Substrate")
    expect(unknown.locator(".said-shared")).to_have_text(
        "LinkedIn shows 291 mutual connections; Metanet knows 0"
    )
    save_screenshot(popup, "loop-4-profile-before-adding")
    unknown.get_by_role("button", name="Add to meta-network").click()
    assert settled(popup, SLOW_MS).startswith("known:")
    known = popup.locator("[data-state='known']")
    expect(known.locator(".notice")).to_have_text("Saved to your meta-network.")
    expect(known.locator("h2")).to_have_text("Rob Cheung")
    # from the list: the search page named Rob as your connection; from the page: 291
    expect(known.locator(".tie-strength")).to_contain_text("You know them directly")
    expect(known.locator(".said-shared")).to_have_text(
        "LinkedIn shows 291 mutual connections; Metanet knows 0"
    )
    expect(known.locator(".named-only")).to_contain_text("Bhaval Patel, Ron Shapiro")
    expect(known.locator("li.account")).to_have_count(1)  # one member, one account
    save_screenshot(popup, "loop-5-profile-added")
    assert height(popup) <= POPUP_MAX_HEIGHT
    accounts = rows(database, "select key from accounts where name = 'Rob Cheung'")
    assert accounts == [("robertkcheung",)]

    # 5. "I know this person offline as …"
    popup.get_by_label("I know this person offline as …").fill("golf partner")
    popup.get_by_role("button", name="Save").click()
    expect(popup.locator("[data-state='known'] .notice")).to_have_text(
        "Saved: golf partner.", timeout=SLOW_MS
    )
    save_screenshot(popup, "loop-6-offline-relation")
    assert rows(database, "select label from relations") == [("golf partner",)]
    popup.close()

    # 6. A profile whose page names mutual friends with their links: ties on both sides,
    #    so Metanet knows them, and each is marked as named on the page.
    popup = popup_for(browser, "https://m.facebook.com/rob.douglas.7923")
    assert settled(popup, SLOW_MS).startswith("unknown:")
    popup.get_by_role("button", name="Add to meta-network").click()
    assert settled(popup, SLOW_MS).startswith("known:")
    known = popup.locator("[data-state='known']")
    expect(known.locator(".said-shared")).to_have_text(
        "Facebook names 2 mutual friends; Metanet knows 2"
    )
    expect(known.locator("ul.shared li")).to_have_count(2)
    expect(known.locator("ul.shared li .on-page")).to_have_count(2)
    save_screenshot(popup, "loop-7-shared-from-the-page")
    popup.close()

    # 7. Someone's followers list, then their profile: the people it shows you follow
    #    ("Followed by robertkarpay, instadan_027 + 56 more") are her shared connections,
    #    known to Metanet from the list.
    popup = popup_for(browser, f"{INSTAGRAM}/hausoftiffany/followers/")
    assert settled(popup, SLOW_MS).startswith("list:")
    add = popup.locator("[data-state='list'] button.primary")
    expect(add).to_have_text("Add these 12 followers of tiff")
    add.click()
    assert settled(popup, SLOW_MS).startswith("list-saved:")
    expect(popup.locator(".notice")).to_have_text("Saved: 12 followers of tiff (12 new)")
    popup.close()
    popup = popup_for(browser, f"{INSTAGRAM}/hausoftiffany/")
    assert settled(popup, SLOW_MS).startswith("known:")  # the list made her known
    popup.locator("[data-state='known'] button.primary").click()  # "Update"
    assert settled(popup, SLOW_MS).startswith("known:")
    known = popup.locator("[data-state='known']")
    expect(known.locator(".said-shared")).to_have_text(
        "Instagram shows 58 followers you follow; Metanet knows 2"
    )
    # you follow them and they follow her: one-way follows, which the person graph does
    # not count as shared, so they are listed as the page named them
    expect(known.locator("h3").first).to_have_text("Shared connections (2)")
    expect(known.locator("ul.shared li .on-page")).to_have_count(2)
    expect(known.locator("ul.shared")).to_contain_text("robertkarpay")
    expect(known.locator("ul.shared")).to_contain_text("instadan_027")
    expect(known.locator(".named-only")).to_have_count(0)
    save_screenshot(popup, "loop-8-shared-from-list-and-page")
    assert height(popup) <= POPUP_MAX_HEIGHT

    # 8. The summary: the person page with what the page said, the capture log.
    with browser.context.expect_page(timeout=SLOW_MS) as opened:
        popup.get_by_role("button", name="Open summary").click()
    summary = opened.value
    summary.wait_for_load_state()
    summary.goto(summary.url.split("/", 3)[0] + "//" + summary.url.split("/")[2] + "/people")
    summary.get_by_role("link", name="Rob Cheung").first.click()
    expect(summary.locator(".said-shared")).to_contain_text(
        "LinkedIn shows 291 mutual connections; Metanet knows 0"
    )
    expect(summary.locator("h1")).to_have_text("Rob Cheung")
    save_screenshot(summary, "loop-9-summary-person")
    summary.get_by_role("link", name="Capture log").click()
    expect(summary.locator("table.captures tbody tr")).to_have_count(6)
    expect(summary.locator("body")).not_to_contain_text("(no name)")
    save_screenshot(summary, "loop-10-summary-captures")
