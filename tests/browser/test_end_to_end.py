"""The whole path: a saved LinkedIn profile under its real address → content script → service
worker → the real `metanet host` (registered like `metanet install`) → SQLite → popup.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import LaunchBrowser, Site, save_screenshot, settled_state

pytestmark = pytest.mark.browser

FIXTURE = "linkedin/profile-public-2024-scoutr.html"
PROFILE_URL = "https://www.linkedin.com/in/eduardo-alvarez-nowak/"
NAME = "Eduardo Alvarez Nowak"
# The first request starts the host (Python imports, database creation); parsing a 300 kB
# page follows. Generous for slow CI machines; a pass is usually a second or two.
SLOW_MS = 30_000


def rows(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


@pytest.fixture
def summary_server_cleanup(metanet_home: Path) -> Iterator[None]:
    """Stop the summary server that the host starts detached for "Open summary"."""
    yield
    record = metanet_home / "server.json"
    if record.exists():
        with_pid = json.loads(record.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(with_pid["pid"]), signal.SIGTERM)


def test_capture_a_profile_through_the_real_companion(
    summary_server_cleanup: None,
    launch_browser: LaunchBrowser,
    https_site: Site,
    companion_host: Path,
    metanet_home: Path,
    real_fixture: Callable[[str], Path],
) -> None:
    # real_fixture (tests/conftest.py) finds shared/fixtures/real/ beside the clone.
    https_site.add_file("/in/eduardo-alvarez-nowak/", real_fixture(FIXTURE))
    browser = launch_browser(site=https_site)
    _, tab_id = browser.open_tab(PROFILE_URL)

    popup = browser.popup(tab_id)
    assert settled_state(popup, SLOW_MS).startswith("unknown: Not in your meta-network yet")
    unknown = popup.locator("[data-state='unknown']")
    save_screenshot(popup, "e2e-1-unknown")

    unknown.get_by_role("button", name="Add to meta-network").click()
    assert settled_state(popup, SLOW_MS).startswith("known:")
    known = popup.locator("[data-state='known']")
    expect(known.locator("h2")).to_have_text(NAME)
    expect(known.locator(".notice")).to_have_text("Saved to your meta-network.")
    expect(known.locator("li.account[data-network='linkedin']")).to_have_count(1)
    save_screenshot(popup, "e2e-2-stored")

    database = metanet_home / "metanet.db"
    captures = rows(database, "select url, outcome from captures")
    assert (PROFILE_URL, "stored") in captures
    accounts = rows(
        database,
        "select name from accounts where network = ? and key = ?",
        "linkedin",
        "eduardo-alvarez-nowak",
    )
    assert accounts == [(NAME,)]

    popup.close()
    again = browser.popup(tab_id)
    assert settled_state(again, SLOW_MS).startswith("known:")
    known = again.locator("[data-state='known']")
    expect(known.locator("h2")).to_have_text(NAME)
    expect(known.locator("p.muted").first).to_have_text("In your meta-network")
    expect(known.get_by_role("button", name="Update")).to_be_visible()
    save_screenshot(again, "e2e-3-known")

    # "Open summary": the host starts `metanet serve` and the login link opens in a tab;
    # the capture is in the log and the person in the list.
    with browser.context.expect_page(timeout=SLOW_MS) as opened:
        again.get_by_role("button", name="Open summary").click()
    summary = opened.value
    summary.wait_for_load_state()
    expect(summary.get_by_text(NAME).first).to_be_visible(timeout=SLOW_MS)
    assert summary.url.startswith("http://127.0.0.1:")
    summary.get_by_role("link", name="Capture log").click()
    row = summary.locator("tr", has=summary.locator(f'a[href="{PROFILE_URL}"]'))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("stored")
    expect(row).to_contain_text(NAME)
    save_screenshot(summary, "e2e-4-summary-captures")


def test_offline_relation_from_the_popup_through_the_real_companion(
    launch_browser: LaunchBrowser,
    https_site: Site,
    companion_host: Path,
    metanet_home: Path,
    real_fixture: Callable[[str], Path],
) -> None:
    """Options: declare your account (`me_add`); popup: add a profile, then "I know this
    person offline as …" (`relate`) — the answers come back from the real graph code."""
    https_site.add_file("/in/eduardo-alvarez-nowak/", real_fixture(FIXTURE))
    browser = launch_browser(site=https_site)
    options = browser.options()
    options.get_by_label("Profile address of one of your accounts").fill(
        "https://www.linkedin.com/in/jana-example/"
    )
    options.get_by_role("button", name="Add", exact=True).click()
    expect(options.locator("#me-status")).to_have_text(
        "Your LinkedIn account was added.", timeout=SLOW_MS
    )

    _, tab_id = browser.open_tab(PROFILE_URL)
    popup = browser.popup(tab_id)
    assert settled_state(popup, SLOW_MS).startswith("unknown:")
    popup.get_by_role("button", name="Add to meta-network").click()
    assert settled_state(popup, SLOW_MS).startswith("known:")
    expect(popup.locator("ol.paths")).to_have_count(0)
    expect(popup.locator("[data-state='known']")).to_contain_text("No path to this person")

    popup.get_by_label("I know this person offline as …").fill("golf partner")
    popup.get_by_role("button", name="Save").click()
    expect(popup.locator("[data-state='known'] .notice")).to_have_text(
        "Saved: golf partner.", timeout=SLOW_MS
    )
    expect(popup.locator("ol.paths li.path").first).to_contain_text(
        f"You → {NAME} (offline: golf partner)"
    )
    expect(popup.locator(".tie-strength")).to_contain_text("You know them directly")
    save_screenshot(popup, "e2e-5-related")
    relations = rows(metanet_home / "metanet.db", "select label from relations")
    assert relations == [("golf partner",)]
