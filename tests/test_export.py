"""Exports parse back in their own formats and hold the same people (module and CLI)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from metanet.cli import cli
from metanet.demo import seed
from metanet.export import FORMATS, export_text, vcard_escape, vcard_fold
from metanet.model import AccountRecord
from metanet.services.imports import import_file
from metanet.store import Store
from tests.db_support import raw


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def demo(home: Path) -> Any:
    with Store(home / "metanet.db") as store:
        seed.load(store)
        yield store


def names(store: Store) -> set[str]:
    return {row[0] for row in raw(store).execute("select name from persons where is_me = 0")}


def test_json_holds_every_person_tie_and_relation(demo: Store) -> None:
    data = json.loads(export_text(demo, "json"))
    assert {p["name"] for p in data["persons"] if not p["is_me"]} == names(demo)
    assert len(data["ties"]) == raw(demo).table("ties").count
    assert {r["label"] for r in data["relations"]} >= {"neighbour", "golf partner"}


def test_csv_has_one_row_per_account(demo: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(demo, "csv"))))
    assert len(rows) == raw(demo).table("accounts").count
    assert {r["person_name"] for r in rows if r["is_me"] == "0"} <= names(demo)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_read_back_with_networkx(demo: Store, fmt: str) -> None:
    text = export_text(demo, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(text.encode("utf-8")))
    assert graph.number_of_nodes() == raw(demo).table("persons").count
    labels = {data.get("name") or data.get("label") for _, data in graph.nodes(data=True)}
    assert names(demo) <= labels
    vias = " ".join(str(data.get("via")) for _, _, data in graph.edges(data=True))
    assert "offline: golf partner" in vias


def test_vcard_reimports_as_the_same_people(demo: Store, tmp_path: Path) -> None:
    cards = export_text(demo, "vcard")
    assert cards.count("BEGIN:VCARD") == len(names(demo))
    with Store(tmp_path / "other.db") as other:
        result = import_file(other, cards.encode("utf-8"), "metanet.vcf")
        assert result.entries == len(names(demo))
        assert names(other) == names(demo)


def test_vcard_escapes_and_folds_hostile_values(home: Path) -> None:
    assert vcard_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = vcard_fold("NOTE:" + "ü" * 60)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    with Store(home / "metanet.db") as store:
        record = AccountRecord(
            "xing", "x", "https://www.xing.com/profile/x", name="Größ, Jürgen; <b>Dr</b>"
        )
        store.upsert_account(record, seen_at="2024-01-01T00:00:00+00:00")
        text = export_text(store, "vcard")
        assert "FN:Größ\\, Jürgen\\; <b>Dr</b>" in text
        with Store(home / "back.db") as other:
            import_file(other, text.encode(), "x.vcf")
            assert names(other) == {"Größ, Jürgen; <b>Dr</b>"}


def test_unknown_format_is_a_clear_error(demo: Store) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_text(demo, "xlsx")


def test_cli_writes_stdout_and_files(demo: Store, home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {p["name"] for p in json.loads(result.stdout)["persons"]} >= names(demo)
    for fmt in FORMATS:
        target = home / f"out.{fmt}"
        result = runner.invoke(cli, ["export", "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0


def test_cli_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    assert "metanet export --format" in result.output


HOSTILE_CELLS = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
]


@pytest.mark.parametrize("hostile", HOSTILE_CELLS)
def test_csv_cells_never_start_a_formula(home: Path, hostile: str) -> None:
    """OWASP CSV injection: a name or headline from a web page stays text in a spreadsheet."""
    with Store(home / "metanet.db") as store:
        record = AccountRecord("xing", "evil", "https://www.xing.com/profile/evil")
        record.name, record.headline = hostile, hostile
        store.upsert_account(record)
        rows = list(csv.DictReader(io.StringIO(export_text(store, "csv"))))
    (row,) = rows
    for column in ("person_name", "name", "headline"):
        assert row[column] == "'" + hostile, column
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_carry_names_xml_forbids(home: Path, fmt: str) -> None:
    """U+FFFE, U+FFFF and control characters are not XML even escaped: they become U+FFFD
    and the file stays valid XML that Gephi (here networkx) reads."""
    import xml.etree.ElementTree as ET

    with Store(home / "metanet.db") as store:
        store.add_offline_person("Anna\ufffe\uffffB\x01")
        text = export_text(store, fmt)
    ET.fromstring(text.encode("utf-8"))  # raises on invalid XML
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(text.encode("utf-8")))
    labels = {data.get("name") or data.get("label") for _, data in graph.nodes(data=True)}
    assert "Anna\ufffd\ufffdB\ufffd" in labels
