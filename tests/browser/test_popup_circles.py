"""Circles in the popup, through the real companion, in Chromium and in Firefox: "In
circles: …" on a known person, a path through a circle with its explanation, and "Add to
circle"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from metanet.demo.seed import load
from metanet.services import circles
from metanet.store import Store
from tests.browser.browser_support import Site, serve_site
from tests.browser.drivers import Stage, running
from tests.circles_support import CHAPTER, MEMBERS, bni_chapter
from tests.db_support import rows

pytestmark = pytest.mark.browser

FIXTURE = "linkedin/profile-public-2024-scoutr.html"
PROFILE_URL = "https://www.linkedin.com/in/eduardo-alvarez-nowak/"
NAME = "Eduardo Alvarez Nowak"
SLOW = 30.0
KNOWN = "[data-state='known']"


@pytest.fixture
def real_site(tls_files: tuple[Path, Path], real_fixture: Callable[[str], Path]) -> Iterator[Site]:
    """The saved profile under its real address (companion_stage serves it)."""
    with serve_site(*tls_files) as site:
        site.add_file("/in/eduardo-alvarez-nowak/", real_fixture(FIXTURE))
        yield site


def seed(home: Path) -> None:
    """The demo network; Eduardo (known by his profile address only) is in the BNI chapter
    with the user's Facebook friend Petra; a golf club to add him to."""
    with Store(home / "metanet.db") as store:
        load(store)
        chapter, _ = bni_chapter(store)
        circles.add_profile(store, PROFILE_URL, circle_id=chapter, name=NAME)
        circles.create(store, "Golfclub Starnberg", kind="club")


def test_a_path_through_a_circle_and_add_to_circle_in_the_popup(
    companion_stage: Stage, request: pytest.FixtureRequest
) -> None:
    home = companion_stage.metanet_home
    home.mkdir(parents=True, exist_ok=True)
    seed(home)
    with running(companion_stage, request) as browser:
        _, tab_id = browser.open_tab(PROFILE_URL)
        popup = browser.popup(tab_id)
        assert popup.settled_state(SLOW).startswith("known:")
        popup.wait_count(f"{KNOWN} ul.circles li", 1, SLOW)
        assert popup.texts(f"{KNOWN} ul.circles li") == [f"{CHAPTER} ({MEMBERS + 1} members)"]
        path = f"{KNOWN} ol.paths li.path"
        popup.wait_contains(path, f"You → Petra Huber (Facebook) → {NAME} (circle: {CHAPTER})")
        assert popup.text(f"{path} .circle-reason").strip() == (
            f"— both in {CHAPTER}, {MEMBERS + 1} members"
        )
        popup.screenshot("circles-1-path-through-a-circle")

        # "Add to circle" sits behind "Circle…" (the popup stays within 600 px)
        shown = "(e => !!e && e.getClientRects().length > 0)(document.querySelector({css}))"
        select = f"{KNOWN} form.add-circle select"
        assert popup.evaluate(shown.replace("{css}", repr(select))) is False
        popup.click_text(f"{KNOWN} button", "Circle…")
        # the user's circles join the choice when the companion answers (after the person)
        popup.wait_for(
            "the user's circles to choose from",
            lambda: popup.evaluate(
                f"[...document.querySelector({select!r}).options]"
                ".some(o => o.text === 'Golfclub Starnberg')"
            ),
        )
        popup.wait_for(
            "the circle list focused",
            lambda: popup.evaluate("document.activeElement?.name") == "circle",
        )
        popup.evaluate(
            f"(s => {{ s.value = [...s.options].find(o => o.text === 'Golfclub Starnberg').value;"
            f" s.dispatchEvent(new Event('change')); }})(document.querySelector({select!r}))"
        )
        popup.click_text(f"{KNOWN} form.add-circle button", "Add")
        popup.wait_text(f"{KNOWN} .notice", "Added to Golfclub Starnberg.", SLOW)
        popup.wait_count(f"{KNOWN} ul.circles li", 2, SLOW)
        assert popup.texts(f"{KNOWN} ul.circles li") == [
            f"{CHAPTER} ({MEMBERS + 1} members)",
            "Golfclub Starnberg (1 member)",
        ]
        popup.screenshot("circles-2-added")
    joined = rows(
        home / "metanet.db",
        "select c.name from circle_members m join circles c on c.id = m.circle_id "
        "join accounts a on a.id = m.account_id where a.key = 'eduardo-alvarez-nowak' "
        "order by c.name",
    )
    assert joined == [(CHAPTER,), ("Golfclub Starnberg",)]
