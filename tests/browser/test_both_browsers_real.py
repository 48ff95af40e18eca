"""The real companion (`metanet host`, registered like `metanet install`) in Chromium and in
Firefox: the options round trip (diagnostics, your accounts, auto-capture, keep-raw and a
capture stored without its page). Each test starts its own browser over a fresh database.
Screenshots go to ``test-output/<browser>/``. Real saved pages, the badge and "Open summary"
logged in, through the real companion: test_loop.py and test_end_to_end.py.

test_firefox_install_end_to_end runs the installer's Firefox row on Linux as a user would:
``metanet install`` finds Firefox, writes ``~/.mozilla/native-messaging-hosts/``, and
Firefox started with that HOME launches the host.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import metanet
from tests.browser.browser_support import Site, serve_site, wait_until
from tests.browser.drivers import Stage, running
from tests.db_support import rows

pytestmark = pytest.mark.browser

SLOW = 30.0  # the first request starts Python and creates the database
LINKEDIN = "https://www.linkedin.com"
ME_URL = f"{LINKEDIN}/in/jana-example/"


@pytest.fixture
def real_site(tls_files: tuple[Path, Path]) -> Iterator[Site]:
    """Your own profile's address, for the capture with "keep raw pages" off."""
    with serve_site(*tls_files) as site:
        site.add("/in/jana-example/", "<!doctype html><title>Jana | LinkedIn</title><h1>Jana")
        yield site


def test_options_round_trip_with_the_real_companion(
    companion_stage: Stage, request: pytest.FixtureRequest
) -> None:
    stage = companion_stage
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

        # Auto-capture and keep-raw: off / on by default, stored at once, shown again on a
        # reopened page.
        assert not options.checked("input[data-site='xing']")
        assert not options.checked("input[data-site='mastodon']")
        assert options.checked("#keep-raw")
        options.click("input[data-site='xing']")
        options.click("#keep-raw")
        wait_until(lambda: browser.storage().get("keepRaw") is False, what="keepRaw saved")
        assert browser.storage()["autoCapture"]["xing"] is True
        options.screenshot("options-real-companion")
        options.close()
        again = browser.options()
        assert again.evaluate("document.querySelector(\"input[data-site='xing']\").checked")
        assert not again.evaluate("document.querySelector('#keep-raw').checked")
        assert not again.checked("input[data-site='linkedin']")
        again.wait_count("li.my-account", 1)

        # With "keep raw pages" off the companion stores the capture without the page.
        _, tab_id = browser.open_tab(ME_URL)
        popup = browser.popup(tab_id)
        popup.settled_state(SLOW)
        popup.click("section.state button.primary")
        wait_until(lambda: rows(database, "select count(*) from captures")[0][0] == 1, SLOW)
        ((html_z, size),) = rows(database, "select html_z, size from captures")
        assert zlib.decompress(html_z) == b""
        assert size > 0


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
