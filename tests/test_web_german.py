"""Every summary page in German, on a database with every kind of data: no English reason or
word, no English number or date format, no raw ISO date.

The database is the demo network plus what the demo lacks: merge suggestions carrying every
reason code, decisions (confirmed, undone, split, automatic), a rated tie, an offline
relation with the user's own strength, saved search requests with a new match, captures
of every outcome with large counts, and two imports of one LinkedIn export that differ.

"English" is read from the catalogs themselves: every English text (split at its
parameters) whose German translation says something else must not appear on a German page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.answers import notices_after_change
from metanet.answers.ratings import rate
from metanet.answers.requests import add as add_request
from metanet.i18n import texts
from metanet.identity.decisions import confirm, split, undo
from metanet.identity.scoring import AccountFacts, Scored
from metanet.identity.suggestions import Candidate, save_suggestions
from metanet.model import AccountRecord
from metanet.services.card import set_introduce_how
from metanet.services.imports import import_file
from metanet.services.introductions import change_state, introduce
from metanet.services.meeting import import_texts
from metanet.services.synonyms import add as own_synonyms
from metanet.store import Store
from metanet.web import i18n
from tests.db_support import raw
from tests.i18n_support import (
    ENGLISH_DATE,
    ENGLISH_NUMBER,
    ISO_DATE,
    english_fragments,
    english_in,
    visible_text,
)
from tests.web_support import Client, me_id, person

pytest_plugins = ("tests.web_fixtures",)

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

#: one example of every reason code, with parameters, so each is said on the review page
EVERY_REASON: list[dict[str, Any]] = [
    {"code": "same_name", "name": "Max Muster"},
    {"code": "similar_names", "a": "Maxi Muster", "b": "Max Muster", "how": "nickname"},
    {"code": "common_name", "n": 1234},
    {"code": "same_company", "company": "ACME"},
    {"code": "different_companies", "a": "ACME", "b": "Beta"},
    {"code": "same_city", "city": "München"},
    {"code": "different_cities"},
    {"code": "same_role", "role": "Geschäftsführer"},
    {"code": "same_photo"},
    {"code": "shared_contacts", "n": 1},
    {"code": "same_network", "network": "addressbook"},
    {"code": "same_profile", "network": "xing", "handle": "Max_Muster"},
    {"code": "same_email", "value": "max@example.org"},
    {"code": "same_phone", "value": "+49 89 1234567"},
    {"code": "exact_evidence"},
    {"code": "landline"},
    {"code": "surname_differs", "a": "Hoffmann", "b": "Krüger"},
    {"code": "first_name_differs", "a": "Anna", "b": "Bernd"},
    {"code": "rating", "strength": 0.95},
    {"code": "network_tie", "network": "linkedin", "kind": "contact"},
    {"code": "network_tie", "network": "facebook", "kind": "friend"},
    {"code": "network_tie", "network": "github", "kind": "follows"},
    {"code": "networks", "n": 2},
    {"code": "offline", "label": "golf partner", "strength": 0.75},
    {"code": "offline", "label": "neighbour", "strength": None},
    {"code": "recent", "days": 180},
    {"code": "introduced", "n": 2},
    {"code": "messages", "n": 42, "last": "2026-03-14T10:00:00+00:00"},
    {"code": "meetings", "n": 5, "year": 3},
    {"code": "meetings", "n": 5, "year": 0},
    {"code": "recommended_you", "n": 1},
    {"code": "recommended", "n": 1},
    {"code": "endorsed_you", "n": 2},
    {"code": "endorsed", "n": 1},
    {"code": "confirmed"},
    {"code": "rejected"},
    {"code": "split"},
    {"code": "undo_split", "decision": 3},
    {"code": "undo_merge", "decision": 4},
    {"code": "suggestion_confirmed", "suggestion": 5},
    {"code": "suggestion_rejected", "suggestion": 6},
    {"code": "own_account"},
    {"code": "same_member", "network": "linkedin"},
    {"code": "demo_data"},
]


def test_every_reason_code_is_said() -> None:
    """The list above covers every code the edge knows (a new code needs an example)."""
    assert {r["code"] for r in EVERY_REASON} == set(texts.REASONS)


def _account(store: Store, network: str, key: str, name: str, **facts: Any) -> int:
    return store.upsert_account(
        AccountRecord(network, key, f"https://www.{network}.com/profile/{key}", name=name, **facts)
    )


def _facts(store: Store, account_id: int) -> AccountFacts:
    row = store.account_by_id(account_id)
    return AccountFacts(int(row["id"]), int(row["person_id"]), row["network"], row["name"], None)


def _captures(store: Store) -> None:
    base = {
        "url": "https://www.xing.com/profile/anna",
        "title": "Anna Schmidt | XING",
        "site": "xing",
        "received_at": "2024-05-01T10:22:33+00:00",
        "parser": "xing",
        "parser_version": 3,
        "sha256": "0" * 64,
        "error": None,
        "owner_account_id": None,
    }
    for outcome, kind, seen, partly in (
        ("stored", "contacts", 12345, None),
        ("stored", "followers", 2, None),
        ("stored", "profile", 1, "unknown_layout"),
        ("stored", "profile", 1, "page_cut"),
        ("unsupported", None, None, None),
        ("parser_failed", "mutual", None, None),
    ):
        fields = {**base, "outcome": outcome, "kind": kind, "accounts_seen": seen}
        store.add_capture({**fields, "ties_seen": seen, "partly_read": partly}, "<html></html>")


def _said_shared(store: Store, target: int) -> None:
    """What a page says about the shared connections: a printed count, names only."""
    account = int(store.person_accounts(target)[0]["id"])
    seen = "2024-05-01T10:22:33+00:00"
    store.set_shared_count(account, "contact", 1291, capture_id=None, seen_at=seen)
    store.set_shared_count(account, "friend", 12, capture_id=None, seen_at=seen)
    store.add_shared_mention(account, "contact", "Ron Shapiro", None, capture_id=None, seen_at=seen)


def _imports(store: Store, tmp: Path) -> None:
    """One LinkedIn export, then the same with a contact gone and a new job."""
    first = (FIXTURES / "linkedin-current-bom.csv").read_text(encoding="utf-8-sig")
    import_file(store, first.encode(), "Connections.csv")
    lines = first.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    rows = lines[header + 1 :]
    changed = rows[1].replace(rows[1].split(",")[4], "Neue Firma AG", 1)
    second = "\n".join([*lines[: header + 1], rows[0], changed, *rows[3:]]) + "\n"
    import_file(store, second.encode(), "Connections.csv")


def seed_everything(store: Store, tmp: Path) -> dict[str, int]:
    """The demo network (``web_demo``) plus every kind of data the pages can show."""
    with store.write():  # one transaction, committed before the pages are read
        return _seed(store, tmp)


def _seed(store: Store, tmp: Path) -> dict[str, int]:
    me = me_id(store)
    anna, target = person(store, "Anna Schmidt"), person(store, "Dr. Katharina Berger")
    rate(store, me, anna, 0.95)
    store.relate(me, person(store, "Frank Wagner"), "golf partner", strength=0.75)
    a = _account(store, "xing", "Max_Muster", "Max Muster", company="ACME", location="München")
    b = _account(store, "linkedin", "maxi-muster", "Maxi Muster", company="ACME")
    c = _account(store, "addressbook", "max", "Max Muster")
    d = _account(store, "github", "mmuster", "M. Muster")
    pairs = [(a, b), (a, c), (b, d)]
    save_suggestions(
        store,
        [
            Candidate(_facts(store, x), _facts(store, y), Scored(0.873, EVERY_REASON))
            for x, y in pairs
        ],
    )
    merged = confirm(store, a, c, reason=[EVERY_REASON[0], EVERY_REASON[3]])
    undo(store, merged.id)
    confirm(store, a, c)
    split(store, int(store.account_by_id(a)["person_id"]), [c])
    add_request(store, "Geschäftsführerin", hops=3, note="Zulieferer")
    own_synonyms(["Geschäftsführerin", "Chefin"])  # the user's own: listed on /search
    newcomer = _account(store, "xing", "Neu_Person", "Nina Neu", role="Geschäftsführerin")
    xing = next(x for x in store.person_accounts(me) if x["network"] == "xing")
    store.add_tie(int(xing["id"]), newcomer, network="xing", kind="contact", directed=False)
    notices_after_change(store)
    _captures(store)
    _said_shared(store, target)
    _imports(store, tmp)
    return {
        "me": me,
        "anna": anna,
        "target": target,
        "max": int(store.account_by_id(a)["person_id"]),
        **_meeting(store),
    }


def _meeting(store: Store) -> dict[str, int]:
    """A meeting with a refused row, an introduction made and one received, a card."""
    text = "Anna Schmidt: Steuerberater; Ort: Rosenheim\nOhne Doppelpunkt\nPeter Neumann: Prokurist"
    imported = import_texts(store, [("", text)], title="Frühstück", held_on="2024-05-01")
    assert imported["meeting"] is not None
    juergen, frank = person(store, "Zoë Hartmann"), person(store, "Frank Wagner")
    given = introduce(store, juergen, to="Anna Schmidt", note="Steuerfragen", value=1500)
    change_state(store, given["id"], "made", note="per Mail")
    introduce(store, frank, to="me", by="Peter Neumann", state="made")
    mine = add_request(store, "Prokurist", hops=2, note="für den Einkauf")
    set_introduce_how(store, int(mine["id"]), "per E-Mail")
    return {"request": int(mine["id"])}


@pytest.fixture
def everything(web_demo: Store, tmp_path: Path) -> Iterator[dict[str, int]]:
    yield seed_everything(web_demo, tmp_path)


def pages(ids: dict[str, int], store: Store) -> list[str]:
    people = [int(r[0]) for r in raw(store).execute("select id from persons order by id")]
    return [
        "/",
        "/people",
        *[f"/people/{p}" for p in people],
        "/paths",
        "/paths?who=Nobody+Known",
        "/paths?who=Muster",
        f"/paths/{ids['target']}",
        f"/paths/{ids['me']}",
        "/search",
        "/search?q=Gesch%C3%A4ftsf%C3%BChrerin&hops=3",
        "/search?q=Niemandsland",
        "/search?q=Keller&hops=1",
        "/search?q=Managing+Director+M%C3%BCnchen",
        "/search?q=Chefin&hops=3",
        "/search?q=Gesch%C3%A4ftsf",
        "/search?q=Gesch%C3%A4ftsf%C3%BChrer+M%C3%BCnchen",
        "/search?q=F%C3%BChrer",
        "/requests",
        "/captures",
        "/imports",
        "/review",
        "/data",
        f"/data/forget?who={ids['anna']}",
        "/data/forget?who=Muster",
        "/people/999999",
        "/meeting",
        "/meeting/text",
        "/introductions",
        "/partners",
        "/card",
        "/card?preset=everyone",
        f"/requests/{ids['request']}/card",
    ]


async def test_every_page_in_german_says_nothing_in_english(
    web_demo: Store, everything: dict[str, int], web_client: Client
) -> None:
    fragments = english_fragments()
    assert "shared contacts" in fragments and "known offline as" in fragments  # the check bites
    problems: list[str] = []
    seen = ""
    for path in pages(everything, web_demo):
        response = await web_client.get(path, headers={"Accept-Language": "de-DE,de;q=0.9"})
        assert response.status in (200, 404), path
        text = visible_text(await response.text())
        seen += text
        problems += [f"{path}: English {hit}" for hit in english_in(text, fragments)]
        problems += [f"{path}: English number {m}" for m in ENGLISH_NUMBER.findall(text)]
        problems += [f"{path}: ISO date {m}" for m in ISO_DATE.findall(text)]
        problems += [f"{path}: English date {m}" for m in ENGLISH_DATE.findall(text)]
    assert not problems, "\n".join(problems)
    # …and the German forms are there: separators, dates, plurals, reasons, labels
    for german in (
        "12.345",
        "1. Mai 2024",
        "87 %",
        "1.234 Personen in Ihren Daten haben diesen Namen",
        "1 gemeinsamer Kontakt",
        "offline bekannt als Golfpartner (0,75, laut Ihnen)",
        "Kontakt auf LinkedIn",
        "offline: Nachbar",
        "Ihre Bewertung 0,95",
        "von Ihnen bestätigt",
        "Zusammenführung #",
        "neue Stelle",
        "zeigt 1.291 gemeinsame Kontakte; Metanet kennt",
        "zeigt 12 gemeinsame Freunde",
        "Auf der Seite genannt, noch nicht in Ihrem Meta-Netzwerk: Ron Shapiro",
        "teilweise gelesen: ein Seitenaufbau, den Metanet nicht kennt",
        "Davon teilweise gelesen",
        "Geschäftsführerin, als Managing Director; München",
        "Geschäftsführerin, als Chefin",
        "Geschäftsführerin, Form von Geschäftsführer; München",
        "Geschäftsführerin, beginnt mit Geschäftsf",
        "Geschäftsführerin, enthält Führer",
        "Wegstärke",
        "Niemand in höchstens 1 Schritt passt.",
        "1 Person in höchstens 2 Schritten passt.",
        "In höchstens 2 Schritten suchen",
        "Ihre eigenen Synonyme",
        "Geschäftsführerin · Chefin",
        "Erreichbarkeit",
        "E-Mail thomas.mueller@mueller-consulting.example (XING: network.json · gesehen am",
        "Telefon +49 821 4567890",
        "Keine E-Mail-Adresse, Telefonnummer oder Webseite bekannt.",
        "Max Muster (#",
        "Was ich geben kann",
        "Frühstück (1. Mai 2024)",
        "Peter Neumann sucht: Prokurist",
        "hergestellt",
        "1 Vorstellung zwischen ihnen",
        "Suchauftrag von Sabine Weber",
        "Ihre Karte",
    ):
        assert german in seen, german


async def test_the_language_switch_keeps_every_page_whole(
    web_demo: Store, everything: dict[str, int], web_client: Client
) -> None:
    """The same pages in English: every text found (no KeyError, no empty translation)."""
    for path in pages(everything, web_demo)[:6]:
        response = await web_client.get(path, headers={"Accept-Language": "en"})
        assert response.status in (200, 404), path
        html = await response.text()
        assert 'lang="en"' in html


def test_keyed_texts_are_messages() -> None:
    """Every text a view names by key is a catalog message (so German has it)."""
    from metanet.i18n import words

    for key, message in i18n.KEYED.items():
        assert words("de").gettext(message) != message, key
