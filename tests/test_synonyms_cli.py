"""``metanet synonyms``: the user's own role names, and the search using them at once."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import home, invoke

GERMAN = {"LANG": "de_DE.UTF-8"}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch, demo=True)

    def run_cli(*args: str, env: dict[str, str] | None = None, status: int = 0) -> str:
        result = invoke(*args, env=env)
        assert result.exit_code == status, result.output
        return result.output

    return run_cli


def test_add_list_remove_and_the_search_follows(run: Any, tmp_path: Path) -> None:
    # nobody in the demo is a "Chefin" until the user says a Chefin is a Geschäftsführerin
    assert run("search", "Chefin").startswith("0 people within 3 hops")
    added = run("synonyms", "add", "Geschäftsführerin", "Chefin")
    assert added == (
        "Added: Geschäftsführerin | Chefin. A search for one of them finds the others.\n"
    )
    found = run("search", "Chefin")
    assert "#4 Dr. Katharina Berger" in found
    assert "matches: Geschäftsführerin, as Chefin" in found
    path = tmp_path / "synonyms.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    run("synonyms", "add", "Werkleiter", "Leiter Produktion", "Head of Manufacturing")
    assert run("synonyms", "list").splitlines() == [
        f"Your synonyms ({path}):",
        "  1. Geschäftsführerin | Chefin",
        "  2. Werkleiter | Leiter Produktion | Head of Manufacturing",
    ]
    assert run("synonyms", "remove", "1") == "Removed: Geschäftsführerin | Chefin.\n"
    assert run("search", "Chefin").startswith("0 people within 3 hops")
    listed = json.loads(run("synonyms", "list", "--json"))
    assert listed["own"] == [
        {"number": 1, "names": ["Werkleiter", "Leiter Produktion", "Head of Manufacturing"],
         "problem": None},
    ]  # fmt: skip
    assert path.read_text(encoding="utf-8").startswith("# Your own role synonyms")


def test_bad_names_and_lines_are_refused_in_words(run: Any) -> None:
    assert "a role needs at least two different names" in run("synonyms", "add", "Chefin", status=1)
    assert "a name may not contain | or #: A|B" in run("synonyms", "add", "A|B", "C", status=1)
    missing = run("synonyms", "remove", "7", "--json", status=1)
    assert json.loads(missing)["error"]["code"] == "not_found"
    assert "keine eigenen Synonyme" in run("synonyms", "list", env=GERMAN)
    assert "diese Zeile gibt es nicht" in run("synonyms", "remove", "7", env=GERMAN, status=1)


def test_a_hand_edited_line_the_search_skips_says_why(run: Any, tmp_path: Path) -> None:
    (tmp_path / "synonyms.txt").write_text("Chefin\nBoss | Chefin  # mine\n", encoding="utf-8")
    assert run("synonyms", "list").splitlines()[1:] == [
        "  1. Chefin  (a role needs at least two different names)",
        "  2. Boss | Chefin",
    ]
    assert run("synonyms", "list", env=GERMAN).splitlines()[1] == (
        "  1. Chefin  (eine Rolle braucht mindestens zwei verschiedene Namen)"
    )


def test_the_built_in_roles_are_listed_on_request(run: Any) -> None:
    text = run("synonyms", "list", "--built-in")
    assert "145 built-in roles:" in text
    assert "  Geschäftsführer | Managing Director | CEO" in text


def test_help_has_examples(run: Any) -> None:
    for args in (("synonyms",), ("synonyms", "add"), ("synonyms", "list"), ("synonyms", "remove")):
        assert "Example" in run(*args, "--help")
