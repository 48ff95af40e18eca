"""A meeting's requests in one go: CSV and pasted lists in German and English, request
files, odd rows refused one by one with their line numbers, and "What I can give" on the
demo network (the expected candidates and their introduction paths)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet.answers import requests
from metanet.answers.meeting_input import parse
from metanet.errors import BadFile
from metanet.services import meeting
from metanet.store import Store
from tests.cli_support import home
from tests.db_support import raw

CSV_DE = """Partner;sucht;Firma;Ort;Branche;Notiz
Anna Schmidt;Steuerberater;;Rosenheim;;für ihre Bäckerei
Thomas Müller;Prokurist;Berger Maschinenbau;;;
;Niemand;;;;
Peter Neumann;Geschäftsführerin;;München;;"Zulieferer; gern
aus dem Umland"
Zoë Hartmann;;;;;
Lena Ørsted;Automatisierungsingenieur;;;;;zu viel
"""

CSV_EN = """partner,seeks,company,role,city,industry,hops
Anna Schmidt,Steuerberater,,,Rosenheim,,
Peter Neumann,,,Geschäftsführerin,München,,3
Jürgen Größ,Prokurist,,,,,7
"""

LIST_DE = """# Unternehmerfrühstück, 3. März
Anna Schmidt: Steuerberater; Ort: Rosenheim
- Thomas Müller: Prokurist
    Firma: Berger Maschinenbau
    Notiz: für den Einkauf
Ohne Doppelpunkt
Peter Neumann: Geschäftsführerin; Ort: München; Farbe: blau
Zoë Hartmann:
  Branche: Logistik; oder so
"""

LIST_EN = """1. Anna Schmidt: Steuerberater; city: Rosenheim
2. Peter Neumann: Geschäftsführerin
   city: München
   hops: 3
   why: a new supplier
3. Thomas Müller: Prokurist; hops: nine
"""


def rows(text: str) -> list[tuple[int, str, str]]:
    parsed = parse(text)
    return [(r.line, r.partner, r.query) for r in parsed.requests]


def refused(text: str) -> list[tuple[int, str]]:
    return [(r.line, r.code) for r in parse(text).refused]


def test_a_german_csv_keeps_the_good_rows_and_refuses_each_odd_one_with_its_line() -> None:
    parsed = parse(CSV_DE)
    assert parsed.format == "csv"
    assert rows(CSV_DE) == [
        (2, "Anna Schmidt", "Steuerberater Rosenheim"),
        (3, "Thomas Müller", "Prokurist Berger Maschinenbau"),
        (5, "Peter Neumann", "Geschäftsführerin München"),
    ]
    assert refused(CSV_DE) == [(4, "no_partner"), (7, "no_request"), (8, "too_many_cells")]
    assert parsed.requests[0].note == "für ihre Bäckerei"
    assert parsed.requests[2].note == "Zulieferer; gern\naus dem Umland"  # a quoted cell


def test_an_english_csv_with_commas_roles_and_hops() -> None:
    parsed = parse(CSV_EN)
    assert rows(CSV_EN) == [
        (2, "Anna Schmidt", "Steuerberater Rosenheim"),
        (3, "Peter Neumann", "Geschäftsführerin München"),
    ]
    assert parsed.requests[1].role == "Geschäftsführerin" and parsed.requests[1].hops == 3
    assert refused(CSV_EN) == [(4, "bad_hops")]


def test_a_csv_column_nobody_knows_refuses_the_file_instead_of_losing_it() -> None:
    with pytest.raises(BadFile, match="Lieblingsfarbe"):
        parse("Partner;sucht;Lieblingsfarbe\nAnna;Steuerberater;blau\n")


def test_a_pasted_german_list_with_fields_on_the_line_and_below_it() -> None:
    parsed = parse(LIST_DE)
    assert parsed.format == "list"
    assert rows(LIST_DE) == [
        (2, "Anna Schmidt", "Steuerberater Rosenheim"),
        (3, "Thomas Müller", "Prokurist Berger Maschinenbau"),
    ]
    assert parsed.requests[1].note == "für den Einkauf"
    found = parse(LIST_DE).refused
    assert [(r.line, r.code) for r in found] == [
        (6, "no_partner"),
        (7, "unknown_label"),
        (8, "unknown_label"),
    ]
    assert found[1].label == "Farbe" and found[0].text == "Ohne Doppelpunkt"


def test_a_pasted_english_list_numbered() -> None:
    parsed = parse(LIST_EN)
    assert rows(LIST_EN) == [
        (1, "Anna Schmidt", "Steuerberater Rosenheim"),
        (2, "Peter Neumann", "Geschäftsführerin München"),
    ]
    assert parsed.requests[1].hops == 3 and parsed.requests[1].note == "a new supplier"
    assert refused(LIST_EN) == [(6, "bad_hops")]


def test_a_stray_indented_line_and_empty_text() -> None:
    assert refused("   Ort: München\nAnna: Steuerberater\n") == [(1, "stray_line")]
    assert parse("\n# nur ein Kommentar\n").requests == []


def test_request_files_name_their_partner_or_take_the_file_name() -> None:
    text = "Metanet request v1\nquery: Steuerberater\nhops: 1\nnote: dringend\n"
    parsed = parse(text, "anna-schmidt.txt")
    [request] = parsed.requests
    assert (request.partner, request.query, request.hops, request.note) == (
        "anna schmidt", "Steuerberater", 1, "dringend",
    )  # fmt: skip
    named = parse(text + "partner: Anna Schmidt\n", "x.txt").requests[0]
    assert named.partner == "Anna Schmidt"
    assert [(r.line, r.code, r.source) for r in parse("Metanet request v1\n", "b.txt").refused] == [
        (1, "not_a_request", "b.txt")
    ]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    home(tmp_path, monkeypatch, demo=True)
    with Store(tmp_path / "metanet.db") as store:
        yield store


def candidates(answer: meeting.Answered) -> list[tuple[str | None, int, list[str | None]]]:
    """Name, degree and the path's names of each candidate."""
    return [
        (
            c["name"],
            c["degree"],
            [h["name"] for h in c["path"]["hops"]] if c["path"] else [],
        )
        for c in answer["candidates"]
    ]


def test_the_give_list_answers_every_request_with_candidates_and_paths(demo: Store) -> None:
    imported = meeting.import_texts(demo, [("", CSV_DE)], title="Frühstück", held_on="2026-03-03")
    assert imported["meeting"] is not None and imported["meeting"]["requests"] == 3
    assert [r["line"] for r in imported["refused"]] == [4, 7, 8]
    given = meeting.give(demo)
    by_partner = {r["partner"]["name"]: r for r in given["requests"]}
    assert list(by_partner) == ["Anna Schmidt", "Peter Neumann", "Thomas Müller"]
    assert candidates(by_partner["Anna Schmidt"]) == [
        ("Jürgen Größ", 1, ["Sabine Weber", "Jürgen Größ"])
    ]
    assert candidates(by_partner["Peter Neumann"]) == [
        ("Lena Ørsted", 1, ["Sabine Weber", "Lena Ørsted"])
    ]
    assert candidates(by_partner["Thomas Müller"]) == [
        ("Frank Wagner", 2, ["Sabine Weber", "Thomas Müller", "Frank Wagner"])
    ]
    frank = by_partner["Thomas Müller"]["candidates"][0]
    assert frank["path"] is not None
    assert [round(h["strength"], 2) for h in frank["path"]["hops"][1:]] == [0.63, 0.41]
    assert frank["company"] == "Berger Maschinenbau GmbH"
    # the partners' requests are saved requests, re-run after every capture
    listed = requests.list_requests(demo)
    assert {r["origin"] for r in listed} == {"partner"} and len(listed) == 3
    # the same list again into the same meeting adds nothing
    again = meeting.import_texts(demo, [("", CSV_DE)], meeting_id=imported["meeting"]["id"])
    assert again["duplicates"] == 3 and len(requests.list_requests(demo)) == 3


def test_several_request_files_make_one_meeting(demo: Store) -> None:
    files = [
        ("anna.txt", "Metanet request v1\nquery: Steuerberater\npartner: Anna Schmidt\n"),
        ("peter.txt", "Metanet request v1\nquery: Geschäftsführerin\nhops: 3\n"),
        ("kaputt.txt", "Hallo Sabine, ich suche …"),
    ]
    imported = meeting.import_texts(demo, files)
    assert [r["partner"]["name"] for r in imported["requests"]] == ["Anna Schmidt", "peter"]
    assert [(r["source"], r["code"]) for r in imported["refused"]] == [("kaputt.txt", "no_partner")]
    peter = meeting.give(demo)["requests"][1]
    assert {c["name"] for c in peter["candidates"]} >= {"Lena Ørsted", "Dr. Katharina Berger"}


def test_only_odd_rows_save_nothing(demo: Store) -> None:
    imported = meeting.import_texts(demo, [("", "Ohne Doppelpunkt\n")])
    assert imported["meeting"] is None and imported["refused"][0]["code"] == "no_partner"
    assert raw(demo).execute("select count(*) from meetings").fetchone() == (0,)
    with pytest.raises(BadFile):
        meeting.import_texts(demo, [("", "  \n")])
