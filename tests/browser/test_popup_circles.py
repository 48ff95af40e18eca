"""Circles in the popup, through the real companion: "In circles: …" on a known person, a
path through a circle with its explanation, and "Add to circle"."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from metanet.demo.seed import load
from metanet.services import circles
from metanet.store import Store
from tests.browser.browser_support import LaunchBrowser, Site, save_screenshot, settled_state
from tests.circles_support import CHAPTER, MEMBERS, bni_chapter

pytestmark = pytest.mark.browser

FIXTURE = "linkedin/profile-public-2024-scoutr.html"
PROFILE_URL = "https://www.linkedin.com/in/eduardo-alvarez-nowak/"
NAME = "Eduardo Alvarez Nowak"
SLOW_MS = 30_000


def seed(home: Path) -> None:
    """The demo network; Eduardo (known by his profile address only) is in the BNI chapter
    with the user's Facebook friend Petra; a golf club to add him to."""
    with Store(home / "metanet.db") as store:
        load(store)
        chapter, _ = bni_chapter(store)
        circles.add_profile(store, PROFILE_URL, circle_id=chapter, name=NAME)
        circles.create(store, "Golfclub Starnberg", kind="club")


def test_a_path_through_a_circle_and_add_to_circle_in_the_popup(
    launch_browser: LaunchBrowser,
    https_site: Site,
    companion_host: Path,
    metanet_home: Path,
    real_fixture: Callable[[str], Path],
) -> None:
    seed(metanet_home)
    https_site.add_file("/in/eduardo-alvarez-nowak/", real_fixture(FIXTURE))
    browser = launch_browser(site=https_site)
    _, tab_id = browser.open_tab(PROFILE_URL)
    popup = browser.popup(tab_id)
    assert settled_state(popup, SLOW_MS).startswith("known:")
    known = popup.locator("[data-state='known']")
    expect(known.locator("ul.circles li")).to_have_text([f"{CHAPTER} ({MEMBERS + 1} members)"])
    path = known.locator("ol.paths li.path").first
    expect(path).to_contain_text(f"You → Petra Huber (Facebook) → {NAME} (circle: {CHAPTER})")
    expect(path.locator(".circle-reason")).to_have_text(
        f" — both in {CHAPTER}, {MEMBERS + 1} members"
    )
    save_screenshot(popup, "circles-1-path-through-a-circle")

    expect(known.get_by_label("Add to circle")).to_be_hidden()  # behind "Circle…" (600 px)
    known.get_by_role("button", name="Circle…").click()
    expect(known.get_by_label("Add to circle")).to_be_focused()
    known.get_by_label("Add to circle").select_option(label="Golfclub Starnberg")
    known.get_by_role("button", name="Add", exact=True).click()
    expect(popup.locator("[data-state='known'] .notice")).to_have_text(
        "Added to Golfclub Starnberg.", timeout=SLOW_MS
    )
    expect(popup.locator("ul.circles li")).to_have_text(
        [f"{CHAPTER} ({MEMBERS + 1} members)", "Golfclub Starnberg (1 member)"]
    )
    save_screenshot(popup, "circles-2-added")
    with sqlite3.connect(f"file:{metanet_home / 'metanet.db'}?mode=ro", uri=True) as db:
        joined = db.execute(
            "select c.name from circle_members m join circles c on c.id = m.circle_id "
            "join accounts a on a.id = m.account_id where a.key = 'eduardo-alvarez-nowak' "
            "order by c.name"
        ).fetchall()
    assert joined == [(CHAPTER,), ("Golfclub Starnberg",)]
