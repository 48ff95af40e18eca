"""Upgrades: a database written by each older schema version migrates without loss."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest
import sqlite_utils

from metanet.migrations import MIGRATIONS
from metanet.services.pages import lookup
from metanet.services.people import find_person, known_by
from metanet.store import Store
from tests.db_support import raw
from tests.schema_rows import fill_first_schema

FIXTURES = Path(__file__).parent / "fixtures" / "db"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "metanet.db"
    shutil.copy(FIXTURES / "schema-m001.db", path)
    return path


def known_people(store: Store, person_id: int) -> dict[int, list[dict[str, str]]]:
    """Whom a person knows, each with how (the graph's ``via``)."""
    return {known["person_id"]: known["via"] for known in known_by(store, person_id)}


NAMES = [m.name for m in MIGRATIONS._migrations]


def test_migrations_are_registered_in_number_order() -> None:
    assert sorted(NAMES) == NAMES
    assert [int(name[1:4]) for name in NAMES] == list(range(1, len(NAMES) + 1))


def test_first_schema_upgrades_to_the_newest_without_loss(old_db: Path) -> None:
    assert_upgraded_without_loss(old_db)


@pytest.mark.parametrize("newest_applied", NAMES[:-1])
def test_every_earlier_schema_upgrades_to_the_newest_without_loss(
    tmp_path: Path, newest_applied: str
) -> None:
    """A database left at each earlier schema (its tables as that migration made them,
    holding the first schema's network) reaches the newest schema with nothing lost."""
    path = tmp_path / "metanet.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before=NAMES[NAMES.index(newest_applied) + 1])
    assert [m.name for m in MIGRATIONS.applied(db)][-1] == newest_applied
    fill_first_schema(db.conn)
    db.close()
    assert_upgraded_without_loss(path)


def assert_upgraded_without_loss(path: Path) -> None:
    store = Store(path)
    assert [m.name for m in MIGRATIONS.applied(raw(store))] == NAMES
    assert MIGRATIONS.pending(raw(store)) == []
    assert store.counts() == {
        **store.counts(), "persons": 4, "accounts": 4, "ties": 2, "relations": 1, "captures": 1,
    }  # fmt: skip
    found = lookup(store, "https://de.linkedin.com/in/Juergen-Groess?trk=x")
    assert found["known"] and found["person"] is not None
    assert found["person"]["name"] == "Jürgen Größ"
    assert set(known_people(store, 1)) == {2, 3}
    assert known_people(store, 4) == {3: [{"network": "offline", "label": "golf partner"}]}
    assert store.capture_html(1) == "<html><h1>Jürgen Größ</h1></html>"
    # names as people type them: the accounts' lookup keys are (re)written after the upgrade
    assert find_person(store, "Jurgen Gross") == 2
    assert find_person(store, "Zoe Orsted") == 3
    assert find_person(store, "Herr Keller") == 4
    blob = raw(store).execute("select html_z from captures where id = 1").fetchone()[0]
    assert zlib.decompress(blob).decode() == store.capture_html(1)


def test_upgraded_database_takes_new_writes(old_db: Path) -> None:
    store = Store(old_db)
    store.relate(1, 4, "neighbour")
    assert 4 in known_people(store, 1)
    store.close()
    assert Store(old_db).counts()["relations"] == 2  # reopening applies nothing twice


def test_processes_opening_a_new_database_together_all_get_it(tmp_path: Path) -> None:
    """The browser starts a host per port: 4 processes opening a new database at once each
    saw a migration pending, and the second failed on the first one's column ("cannot be
    read": 3 of 40 opens before the migration lock)."""
    import subprocess
    import sys

    opening = (
        "import sys, pathlib; from metanet.store import Store; "
        "Store(pathlib.Path(sys.argv[1])).close()"
    )
    for round_ in range(5):
        database = tmp_path / f"r{round_}" / "metanet.db"
        database.parent.mkdir()
        runs = [
            subprocess.Popen([sys.executable, "-c", opening, str(database)], stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        failed = [p.communicate()[1].decode()[-200:] for p in runs if p.wait() != 0]
        assert failed == []
