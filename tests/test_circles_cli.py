"""``metanet circle …`` on the demo network: circles by hand and from member lists (CSV and
pasted text, German names; duplicates and bad rows refused with their lines), and a path
through a circle in ``metanet paths`` with its explanation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from metanet.commands.circles import circle_group
from metanet.model import AccountRecord
from metanet.store import Store
from tests.circles_support import CHAPTER, MEMBERS, bni_chapter
from tests.cli_support import home, invoke

CSV = """Vorname;Nachname;Firma;E-Mail;seit
Jürgen;Größ;Größ Steuerberatung;juergen@groess.de;2015
Zoë;Hartmann;;zoe.hartmann@example.de;
Björn;Weiß-Özdemir;Weiß Bau GmbH;;2019
"""
BAD_CSV = """Name,Firma,E-Mail
Jürgen Größ,Größ Steuerberatung,juergen@groess.de
,Firma ohne Namen,
Hans-Jürgen Ärmel,Ärmel KG,kein-at-zeichen
Jürgen Größ,Größ Steuerberatung,JUERGEN@groess.de
"""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch, demo=True)

    def run_cli(*args: str, stdin: str | None = None, lang: str | None = None) -> Any:
        env = {"LANG": f"{lang}_DE.UTF-8"} if lang else None
        return invoke(*args, env=env, given=stdin)

    return run_cli


@pytest.mark.parametrize("sub", sorted(circle_group.commands))
def test_every_circle_command_has_an_example_and_json(run: Any, sub: str) -> None:
    text = run("circle", sub, "--help").output
    assert re.search(rf"Example:\n +metanet circle {sub} ", text), text
    assert "--json" in text


def test_a_circle_by_hand(run: Any) -> None:
    made = json.loads(run("circle", "create", "Golfclub Starnberg", "--kind", "club",
                          "--place", "Starnberg", "--json").output)  # fmt: skip
    assert made["members"] == 0 and made["origin"] == "user"
    assert "is now in #" in run("circle", "add", "Golfclub Starnberg", "Anna Schmidt").output
    run("circle", "add", "Golfclub Starnberg", "Bernd Keller", "--from", "2015")
    run("circle", "add", "Golfclub Starnberg", "Claudia Vogt", "--new")
    shown = run("circle", "show", "Golfclub Starnberg").output
    assert f"#{made['id']} Golfclub Starnberg (club, Starnberg, 3 members)" in shown
    assert "Anna Schmidt" in shown and "you know them: Facebook" in shown
    assert "Bernd Keller" in shown and "since 2015" in shown
    edited = run("circle", "edit", "Golfclub Starnberg", "--from", "1990", "--to", "2020",
                 "--json")  # fmt: skip
    facts = json.loads(edited.output)
    assert (facts["kind"], facts["place"], facts["start_year"], facts["end_year"]) == (
        "club", "Starnberg", 1990, 2020,
    )  # fmt: skip
    run("circle", "rename", "Golfclub Starnberg", "GC Starnberg e.V.")
    other = json.loads(run("circle", "create", "Golfclub", "--json").output)
    run("circle", "add", "Golfclub", "Petra Huber")
    merged = json.loads(run("circle", "merge", "GC Starnberg e.V.", "Golfclub", "--json").output)
    assert merged["moved"] == 1 and merged["circle"]["members"] == 4
    assert run("circle", "show", str(other["id"])).exit_code == 1  # gone
    run("circle", "remove", "GC Starnberg e.V.", "Petra Huber")
    rated = json.loads(run("circle", "rate", "GC Starnberg e.V.", "0.5", "--json").output)
    assert rated["rating"] == 0.5 and rated["members"] == 3
    listed = run("circle", "list").output
    assert "GC Starnberg e.V. (club, Starnberg, 1990–2020, 3 members, your rating 0.50)" in listed
    deleted = run("circle", "delete", "GC Starnberg e.V.", "--yes", "--json").output
    assert json.loads(deleted)["memberships"] == 3
    assert json.loads(run("circle", "list", "--json").output)["circles"] == []


def test_a_member_list_from_a_csv_file_with_german_names(run: Any, tmp_path: Path) -> None:
    run("circle", "create", "Rotary Club Starnberg", "--kind", "club")
    path = tmp_path / "mitglieder.csv"
    path.write_text(CSV, encoding="utf-8")
    data = json.loads(run("circle", "import", "Rotary Club Starnberg", str(path), "--json").output)
    assert [row["name"] for row in data["rows"]] == ["Jürgen Größ", "Zoë Hartmann",
                                                     "Björn Weiß-Özdemir"]  # fmt: skip
    assert [row["line"] for row in data["rows"]] == [2, 3, 4]
    assert data["circle"]["members"] == 3
    shown = run("circle", "show", "Rotary Club Starnberg").output
    assert "Jürgen Größ" in shown and "since 2015" in shown and "from a member list" in shown
    again = json.loads(run("circle", "import", "Rotary Club Starnberg", str(path), "--json").output)
    assert again["counts"] == {"already": 3} and again["circle"]["members"] == 3


def test_a_pasted_list_matches_known_people_by_their_evidence(run: Any) -> None:
    """The same e-mail address as a known account merges; the same name only suggests."""
    run("circle", "create", "Elternbeirat", "--kind", "association")
    with Store() as store:
        anna = store.find_people("Anna Schmidt")[0]["id"]
        [lena] = [p["id"] for p in store.find_people("Lena Ørsted")]
        account = store.person_accounts(anna)[0]
        known = AccountRecord(account["network"], account["key"], account["profile_url"] or "",
                              emails=["anna@example.de"])  # fmt: skip
        store.upsert_account(known)
    pasted = "- Anna Schmidt <Anna@Example.de>\n- Lena Ørsted, Ørsted Design\n"
    data = json.loads(run("circle", "import", "Elternbeirat", "-", "--json", stdin=pasted).output)
    outcomes = {row["name"]: (row["outcome"], row["person_id"]) for row in data["rows"]}
    assert outcomes["Anna Schmidt"] == ("matched", anna)
    assert outcomes["Lena Ørsted"][0] in ("new", "suggested")
    assert outcomes["Lena Ørsted"][1] != lena


def test_bad_rows_and_duplicates_are_refused_with_their_lines(run: Any, tmp_path: Path) -> None:
    run("circle", "create", "Rotary Club Starnberg")
    path = tmp_path / "kaputt.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    refused = run("circle", "import", "Rotary Club Starnberg", str(path))
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "Error: the member list was not imported, nothing changed:",
        "  line 3: no name",
        "  line 4: “kein-at-zeichen” is not an e-mail address",
        "  line 5: the same person as line 2",
    ]
    assert "0 members" in run("circle", "list").output
    as_json = json.loads(
        run("circle", "import", "Rotary Club Starnberg", str(path), "--json").output
    )
    assert as_json["ok"] is False and as_json["error"]["code"] == "bad_request"
    assert [(p["line"], p["code"]) for p in as_json["error"]["problems"]] == [
        (3, "no_name"), (4, "bad_email"), (5, "duplicate")
    ]  # fmt: skip
    pasted = "Jürgen Größ, Größ Bau\nJuergen Groess, Größ Bau\n\n;;\n"
    german = run("circle", "import", "Rotary Club Starnberg", "-", stdin=pasted, lang="de")
    assert "Zeile 2: dieselbe Person wie Zeile 1" in german.output
    assert "Zeile 4: kein Name" in german.output


def test_paths_pass_through_a_circle_and_say_so(run: Any) -> None:
    with Store() as store:
        circle, claudia = bni_chapter(store)
    text = run("paths", str(claudia)).output
    first = text.splitlines()[1]
    assert first.startswith("1. score ")
    assert f"Petra Huber (Facebook; 0.47) → Claudia Vogt (circle: {CHAPTER}; " in first
    assert f"     Claudia Vogt: both in {CHAPTER}, {MEMBERS} members" in text
    data = json.loads(run("paths", str(claudia), "--json").output)
    hop = data["paths"][0]["hops"][-1]
    assert hop["via"] == [{"network": "circle", "label": CHAPTER}]
    assert hop["why"][0]["code"] == "circle" and hop["why"][0]["circle_id"] == circle
    assert (
        "in circles: BNI Chapter Isartal (chapter, 35 members)"
        in run("person", str(claudia)).output
    )
