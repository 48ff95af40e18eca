"""``metanet import``: text and JSON reports, progress on stderr, clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import home, invoke

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch)
    return invoke


def connections(tmp_path: Path, name: str, count: int, company: str = "Acme") -> Path:
    path = tmp_path / name
    rows = "".join(
        f"P{i},Q,https://www.linkedin.com/in/p-{i},,{company if i == 0 else 'Acme'},Role,"
        f"12 Mar 2021\n"
        for i in range(count)
    )
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_text_report_then_already_imported(run: Any) -> None:
    path = FIXTURES / "linkedin-current-bom.csv"
    first = run("import", str(path))
    assert first.exit_code == 0
    assert "Imported linkedin-current-bom.csv (linkedin) as import #1: 4 contacts" in first.output
    assert "First import of linkedin-connections" in first.output
    again = run("import", str(path))
    assert again.exit_code == 0
    assert "already imported (import #1, same content); nothing changed." in again.output


def test_newer_export_prints_what_changed(run: Any, tmp_path: Path) -> None:
    run("import", str(connections(tmp_path, "old.csv", 3)))
    result = run("import", str(connections(tmp_path, "new.csv", 2, company="Globex")))
    assert "Changed (1):\n    P0 Q: Company Acme → Globex" in result.output
    assert "No longer listed (1):\n    P2 Q" in result.output


def test_json_is_one_document_and_progress_goes_to_stderr(run: Any, tmp_path: Path) -> None:
    big = connections(tmp_path, "big.csv", 600)
    result = run("import", str(big), "--json")
    data = json.loads(result.stdout)
    assert (data["entries"], data["already_imported"], data["format"]) == (600, False, "linkedin")
    assert "Importing" not in result.stdout
    again = connections(tmp_path, "again.csv", 601)
    text = run("import", str(again))
    assert "Importing" in text.stderr and "Importing" not in text.stdout


def test_broken_file_is_one_clear_error(run: Any) -> None:
    result = run("import", str(FIXTURES / "vcard-truncated.vcf"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: vcard-truncated.vcf, card 2 (line 5): BEGIN:VCARD without END:VCARD "
        "(is the file cut short?) (nothing was imported)"
    )
    as_json = run("import", str(FIXTURES / "vcard-truncated.vcf"), "--json")
    assert json.loads(as_json.stdout)["error"]["code"] == "bad_file"


def test_format_override(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "follows.txt"
    path.write_text("user@example.com\n")
    assert run("import", str(path)).exit_code == 1
    result = run("import", str(path), "--format", "mastodon", "--json")
    assert json.loads(result.stdout)["format"] == "mastodon"


def test_format_choices_are_the_importers() -> None:
    from metanet.commands.imports import import_command
    from metanet.imports import FORMATS
    from metanet.imports import metanet as metanet_export

    option = next(p for p in import_command.params if p.name == "fmt")
    # the contact lists' importers, and Metanet's own export read back
    expected = {*FORMATS, metanet_export.NAME}
    assert set(option.type.choices) == expected  # type: ignore[attr-defined]
