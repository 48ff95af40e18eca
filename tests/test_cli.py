"""The command line: every command documented, reports as text and as one JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest

from metanet.cli import COMMANDS, cli
from tests.cli_support import home, invoke


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch)
    return invoke


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(run: Any, name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    texts = [result.output]
    if isinstance(command, click.Group):
        texts += [run(name, sub, "--help").output for sub in command.commands]
    assert all("Example" in text for text in texts[-1:]), texts


def test_offline_people_and_relations(run: Any) -> None:
    anna = json.loads(run("add", "Anna Schmidt", "--json").output)
    bernd = json.loads(run("add", "Bernd Keller", "--note", "Nachbar", "--json").output)
    related = run("relate", "Anna Schmidt", str(bernd["person_id"]), "--as", "neighbour", "--json")
    assert json.loads(related.output)["label"] == "neighbour"
    person = json.loads(run("person", "Bernd Keller", "--json").output)
    assert person["note"] == "Nachbar"
    assert person["knows"] == [
        {
            "person_id": anna["person_id"],
            "name": "Anna Schmidt",
            "via": [{"network": "offline", "label": "neighbour"}],
            "strength": 0.6,
        }
    ]
    assert "Anna Schmidt" in run("person", "Bernd Keller").output


def test_unknown_and_ambiguous_people_are_clear_errors(run: Any) -> None:
    run("add", "Max Mustermann")
    run("add", "Max Mustermann")
    ambiguous = run("person", "Max Mustermann")
    assert ambiguous.exit_code == 1
    assert "“Max Mustermann” fits 2 people:" in ambiguous.output
    assert "  #1 Max Mustermann (Offline)\n  #2 Max Mustermann (Offline)\n" in ambiguous.output
    missing = run("person", "Erika", "--json")
    assert missing.exit_code == 1
    assert json.loads(missing.output)["error"]["code"] == "not_found"


def test_capture_a_saved_page_then_me_and_mutual(run: Any, real_fixture: Any) -> None:
    page = real_fixture("linkedin/profile-public-2024-scoutr.html")
    url = "https://se.linkedin.com/in/eduardo-alvarez-nowak"
    result = json.loads(run("capture", str(page), "--url", url, "--json").output)
    assert result["outcome"] == "stored"
    assert result["person"]["name"] == "Eduardo Alvarez Nowak"
    assert "Capture #2: stored" in run("capture", str(page), "--url", url).output
    me = run("me", "add", "https://www.linkedin.com/in/someone-else/", "--json")
    assert json.loads(me.output)["key"] == "someone-else"
    mutual = json.loads(run("mutual", url, "--json").output)
    assert mutual == {"people": [], "total": 0, "truncated": False, "said": []}


def test_capture_refuses_a_non_web_url(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html/>")
    result = run("capture", str(page), "--url", "ftp://example.org/x", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "bad_request"


def test_relate_needs_a_label(run: Any) -> None:
    run("add", "A")
    run("add", "B")
    result = run("relate", "A", "B", "--as", "  ")
    assert result.exit_code == 1 and "label" in result.output


def test_export_to_a_file_is_private_and_a_bad_path_is_one_line(run: Any, tmp_path: Path) -> None:
    run("add", "Anna Schmidt")
    target = tmp_path / "out.json"
    assert run("export", "--format", "json", "-o", str(target)).exit_code == 0
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    failed = run("export", "--format", "json", "-o", "/nonexistent/dir/out.json")
    assert failed.exit_code == 1
    assert failed.output.strip().splitlines() == [
        "Error: cannot write /nonexistent/dir/out.json: No such file or directory"
    ]


def test_doctor_exits_1_when_it_reports_a_problem(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    assert run("install").exit_code == 0  # registered wherever a browser is found
    healthy = run("doctor")
    assert healthy.exit_code == 0, healthy.output
    assert healthy.output.rstrip().endswith("All checks passed.")
    (tmp_path / "metanet.db").unlink()
    (tmp_path / "metanet.db").write_bytes(b"not a database, just bytes" * 100)
    broken = run("doctor")
    assert broken.exit_code == 1
    assert "PROBLEM: the database cannot be opened" in broken.output
    assert json.loads(run("doctor", "--json").output)["problems"]
