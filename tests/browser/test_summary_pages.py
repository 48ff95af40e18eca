"""The dashboard, paths and search pages in real Chromium and Firefox, served by a real
`metanet serve`, opened in the browser the extension runs in (drivers.py).

The database is the demo network plus a contact whose name is an XSS payload and a saved
search request with new matches. The test logs in with the token the server prints, the
way a person opens the link, and looks at what the pages show: figures, the overlap
chart, the graph drawn by cytoscape.js with its keyboard-usable list beside it, and the
hostile name as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.answers import requests
from metanet.demo.seed import load
from metanet.model import AccountRecord
from metanet.services.people import find_person
from metanet.store import Store
from metanet.web.graphs import EGO_CAP
from tests.browser.drivers import Driver
from tests.db_support import raw
from tests.web_support import XSS, add_hostile_contact

SLOW_MS = 15_000


def seed(home: Path) -> dict[str, int]:
    with Store(home / "metanet.db") as store:
        load(store)
        evil = add_hostile_contact(store)
        hub = store.upsert_account(
            AccountRecord("xing", "hub", "https://www.xing.com/profile/hub", name="Hub Person")
        )
        for i in range(EGO_CAP + 10):  # more neighbours than the ego graph draws
            friend = store.upsert_account(
                AccountRecord("xing", f"f{i}", f"https://www.xing.com/profile/f{i}", name=f"F {i}")
            )
            store.add_tie(hub, friend, network="xing", kind="contact", directed=False)
        requests.add(store, "alert", hops=1)
        raw(store).execute("update request_matches set seen_at = null")
        raw(store).conn.commit()
        return {
            "berger": find_person(store, "Dr. Katharina Berger"),
            "evil": int(store.account_by_id(evil)["person_id"]),
            "hub": int(store.account_by_id(hub)["person_id"]),
        }


@pytest.fixture
def server(metanet_home: Path, summary_server: Callable[[], str]) -> tuple[str, dict[str, int]]:
    """``metanet serve`` over the seeded database: (its one-time login URL, the person ids)."""
    ids = seed(metanet_home)
    return summary_server(), ids


def test_dashboard_paths_and_search(server: tuple[str, dict[str, int]], browser: Driver) -> None:
    login_url, ids = server
    base = login_url.split("/login")[0]
    slow = SLOW_MS / 1000

    # Logging in lands on the dashboard.
    page, _ = browser.open_tab(login_url)
    page.resize(1200, 900)
    page.wait_texts("h1", "Overview", slow)
    assert "Reach" in page.texts("h2")
    assert "You reach 9 people directly" in page.text(".reach-sentence")
    assert page.visible("table.upset")
    assert page.count("table.upset svg.bar rect") > 0
    # The hostile name is a new match of the saved request: shown as text, not run.
    assert XSS in page.texts("main a")
    assert any(text.startswith("Suggested merges") for text in page.texts("main a"))
    page.screenshot("summary-dashboard")
    page.resize(390, 844)  # Firefox: 500 px, its narrowest window
    page.screenshot("summary-dashboard-phone")
    page.resize(1200, 900)

    # Paths: picked by name through the form, by keyboard.
    page.click_text("#main-nav a", "Paths")
    person = page.labelled("Person (name, profile URL or id)")
    page.fill(person, "Dr. Katharina Berger")
    page.press(person, "Enter")
    page.wait_url(rf"/paths/{ids['berger']}$")
    assert page.text("h1").startswith("Paths to")
    assert "offline: golf partner" in page.text("main")
    ready = ".graph[data-graph-ready='true']"
    page.wait_count(ready, 1, slow)
    assert page.count(f"{ready} .graph-canvas canvas") > 0
    listed = page.texts(f"{ready} .graph-list a")
    for name in ("Anna Schmidt", "Bernd Keller", "Dr. Katharina Berger"):
        assert listed.count(name) == 1, listed
    page.screenshot("summary-paths")

    # Rate the first hop of the first path. Nothing is chosen at first, and the browser
    # refuses to send the form until the user chooses (issue 21: one click saved 0.9).
    saved = "Your rating is saved; the paths below use it."
    page.click_text("form.rate button", "Rate this tie")
    assert page.count("form.rate select:invalid") > 0
    assert saved not in page.texts("[role='status']")
    page.select(page.labelled("How well do they know each other?"), "loosely (0.3)")
    page.click_text("form.rate button", "Rate this tie")
    page.wait_texts("[role='status']", saved)
    assert page.evaluate("document.querySelector('form.rate select').value") == "0.3"

    # Search by keyboard, with each match's introducer.
    page.click_text("#main-nav a", "Search")
    words = page.labelled("Words (company, role, city, text)")
    page.fill(words, "Maschinenbau")
    page.select(page.labelled("Hops"), "3")
    page.press(words, "Enter")
    page.wait_for(
        "a result row for Dr. Katharina Berger",
        lambda: page.count("table.results tr") > 1,
    )
    rows = [row for row in page.texts("table.results tr") if "Dr. Katharina Berger" in row]
    assert len(rows) == 1, rows
    assert "Paths" in rows[0]
    page.screenshot("summary-search")

    # The hostile name on its own paths page, graph list included, is text.
    page.goto(f"{base}/paths/{ids['evil']}?lang=de")
    assert page.text("h1").startswith("Wege zu") and XSS in page.text("h1")
    page.wait_count(ready, 1, slow)
    assert page.texts(f"{ready} .graph-list a").count(XSS) == 1
    ran = "Array.from(document.scripts).some((s) => s.textContent.includes('alert(1)'))"
    assert page.evaluate(ran) is False
    # The person page (built beside these) draws the ego graph with the same script.
    page.goto(f"{base}/people/{ids['berger']}")
    page.wait_count(ready, 1, slow)
    assert page.count(f"{ready} .graph-canvas canvas") > 0
    listed = page.texts(f"{ready} .graph-list a")
    for name in ("Bernd Keller", "Frank Wagner"):
        assert listed.count(name) == 1, listed

    # A crowded ego graph says that it shows only part.
    page.goto(f"{base}/people/{ids['hub']}?lang=en")  # the language was switched to de
    page.wait_count(ready, 1, slow)
    assert page.text(f"{ready} [role='status']") == (
        f"Showing {EGO_CAP} of {EGO_CAP + 11} people (the strongest ties)."
    )
    assert page.count(f"{ready} .graph-list li") == EGO_CAP
    page.screenshot("summary-ego-truncated")
    # Its list of ties starts folded; opened, it reads what shows each tie (not before).
    assert page.count(f"{ready} details.graph-ties[open]") == 0
    assert page.count(f"{ready} .graph-ties[data-ties-ready]") == 0
    page.click(f"{ready} .graph-ties summary")
    evidence = f"{ready} .graph-ties[data-ties-ready='true'] li"
    page.wait_for("the evidence", lambda: page.count(evidence) > 0, slow)
    ties = page.texts(evidence)
    assert sum("XING contact, seen once" in tie for tie in ties) == EGO_CAP - 1, ties

    # No script error, no CSP violation (cytoscape's own <style> is kept out), no alert().
    assert page.problems() == []
