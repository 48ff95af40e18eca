"""The person, review and data pages in real Chromium and Firefox (drivers.py), served by a
real `metanet serve`.

The database is the demo network, a contact whose name is an XSS payload, and one open
merge suggestion. The test logs in with the token the server prints, as a person opens
the link, then works the pages by keyboard and mouse: reads the 360° view, records an
offline relation, confirms a suggestion, downloads an export, forgets the hostile
person and wipes everything, and checks that no script error or alert() happened.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.demo.seed import load
from metanet.services.people import find_person
from metanet.store import Store
from tests.browser.drivers import Driver
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
    browser: Driver,
    real_fixture: Callable[[str], Path],
) -> None:
    login_url, ids = served
    base = login_url.split("/login")[0]
    slow = SLOW_MS / 1000
    page, _ = browser.open_tab(login_url)
    page.resize(1200, 900)

    # The person page: the 360° view, the three best paths, the ego graph.
    page.goto(f"{base}/people/{ids['berger']}")
    assert page.text("h1") == "Dr. Katharina Berger"
    assert "Offline relations" in page.texts("h2")
    assert "golf partner" in page.text("ul.relations")
    assert page.count("ol.paths > li") == 3
    assert "Anna Schmidt" in page.text("ol.paths > li")
    all_paths = "main a[href='/paths/{}']".format(ids["berger"])
    assert "All paths, drawn as a graph" in page.texts(all_paths)
    assert page.count(f".graph[data-graph-src='/api/people/{ids['berger']}/ego']") == 1
    page.wait_count(".graph[data-graph-ready='true']", 1, slow)
    assert page.visible(".graph[data-graph-ready='true']")
    page.screenshot("summary-person")

    # Shared connections, and an offline relation recorded by keyboard.
    page.goto(f"{base}/people/{ids['frank']}")
    assert "People you both know: 3" in page.texts("main p")
    page.fill(page.labelled("I know this person offline as"), "Tennis partner")
    strength = page.labelled("Strength (0–1, optional)")
    page.fill(strength, "0.6")
    page.press(strength, "Enter")
    page.wait_url(rf"/people/{ids['frank']}#relations$")
    assert "Tennis partner · know each other well" in page.text("ul.relations")
    assert page.attr("ul.relations .strength", "title") == "strength 0.60"
    page.fill(page.labelled("Your note about this person"), "Met at the Hannover Messe")
    page.click_text("main button", "Save note")
    page.wait_text("p.note", "Met at the Hannover Messe")
    page.resize(390, 844)  # Firefox: 500 px, its narrowest window
    page.screenshot("summary-person-phone")
    page.resize(1200, 900)

    # Review: both sides, score and reason in words; confirm merges them.
    page.click_text("#main-nav a", "Review")
    page.wait_count("li.suggestion", 1)
    suggestion = page.text("li.suggestion")
    assert "Maxi Muster" in suggestion
    assert "81%" in suggestion  # English percent; German pages say "81 %"
    assert "nickname of the same first name" in suggestion
    page.screenshot("summary-review")
    page.click_text("li.suggestion button", "Same person")
    page.wait_texts("p.empty", "No suggestions are waiting.")

    # Your data: a download that parses, then forget the hostile person, shown as text.
    page.click_text("#main-nav a", "Your data")
    page.wait_texts("h1", "Your data")
    formats = page.texts("ul.downloads a")
    name, data = page.download("ul.downloads a", formats.index("JSON (everything)"))
    assert name.endswith(".json"), name
    exported = json.loads(data.decode("utf-8"))
    merged = [{a["key"] for a in p["accounts"]} for p in exported["persons"]]
    assert {"maxi", "maxm"} in merged  # the confirmed merge is in the export
    page.screenshot("summary-data")
    who = page.labelled("Name, id or profile URL")
    page.fill(who, str(ids["evil"]))
    page.press(who, "Enter")
    page.wait_texts("h1", "Forget this person?")
    assert page.text("main strong") == XSS
    page.click_text("main button", "Forget for good")
    page.wait_texts("h1", "Forgotten")

    # Import by upload from the capture log; the page follows the import to its result.
    page.click_text("#main-nav a", "Capture log")
    page.upload(page.labelled("Export file"), real_fixture(SIX_HOPS))
    page.click_text("form.upload button", "Import")
    page.wait_for(
        "the import's result",
        lambda: any(text.startswith("Imported: ") for text in page.texts("h2")),
        slow,
    )
    assert "Contacts" in page.text("table.counts")
    page.screenshot("summary-import")
    page.click_text("a", "Imports")
    page.wait_contains("table.imports", "Connections-synthetic-six-hops.csv")

    # Wipe: refused without the word, then done; the server carries on, empty.
    page.goto(f"{base}/data")
    page.fill(page.labelled("Type WIPE to confirm"), "WIPE")
    page.click_text("main button", "Wipe everything")
    page.wait_texts("h1", "Everything wiped")
    page.goto(f"{base}/data")
    assert "No networks stored." in page.text("main")
    # No script error, no CSP violation, no alert() (Firefox: fails the next command).
    assert page.problems() == []


def test_a_hubs_knows_list_shows_the_strongest_then_all(
    metanet_home: Path, summary_server: Callable[[], str], browser: Driver
) -> None:
    """Someone who knows more people than the person page lists at first (100): the page
    says how many there are, and "Show all" lists every one — in English and German."""
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
    page, _ = browser.open_tab(login_url)
    # The "Knows" table: the first table after its heading.
    rows = "document.querySelector('h2#knows ~ .scroll').querySelectorAll('tbody tr').length"
    for lang, says, show_all in (
        ("en", "Showing the strongest 100 of 103 people they know.", "Show all"),
        ("de", "Gezeigt: die 100 stärksten von 103 Bekannten.", "Alle zeigen"),
    ):
        page.goto(f"{base}/people/{person}?lang={lang}")
        assert page.evaluate(rows) == 100
        assert says in page.text("p.shown-of")
        page.click_text("p.shown-of a", show_all)
        page.wait_url(rf"/people/{person}\?knows=all#knows$")
        page.wait_for("all 103 listed", lambda: page.evaluate(rows) == 103)
        assert page.count("p.shown-of") == 0
    assert page.problems() == []
