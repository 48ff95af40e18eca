"""The dashboard, paths and search pages in real Chromium, served by a real `metanet serve`.

The database is the demo network plus a contact whose name is an XSS payload and a saved
search request with new matches. The test logs in with the token the server prints, the
way a person opens the link, and looks at what the pages show: figures, the overlap
chart, the graph drawn by cytoscape.js with its keyboard-usable list beside it, and the
hostile name as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from metanet.answers import requests
from metanet.demo.seed import load
from metanet.model import AccountRecord
from metanet.services.people import find_person
from metanet.store import Store
from metanet.web.graphs import EGO_CAP
from tests.browser.browser_support import save_screenshot
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


def test_dashboard_paths_and_search(server: tuple[str, dict[str, int]], plain_page: Any) -> None:
    from playwright.sync_api import expect

    login_url, ids = server
    base = login_url.split("/login")[0]
    page = plain_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))  # an alert() ran

    # Logging in lands on the dashboard.
    page.goto(login_url)
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Reach")).to_be_visible()
    expect(page.get_by_text("naive sum").first).to_be_visible()
    expect(page.locator("table.upset").first).to_be_visible()
    expect(page.locator("table.upset svg.bar rect").first).to_be_attached()
    # The hostile name is a new match of the saved request: shown as text, not run.
    expect(page.get_by_role("link", name=XSS)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Suggested merges"))).to_be_visible()
    save_screenshot(page, "summary-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "summary-dashboard-phone")
    page.set_viewport_size({"width": 1200, "height": 900})

    # Paths: picked by name through the form, by keyboard.
    page.get_by_role("link", name="Paths", exact=True).click()
    page.get_by_label("Person (name, profile URL or id)").fill("Dr. Katharina Berger")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/paths/{ids['berger']}")
    expect(page.get_by_role("heading", name=re.compile("^Paths to"))).to_be_visible()
    expect(page.get_by_text("offline: golf partner").first).to_be_visible()
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph).to_be_visible(timeout=SLOW_MS)
    expect(graph.locator(".graph-canvas canvas").first).to_be_attached()
    listed = graph.locator(".graph-list a")
    for name in ("Anna Schmidt", "Bernd Keller", "Dr. Katharina Berger"):
        expect(listed.filter(has_text=name)).to_have_count(1)
    save_screenshot(page, "summary-paths")

    # Rate the first hop of the first path. Nothing is chosen at first, and Chromium
    # refuses to send the form until the user chooses (issue 21: one click saved 0.9).
    rate = page.locator("form.rate").first
    rate.get_by_role("button", name="Rate this tie").click()
    expect(page.get_by_role("status").filter(has_text="Your rating is saved")).to_have_count(0)
    rate.get_by_label("How well do they know each other?").select_option(label="loosely (0.3)")
    rate.get_by_role("button", name="Rate this tie").click()
    expect(page.get_by_role("status").filter(has_text="Your rating is saved")).to_be_visible()
    expect(page.locator("form.rate").first.locator("select")).to_have_value("0.3")

    # Search by keyboard, with each match's introducer.
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words (company, role, city, text)").fill("Maschinenbau")
    page.get_by_label("Hops").select_option("3")
    page.keyboard.press("Enter")
    row = page.locator("table.results tr", has_text="Dr. Katharina Berger")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Paths")).to_be_visible()
    save_screenshot(page, "summary-search")

    # The hostile name on its own paths page, graph list included, is text.
    page.goto(f"{base}/paths/{ids['evil']}?lang=de")
    expect(page.get_by_role("heading", name=re.compile("^Wege zu"))).to_contain_text(XSS)
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph.locator(".graph-list a", has_text=XSS)).to_have_count(1)
    # The person page (built beside these) draws the ego graph with the same script.
    page.goto(f"{base}/people/{ids['berger']}")
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph.locator(".graph-canvas canvas").first).to_be_attached(timeout=SLOW_MS)
    for name in ("Bernd Keller", "Frank Wagner"):
        expect(graph.locator(".graph-list a", has_text=name)).to_have_count(1)

    # A crowded ego graph says that it shows only part.
    page.goto(f"{base}/people/{ids['hub']}?lang=en")  # the language was switched to de
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph.get_by_role("status")).to_have_text(
        f"Showing {EGO_CAP} of {EGO_CAP + 11} people (the strongest ties)."
    )
    expect(graph.locator(".graph-list li")).to_have_count(EGO_CAP)
    save_screenshot(page, "summary-ego-truncated")

    # No script error, no CSP violation (cytoscape's own <style> is kept out), no alert().
    assert problems == []
