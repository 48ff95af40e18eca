"""The whole path, in Chromium and in Firefox: a saved LinkedIn profile under its real
address → content script → background (service worker / background script) → the real
`metanet host` (registered like `metanet install`) → SQLite → popup → the summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.browser_support import Site, serve_site
from tests.browser.drivers import Stage, running
from tests.db_support import rows

pytestmark = pytest.mark.browser

FIXTURE = "linkedin/profile-public-2024-scoutr.html"
PROFILE_URL = "https://www.linkedin.com/in/eduardo-alvarez-nowak/"
NAME = "Eduardo Alvarez Nowak"
# The first request starts the host (Python imports, database creation); parsing a 300 kB
# page follows. Generous for slow CI machines; a pass is usually a second or two.
SLOW = 30.0


@pytest.fixture
def real_site(tls_files: tuple[Path, Path], real_fixture: Callable[[str], Path]) -> Iterator[Site]:
    # real_fixture (tests/conftest.py) finds shared/fixtures/real/ beside the clone.
    with serve_site(*tls_files) as site:
        site.add_file("/in/eduardo-alvarez-nowak/", real_fixture(FIXTURE))
        yield site


def test_capture_a_profile_through_the_real_companion(
    companion_stage: Stage, request: pytest.FixtureRequest
) -> None:
    database = companion_stage.metanet_home / "metanet.db"
    with running(companion_stage, request) as browser:
        _, tab_id = browser.open_tab(PROFILE_URL)
        popup = browser.popup(tab_id)
        assert popup.settled_state(SLOW).startswith("unknown: Not in your meta-network yet")
        popup.screenshot("e2e-1-unknown")

        popup.click_text("[data-state='unknown'] button", "Add to meta-network")
        assert popup.settled_state(SLOW).startswith("known:")
        known = "[data-state='known']"
        popup.wait_text(f"{known} h2", NAME)
        assert popup.text(f"{known} .notice") == "Saved to your meta-network."
        assert popup.count(f"{known} li.account[data-network='linkedin']") == 1
        popup.screenshot("e2e-2-stored")

        assert (PROFILE_URL, "stored") in rows(database, "select url, outcome from captures")
        accounts = rows(
            database,
            "select name from accounts where network = ? and key = ?",
            "linkedin",
            "eduardo-alvarez-nowak",
        )
        assert accounts == [(NAME,)]

        popup.close()
        again = browser.popup(tab_id)
        assert again.settled_state(SLOW).startswith("known:")
        again.wait_text(f"{known} h2", NAME)
        assert again.text(f"{known} p.muted") == "In your meta-network"
        assert "Update" in again.texts(f"{known} button")
        again.screenshot("e2e-3-known")

        # "Open summary": the host starts `metanet serve` and the login link opens in a tab;
        # the capture is in the log and the person in the list.
        summary = browser.new_tab_after(lambda: again.click("#open-summary"), SLOW)
        summary.wait_contains("body", NAME, SLOW)
        assert summary.url().startswith("http://127.0.0.1:")
        summary.click_text("a", "Capture log")
        row = f"tr:has(a[href='{PROFILE_URL}'])"
        summary.wait_count(row, 1, SLOW)
        assert "stored" in summary.text(row)
        assert NAME in summary.text(row)
        summary.screenshot("e2e-4-summary-captures")


def test_offline_relation_from_the_popup_through_the_real_companion(
    companion_stage: Stage, request: pytest.FixtureRequest
) -> None:
    """Options: declare your account (`me_add`); popup: add a profile, then "I know this
    person offline as …" (`relate`) — the answers come back from the real graph code."""
    with running(companion_stage, request) as browser:
        options = browser.options()
        options.fill("#me-url", "https://www.linkedin.com/in/jana-example/")
        options.click_text("#me-form button", "Add")
        options.wait_text("#me-status", "Your LinkedIn account was added.", SLOW)

        _, tab_id = browser.open_tab(PROFILE_URL)
        popup = browser.popup(tab_id)
        assert popup.settled_state(SLOW).startswith("unknown:")
        popup.click_text("[data-state='unknown'] button", "Add to meta-network")
        assert popup.settled_state(SLOW).startswith("known:")
        assert popup.count("ol.paths") == 0
        popup.wait_contains("[data-state='known']", "No path to this person")

        popup.fill("form.relate input", "golf partner")
        popup.click_text("form.relate button", "Save")
        popup.wait_text("[data-state='known'] .notice", "Saved: golf partner.", SLOW)
        popup.wait_contains("ol.paths li.path", f"You → {NAME} (offline: golf partner)")
        assert "· direct contact" in popup.text(".tie-strength")
        popup.screenshot("e2e-5-related")
        relations = rows(companion_stage.metanet_home / "metanet.db", "select label from relations")
        assert relations == [("golf partner",)]
