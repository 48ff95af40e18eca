"""The person, review and data pages in real Chromium, served by a real `metanet serve`.

The database is the demo network, a contact whose name is an XSS payload, and one open
merge suggestion. The test logs in with the token the server prints, as a person opens
the link, then works the pages by keyboard and mouse: reads the 360° view, records an
offline relation, confirms a suggestion, downloads an export, forgets the hostile
person and wipes everything, and checks that no script error or alert() happened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.seed import load
from metanet.services.people import find_person
from metanet.store import Store
from tests.browser.browser_support import save_screenshot
from tests.web_support import XSS, add_hostile_contact, add_merge_suggestion

SLOW_MS = 15_000
SIX_HOPS = "linkedin/Connections-synthetic-six-hops.csv"


def seed(home: Path) -> dict[str, int]:
    """The demo, the hostile contact and a suggestion that "Maxi" and "Max" are one."""
    with Store(home / "metanet.db") as store:
        load(store)
        evil = add_hostile_contact(store)
        add_merge_suggestion(store)
        return {
            "berger": find_person(store, "Dr. Katharina Berger"),
            "frank": find_person(store, "Frank Wagner"),
            "evil": int(store.account_by_id(evil)["person_id"]),
        }


@pytest.fixture
def served(metanet_home: Path, summary_server: Callable[[], str]) -> tuple[str, dict[str, int]]:
    """``metanet serve`` over the seeded database: (its one-time login URL, the person ids)."""
    ids = seed(metanet_home)
    return summary_server(), ids


def test_person_review_and_data_pages(
    served: tuple[str, dict[str, int]],
    plain_page: Any,
    tmp_path: Path,
    real_fixture: Callable[[str], Path],
) -> None:
    from playwright.sync_api import expect

    login_url, ids = served
    base = login_url.split("/login")[0]
    page = plain_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))  # an alert() ran
    page.goto(login_url)

    # The person page: the 360° view, the three best paths, the ego graph.
    page.goto(f"{base}/people/{ids['berger']}")
    expect(page.get_by_role("heading", name="Dr. Katharina Berger", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Offline relations")).to_be_visible()
    expect(page.locator("ul.relations")).to_contain_text("golf partner")
    expect(page.locator("ol.paths > li")).to_have_count(3)
    expect(page.locator("ol.paths > li").first).to_contain_text("Anna Schmidt")
    expect(page.get_by_role("link", name="All paths, drawn as a graph")).to_have_attribute(
        "href", f"/paths/{ids['berger']}"
    )
    graph = page.locator(f".graph[data-graph-src='/api/people/{ids['berger']}/ego']")
    expect(graph).to_have_count(1)
    expect(page.locator(".graph[data-graph-ready='true']")).to_be_visible(timeout=SLOW_MS)
    save_screenshot(page, "summary-person")

    # Shared connections, and an offline relation recorded by keyboard.
    page.goto(f"{base}/people/{ids['frank']}")
    expect(page.get_by_text("People you both know: 3")).to_be_visible()
    page.get_by_label("I know this person offline as").fill("Tennis partner")
    page.get_by_label("Strength (0–1, optional)").fill("0.6")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/people/{ids['frank']}#relations$"))
    relation = page.locator("ul.relations")
    expect(relation).to_contain_text("Tennis partner · know each other well")
    expect(relation.locator(".strength")).to_have_attribute("title", "strength 0.60")
    page.get_by_label("Your note about this person").fill("Met at the Hannover Messe")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("p.note")).to_have_text("Met at the Hannover Messe")
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "summary-person-phone")
    page.set_viewport_size({"width": 1200, "height": 900})

    # Review: both sides, score and reason in words; confirm merges them.
    page.get_by_role("link", name="Review", exact=True).click()
    suggestion = page.locator("li.suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text("Maxi Muster")
    expect(suggestion).to_contain_text("81%")  # English percent; German pages say "81 %"
    expect(suggestion).to_contain_text("nickname of the same first name")
    save_screenshot(page, "summary-review")
    suggestion.get_by_role("button", name="Same person").click()
    expect(page.get_by_text("No suggestions are waiting.")).to_be_visible()

    # Your data: a download that parses, then forget the hostile person, shown as text.
    page.get_by_role("link", name="Your data", exact=True).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="JSON (everything)").click()
    saved = tmp_path / "export.json"
    info.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    merged = [{a["key"] for a in p["accounts"]} for p in exported["persons"]]
    assert {"maxi", "maxm"} in merged  # the confirmed merge is in the export
    save_screenshot(page, "summary-data")
    page.get_by_label("Name, id or profile URL").fill(str(ids["evil"]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Forget this person?")).to_be_visible()
    expect(page.locator("main strong").first).to_have_text(XSS)
    page.get_by_role("button", name="Forget for good").click()
    expect(page.get_by_role("heading", name="Forgotten")).to_be_visible()

    # Import by upload from the capture log; the page follows the import to its result.
    page.get_by_role("link", name="Capture log", exact=True).click()
    page.get_by_label("Export file").set_input_files(str(real_fixture(SIX_HOPS)))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Imported: "))).to_be_visible(
        timeout=SLOW_MS
    )
    expect(page.locator("table.counts")).to_contain_text("Contacts")
    save_screenshot(page, "summary-import")
    page.get_by_role("link", name="Imports", exact=True).click()
    expect(page.locator("table.imports")).to_contain_text("Connections-synthetic-six-hops.csv")

    # Wipe: refused without the word, then done; the server carries on, empty.
    page.goto(f"{base}/data")
    page.get_by_label("Type WIPE to confirm").fill("WIPE")
    page.get_by_role("button", name="Wipe everything").click()
    expect(page.get_by_role("heading", name="Everything wiped")).to_be_visible()
    page.goto(f"{base}/data")
    expect(page.get_by_text("No networks stored.")).to_be_visible()
    assert problems == []


def test_a_hubs_knows_list_shows_the_strongest_then_all(
    metanet_home: Path, summary_server: Callable[[], str], plain_page: Any
) -> None:
    """Someone who knows more people than the person page lists at first (100): the page
    says how many there are, and "Show all" lists every one — in English and German."""
    from playwright.sync_api import expect

    from metanet.model import AccountRecord

    with Store(metanet_home / "metanet.db") as store:
        hub = store.upsert_account(
            AccountRecord("linkedin", "hub", "https://www.linkedin.com/in/hub/", name="Hanna Hub")
        )
        for i in range(103):
            key = f"contact-{i:03}"
            other = store.upsert_account(
                AccountRecord("linkedin", key, f"https://www.linkedin.com/in/{key}/", name=key)
            )
            store.add_tie(hub, other, network="linkedin", kind="contact", directed=False)
        person = int(store.account_by_id(hub)["person_id"])
    login_url = summary_server()
    base = login_url.split("/login")[0]
    page = plain_page
    page.goto(login_url)

    def rows() -> Any:  # the "Knows" table: the first table after its heading
        return page.locator("h2#knows ~ .scroll").first.locator("tbody tr")

    for lang, says, show_all in (
        ("en", "Showing the strongest 100 of 103 people they know.", "Show all"),
        ("de", "Gezeigt: die 100 stärksten von 103 Bekannten.", "Alle zeigen"),
    ):
        page.goto(f"{base}/people/{person}?lang={lang}")
        expect(rows()).to_have_count(100)
        expect(page.locator("p.shown-of")).to_contain_text(says)
        page.locator("p.shown-of").get_by_role("link", name=show_all).click()
        page.wait_for_url(re.compile(rf"/people/{person}\?knows=all#knows$"))
        expect(rows()).to_have_count(103)
        expect(page.locator("p.shown-of")).to_have_count(0)
