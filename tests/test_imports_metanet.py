"""Metanet's own JSON export reads back: export → import round-trips, idempotently, and a
forgotten person stays forgotten (``imports/metanet.py``, ``services/readback.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.seed import load
from metanet.identity.decisions import reject
from metanet.services.people import find_person
from metanet.store import Store
from tests.cli_support import invoke


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo network with a note, a relation and a "not the same" decision, exported."""
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "old"))
    with Store() as store:
        load(store)
        thomas = find_person(store, "Thomas Müller")
        store.set_note(thomas, "Met at the fair")
        anna, jose = find_person(store, "Anna Schmidt"), find_person(store, "José García")
        reject(store, store.person_accounts(anna)[0]["id"], store.person_accounts(jose)[0]["id"])
    target = tmp_path / "export.json"
    assert invoke("export", "--format", "json", "-o", str(target)).exit_code == 0
    return target


def export_of(home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("METANET_HOME", str(home))
    document = json.loads(invoke("export", "--format", "json").output)
    document.pop("exported_at")
    for tie in document["ties"]:  # an undirected tie is one pair, stored either way round
        if not tie["directed"] and (tie["src"], tie["dst"]) > (tie["dst"], tie["src"]):
            tie["src"], tie["dst"] = tie["dst"], tie["src"]
    document["ties"].sort(key=lambda t: (t["network"], t["src"], t["dst"], t["kind"]))
    return dict(document)


def test_export_then_import_round_trips(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = export_of(tmp_path / "old", monkeypatch)
    assert before["decisions"] and before["relations"]
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "new"))
    result = invoke("import", str(exported))
    assert result.exit_code == 0, result.output
    assert "Imported export.json (metanet)" in result.output and "15 contacts" in result.output
    assert export_of(tmp_path / "new", monkeypatch) == before


def test_import_is_idempotent_and_adds_only_what_is_new(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "new"))
    invoke("import", str(exported))
    again = invoke("import", str(exported))
    assert "already imported" in again.output
    # a later export of the old database, with one relation more
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "old"))
    with Store() as store:
        store.relate(find_person(store, "Anna Schmidt"), find_person(store, "Lena Ørsted"), "choir")
    later = tmp_path / "later.json"
    invoke("export", "--format", "json", "-o", str(later))
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "new"))
    assert invoke("import", "--format", "metanet", str(later)).exit_code == 0
    assert export_of(tmp_path / "new", monkeypatch) == export_of(tmp_path / "old", monkeypatch)


def test_import_into_a_database_with_data_joins_and_keeps_forgotten_out(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "other"))
    with Store() as store:
        load(store)
        store.forget_person(find_person(store, "Thomas Müller"))
        bernd = find_person(store, "Bernd Keller")
        store.set_note(bernd, "plays golf")
        offline_other = store.add_offline_person("Someone Else")  # may hold the same key
        persons_before = store.counts()["persons"]
    result = invoke("import", str(exported), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["forgotten"] == 1
    with Store() as store:
        names = [p["name"] for p in store.export_persons()]
        assert "Thomas Müller" not in names
        assert names.count("Bernd Keller") == 1 and names.count("Someone Else") == 1
        assert store.person(find_person(store, "Bernd Keller"))["note"] == "plays golf"
        assert store.person(offline_other)["name"] == "Someone Else"
        assert store.counts()["persons"] == persons_before


def test_a_broken_export_is_one_line_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "home"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"metanet": "0.1", "exported_at": "x", "persons": [{"id": "seven"}]}')
    result = invoke("import", str(bad))
    assert result.exit_code == 1
    assert result.output == (
        "Error: bad.json, person 1: id must be a whole number (nothing was imported)\n"
    )
    with Store() as store:
        assert store.counts()["persons"] == 0 and store.counts()["imports"] == 0
