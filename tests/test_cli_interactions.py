"""`metanet interactions import/review/assign`, `metanet person` and `metanet revive` as a
person reads them, in English and German."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metanet.cli import cli
from tests.interaction_files import ago, ics_file, linkedin_zip, mbox_file
from tests.test_answers_interactions import World


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    monkeypatch.delenv("LANGUAGE", raising=False)
    World(tmp_path / "metanet.db").store.close()
    runner = CliRunner()

    def invoke(*args: str, lang: str = "en_US.UTF-8") -> Any:
        env = {"LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def test_import_review_assign_and_the_person(run: Any, tmp_path: Path) -> None:
    li = linkedin_zip(tmp_path / "li.zip")
    first = run("interactions", "import", str(li))
    assert first.exit_code == 0
    assert first.output.splitlines() == [
        "li.zip: 14 new interactions counted, 2 people.",
        "  1 sender or attendee matched nobody (or several people): metanet interactions review",
    ]
    assert run("interactions", "import", str(li)).output == (
        "li.zip: nothing new (14 already counted).\n"
    )
    mail = run("interactions", "import", str(mbox_file(tmp_path / "all.mbox")))
    assert "2 senders or attendees matched nobody" in mail.output
    review = run("interactions", "review").output.splitlines()
    assert review[0].startswith("Not matched to one person")
    assert any("name:max mueller  Max Müller  (1 interaction, last " in line for line in review)
    assigned = run("interactions", "assign", "email:carol@example.net", "4")
    assert assigned.exit_code == 0 and assigned.output == "email:carol@example.net → #4.\n"
    month = ago(5).strftime("%B %Y")
    shown = run("person", "Anna Schmidt").output
    said = f"with you: 6 messages, last in {month}; recommended you; endorsed 1 of your skills"
    assert said in shown and "None" not in shown
    german = run("person", "Anna Schmidt", lang="de_DE.UTF-8").output
    assert "mit Ihnen: 6 Nachrichten, zuletzt im " in german and "hat Sie empfohlen" in german


def test_paths_say_why_in_words(run: Any, tmp_path: Path) -> None:
    run("interactions", "import", str(linkedin_zip(tmp_path / "li.zip")))
    run("interactions", "import", str(ics_file(tmp_path / "cal.ics")))
    text = run("paths", "Tara Zimmer").output
    first = text.split("\n\n")[0] if "\n\n" in text else text
    assert "Anna Schmidt" in first
    assert "4 messages, last in" in text and "3 meetings in the last 12 months" in text
    data = json.loads(run("paths", "Tara Zimmer", "--json").output)
    assert data["paths"][0]["hops"][1]["name"] == "Anna Schmidt"


def test_a_file_of_another_kind_is_a_clear_error(run: Any, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = run("interactions", "import", str(other))
    assert result.exit_code != 0
    assert "notes.txt, content: not an interaction file Metanet reads" in result.output


def test_revive_lists_dormant_ties_and_bridges(run: Any) -> None:
    result = run("revive")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Dormant ties worth reviving (close once, silent for a year):"
    assert lines[1] == "  none (import your messages: metanet interactions import)"
    assert lines[2] == "Bridges (their contacts overlap least with yours):"


def test_importing_the_linkedin_zip_counts_its_interaction_too(run: Any, tmp_path: Path) -> None:
    li = linkedin_zip(tmp_path / "Basic_LinkedInDataExport.zip")
    result = run("import", str(li))
    assert result.exit_code == 0, result.output
    assert "  Basic_LinkedInDataExport.zip: 14 new interactions counted, 2 people." in result.output
    data = json.loads(run("person", "Anna Schmidt", "--json").output)
    assert data["interaction"]["messages"] == 4
    assert "nothing new" in run("interactions", "import", str(li)).output
