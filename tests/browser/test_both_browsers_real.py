"""The real companion (`metanet host`, registered like `metanet install`) in Chromium and in
Firefox: the options round trip, capture of real saved pages under their real addresses
(a connections list, a profile), the badge, and "Open summary" logged in. Each test starts
its own browser over a fresh database. Screenshots go to ``test-output/<browser>/``.

test_firefox_install_end_to_end runs the installer's Firefox row on Linux as a user would:
``metanet install`` finds Firefox, writes ``~/.mozilla/native-messaging-hosts/``, and
Firefox started with that HOME launches the host.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import metanet
from tests.browser.browser_support import SITE_HOSTS, Site, serve_site, wait_until
from tests.browser.drivers import BROWSERS, Stage, running

pytestmark = pytest.mark.browser

SLOW = 30.0  # the first request starts Python and creates the database
LINKEDIN = "https://www.linkedin.com"
ME_URL = f"{LINKEDIN}/in/jana-example/"
PAGES = {
    "/mynetwork/invite-connect/connections/": "linkedin/connections-list-2025-brocc.html",
    "/in/robertkcheung/": "linkedin/profile-loggedin-2025-brocc.html",
    "/rob.douglas.7923": (
        "facebook/m-profile-loggedin-2017-rob.douglas.7923-friends-mutual-skopenow.html"
    ),
}


def rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchall()


@pytest.fixture(params=BROWSERS)
def browser_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def real_site(tls_files: tuple[Path, Path], real_fixture: Callable[[str], Path]) -> Iterator[Site]:
    """Real saved pages under LinkedIn's own addresses."""
    with serve_site(*tls_files, hosts=(*SITE_HOSTS, "m.facebook.com")) as site:
        for path, page in PAGES.items():
            site.add_file(path, real_fixture(page))
        site.add("/in/jana-example/", "<!doctype html><title>Jana | LinkedIn</title><h1>Jana")
        yield site


@pytest.fixture
def stage(browser_name: str, tmp_path: Path, real_site: Site) -> Iterator[Stage]:
    """Folders for one run with the real companion registered; stops the summary server
    the host starts detached for "Open summary"."""
    stage = Stage(browser=browser_name, root=tmp_path, site=real_site).prepare()
    stage.companion()
    yield stage
    record = stage.metanet_home / "server.json"
    if record.exists():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(json.loads(record.read_text())["pid"]), signal.SIGTERM)


def test_options_round_trip_with_the_real_companion(
    stage: Stage, request: pytest.FixtureRequest
) -> None:
    database = stage.metanet_home / "metanet.db"
    with running(stage, request) as browser:
        options = browser.options()
        # Diagnostics: the real companion's version, protocol and database.
        options.wait_text("#diag-version", metanet.__version__, SLOW)
        assert options.text("#diag-protocol") == "1"
        assert options.text("#diag-database") == str(database)
        assert options.text("#diag-last-error") == "none"

        # Your accounts: declared through `me_add`, listed through `me`.
        options.wait_text("#my-accounts", "No account declared yet.")
        options.fill("#me-url", ME_URL + "?trk=x")
        options.click("#me-form button[type='submit']")
        options.wait_text("#me-status", "Your LinkedIn account was added.", SLOW)
        options.wait_contains("li.my-account[data-network='linkedin']", ME_URL)
        assert rows(database, "select a.key from accounts a join persons p on "
                    "p.id = a.person_id where p.is_me = 1") == [("jana-example",)]  # fmt: skip

        # An address that is no profile is refused with the companion's reason.
        options.fill("#me-url", "ftp://example.org/x")
        options.click("#me-form button[type='submit']")
        options.wait_text(
            "#me-status",
            "Could not add the account: not a profile address Metanet understands: "
            "ftp://example.org/x",
        )

        # Auto-capture and keep-raw: stored at once, shown again on a reopened page.
        options.click("input[data-site='xing']")
        options.click("#keep-raw")
        wait_until(lambda: browser.storage().get("keepRaw") is False, what="keepRaw saved")
        assert browser.storage()["autoCapture"]["xing"] is True
        options.screenshot("options-real-companion")
        options.close()
        again = browser.options()
        assert again.evaluate("document.querySelector(\"input[data-site='xing']\").checked")
        assert not again.evaluate("document.querySelector('#keep-raw').checked")
        again.wait_count("li.my-account", 1)


def test_real_pages_badge_and_summary_with_the_real_companion(
    stage: Stage, request: pytest.FixtureRequest
) -> None:
    database = stage.metanet_home / "metanet.db"
    with running(stage, request) as browser:
        # 1. Your connections list: "Add these 10 contacts of yours", then "Saved: …".
        _, list_tab = browser.open_tab(f"{LINKEDIN}/mynetwork/invite-connect/connections/")
        popup = browser.popup(list_tab)
        assert popup.settled_state(SLOW).startswith("list:")
        assert popup.text("[data-state='list'] button.primary") == "Add these 10 contacts of yours"
        popup.screenshot("real-1-connections-list")
        popup.click("[data-state='list'] button.primary")
        assert popup.settled_state(SLOW).startswith("list-saved:")
        assert popup.text(".notice") == "Saved: 10 contacts of yours (10 new)"
        popup.screenshot("real-2-connections-saved")
        popup.close()

        # 2. A profile: whose it is before adding, then added; the badge counts shared people.
        _, tab_id = browser.open_tab(f"{LINKEDIN}/in/robertkcheung/")
        popup = browser.popup(tab_id)
        assert popup.settled_state(SLOW).startswith("unknown:")
        popup.wait_text("[data-state='unknown'] h2", "Rob Cheung", SLOW)
        popup.screenshot("real-3-profile-before-adding")
        popup.click("[data-state='unknown'] button.primary")
        assert popup.settled_state(SLOW).startswith("known:")
        popup.wait_text("[data-state='known'] .notice", "Saved to your meta-network.")
        popup.wait_text("[data-state='known'] h2", "Rob Cheung")
        popup.screenshot("real-4-profile-added")
        assert rows(database, "select key from accounts where name = 'Rob Cheung'") == [
            ("robertkcheung",)
        ]
        assert browser.badge(tab_id) == ""  # nobody shared: no number
        popup.close()

        # 3. A profile whose page names two mutual friends with their links: the badge says 2.
        _, tab_id = browser.open_tab("https://m.facebook.com/rob.douglas.7923")
        popup = browser.popup(tab_id)
        assert popup.settled_state(SLOW).startswith("unknown:")
        popup.click("[data-state='unknown'] button.primary")
        assert popup.settled_state(SLOW).startswith("known:")
        popup.wait_text(
            "[data-state='known'] .said-shared", "Facebook names 2 mutual friends; Metanet knows 2"
        )
        assert popup.count("[data-state='known'] ul.shared li") == 2
        popup.screenshot("real-5-shared-from-the-page")
        wait_until(lambda: browser.badge(tab_id) == "2", what=f"{browser.name}: badge 2")

        # 4. "Open summary": the host starts `metanet serve`; the login link opens logged in.
        try:
            summary = browser.new_tab_after(lambda: popup.click("#open-summary"), SLOW)
        except AssertionError as failure:
            raise AssertionError(f"{failure}; the popup says {popup.text('footer')!r}") from None
        assert summary.url().startswith("http://127.0.0.1:")
        summary.wait_contains("body", "Rob Cheung", SLOW)
        summary.click("a[href$='/captures']")
        summary.wait_count("table.captures tbody tr", 3, SLOW)
        assert "(no name)" not in summary.text("body")
        summary.screenshot("real-6-summary-captures")


def test_firefox_install_end_to_end(
    tmp_path: Path, request: pytest.FixtureRequest, firefox_executable: Path
) -> None:
    """install → Firefox launches the host → the options page shows the companion's version.

    ``metanet install`` runs as a user would (HOME a fresh folder, Firefox on the PATH and
    no ``~/.mozilla`` yet): it must find Firefox and write its Linux user row.
    """
    stage = Stage(browser="firefox", root=tmp_path).prepare()
    env = {**stage.env, "PATH": f"{firefox_executable.parent}{os.pathsep}{os.environ['PATH']}"}
    install = subprocess.run(
        [sys.executable, "-m", "metanet", "install", "--json"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    (firefox,) = [
        row
        for row in json.loads(install.stdout)["results"]
        if (row["browser"], row["variant"]) == ("firefox", "native")
    ]
    manifest = stage.home / ".mozilla" / "native-messaging-hosts" / "metanet.companion.json"
    assert (firefox["action"], firefox["manifest"]) == ("created", str(manifest))
    assert json.loads(manifest.read_text())["allowed_extensions"] == ["metanet@metanet.app"]

    with running(stage, request) as browser:
        options = browser.options()
        options.wait_text("#diag-version", metanet.__version__, SLOW)
        assert options.text("#diag-database") == str(stage.metanet_home / "metanet.db")
        options.screenshot("installed-options")
