"""Role synonyms: the shipped German/English list and the user's own file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from metanet.words.forms import tokens
from metanet.words.synonyms import (
    BadSynonyms,
    add_user_synonyms,
    load_synonyms,
    parse,
    remove_user_line,
    shipped,
    user_lines,
    user_synonyms_path,
)


def test_the_shipped_list_has_at_least_60_roles() -> None:
    groups = shipped()
    assert len(groups) >= 60
    assert all(len(g.terms) >= 2 and g.source == "shipped" for g in groups)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Geschäftsführer", "Managing Director"),
        ("Geschäftsführerin", "CEO"),
        ("Geschäftsführer", "GF"),
        ("Geschäftsführer", "geschäftsführende Gesellschafterin"),
        ("Inhaberin", "Owner"),
        ("Inhaber", "Founder"),
        ("Vertriebsleiterin", "Head of Sales"),
        ("Vertriebsleiter", "Sales Director"),
        ("Personalleiterin", "Head of HR"),
        ("Einkaufsleiter", "Head of Procurement"),
        ("Steuerberaterin", "Tax Advisor"),
        ("Prokuristin", "Authorised Signatory"),
        ("Geschaeftsfuehrer", "Managing Directors"),
    ],
)
def test_roles_of_the_issue_are_synonyms(a: str, b: str) -> None:
    assert load_synonyms().same_role(a, b)
    assert load_synonyms().same_role(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Steuerberater", "Berater"),
        ("Geschäftsführer", "Berufskraftfahrer"),
        ("Vertriebsleiter", "Einkaufsleiter"),
    ],
)
def test_other_roles_are_not(a: str, b: str) -> None:
    assert not load_synonyms().same_role(a, b)


def test_a_user_line_extends_a_shipped_role_or_stands_alone(tmp_path: Path) -> None:
    path = user_synonyms_path(tmp_path)
    path.write_text(
        "# mine\nGeschäftsführer | Chef vom Ganzen\nScrum Master | Agile Coach   # a comment\n\n",
        encoding="utf-8",
    )
    synonyms = load_synonyms(path)
    assert synonyms.same_role("Chef vom Ganzen", "Managing Director")
    assert synonyms.same_role("Agile Coach", "Scrum Master")
    assert not synonyms.same_role("Agile Coach", "Managing Director")
    assert synonyms.problems == []


def test_bad_user_lines_are_skipped_and_reported(tmp_path: Path) -> None:
    path = user_synonyms_path(tmp_path)
    path.write_text(
        "Nur ein Name\nGeschäftsführer | Geschäftsführerin\n!!! | ???\nA | B\n", encoding="utf-8"
    )
    synonyms = load_synonyms(path)
    assert [(p.line, p.code) for p in synonyms.problems] == [
        (1, "one_name"),
        (2, "one_name"),  # one role written twice: nothing to add
        (3, "no_letters"),
    ]
    assert synonyms.same_role("A", "B")  # the good line still counts
    assert len(shipped()) + 1 == len(synonyms.groups)


def test_an_unreadable_or_missing_user_file_leaves_the_shipped_list(tmp_path: Path) -> None:
    assert len(load_synonyms(tmp_path / "missing.txt").groups) == len(shipped())
    broken = tmp_path / "synonyms.txt"
    broken.write_bytes(b"Gesch\xe4ftsf\xfchrer | Boss\nA | B\n")  # Latin-1, not UTF-8
    synonyms = load_synonyms(broken)
    assert [(p.line, p.code) for p in synonyms.problems] == [(1, "encoding")]
    assert not synonyms.same_role("Boss", "Managing Director")
    assert synonyms.same_role("A", "B")


def test_add_writes_a_private_file_and_the_next_load_sees_it(tmp_path: Path) -> None:
    path = user_synonyms_path(tmp_path)
    assert not load_synonyms(path).same_role("Kümmerer", "Hausmeister")
    written = add_user_synonyms(path, ["  Kümmerer ", "Hausmeister", ""])
    assert written == ("Kümmerer", "Hausmeister")
    assert load_synonyms(path).same_role("Kümmerer", "Hausmeister")
    add_user_synonyms(path, ["Macher", "Geschäftsführer"])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and text.endswith(
        "Kümmerer | Hausmeister\nMacher | Geschäftsführer\n"
    )
    assert load_synonyms(path).same_role("Macher", "CEO")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_add_appends_after_a_last_line_without_newline(tmp_path: Path) -> None:
    path = user_synonyms_path(tmp_path)
    path.write_text("A | B", encoding="utf-8")
    add_user_synonyms(path, ["C", "D"])
    assert path.read_text(encoding="utf-8") == "A | B\nC | D\n"


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (["Geschäftsführer"], "one_name"),
        (["Geschäftsführer", "Geschäftsführerin"], "one_name"),
        (["Geschäftsführer", "???"], "no_letters"),
        (["Geschäftsführer", "A | B"], "separator"),
        (["Geschäftsführer", "# Boss"], "separator"),
        (["Geschäftsführer", "x" * 101], "too_long"),
    ],
)
def test_add_refuses_what_cannot_be_a_line(tmp_path: Path, names: list[str], code: str) -> None:
    path = user_synonyms_path(tmp_path)
    with pytest.raises(BadSynonyms) as error:
        add_user_synonyms(path, names)
    assert error.value.code == code
    assert not path.exists()


def test_parse_keeps_names_as_written() -> None:
    [group], problems = parse("Head of Sales | Vertriebsleiter/-in", "user")
    assert problems == []
    assert [t.text for t in group.terms] == ["Head of Sales", "Vertriebsleiter/-in"]
    assert group.terms[1].words == tuple(t.text for t in tokens("Vertriebsleiterin"))


def test_user_lines_are_numbered_and_one_is_removed_keeping_the_rest(tmp_path: Path) -> None:
    path = user_synonyms_path(tmp_path)
    path.write_text("# mine\nChefin | Boss\n\nKümmerer\nWerkleiter | Plant Manager # x\n")
    assert [(line.number, line.names, line.problem) for line in user_lines(path)] == [
        (1, ("Chefin", "Boss"), None),
        (2, ("Kümmerer",), "one_name"),
        (3, ("Werkleiter", "Plant Manager"), None),
    ]
    assert remove_user_line(path, 2) == ("Kümmerer",)
    assert path.read_text() == "# mine\nChefin | Boss\n\nWerkleiter | Plant Manager # x\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    for number in (0, 3):
        with pytest.raises(BadSynonyms, match="no_line"):
            remove_user_line(path, number)
    with pytest.raises(BadSynonyms, match="no_line"):
        remove_user_line(tmp_path / "none.txt", 1)
    assert user_lines(tmp_path / "none.txt") == []
