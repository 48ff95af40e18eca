"""The region phone numbers without a country code are read in (issue 18): saved with the
data, the locale's when none is saved, used by imports, and numbers stored before it was
known are read in it once — merging people whose numbers then agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from metanet.errors import InvalidInput
from metanet.migrations import MIGRATIONS
from metanet.model import AccountRecord
from metanet.services.imports import import_file
from metanet.services.people import find_person
from metanet.services.settings import (
    localise_phones,
    phone_region,
    region_setting,
    set_region,
)
from metanet.store import Store
from tests.db_support import raw

# a mobile number: one person's (a landline only suggests a merge, issue 24)
VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Max Muster\r\nTEL;TYPE=CELL:01711234567\r\nEND:VCARD\r\n"
GOOGLE = (
    b"First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\r\n"
    b"Maximilian,Muster,max@muster.example,+49 171 1234567\r\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def phones(store: Store) -> set[str]:
    rows = raw(store).execute("select value from account_identifiers where kind = 'phone'")
    return {value for (value,) in rows}


def persons(store: Store) -> int:
    return int(raw(store).execute("select count(*) from persons where is_me = 0").fetchone()[0])


def test_the_setting_wins_over_the_locale(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert region_setting(store) == {"region": None, "source": "none"}  # tests run in C.UTF-8
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert region_setting(store) == {"region": "AT", "source": "locale"}
    set_region(store, "de")
    assert region_setting(store) == {"region": "DE", "source": "setting"}
    set_region(store, None)
    assert phone_region(store) == "AT"


def test_an_unknown_region_is_refused(store: Store) -> None:
    with pytest.raises(InvalidInput, match="not a region"):
        set_region(store, "Germany")
    assert region_setting(store)["source"] == "none"


def test_an_import_reads_numbers_in_the_users_region(store: Store) -> None:
    set_region(store, "DE")
    import_file(store, VCARD, "kontakte.vcf")
    assert phones(store) == {"+491711234567"}


def test_numbers_stored_before_the_region_was_known_merge_once_it_is(store: Store) -> None:
    import_file(store, VCARD, "kontakte.vcf")  # no region: the digits are kept
    import_file(store, GOOGLE, "google.csv")
    assert phones(store) == {"01711234567", "+491711234567"} and persons(store) == 2
    changed = set_region(store, "DE")
    assert (changed["numbers"], changed["merges"]) == (1, 1)
    assert phones(store) == {"+491711234567"} and persons(store) == 1
    assert localise_phones(store) == (0, 0)  # once per region


def test_after_the_upgrade_two_accounts_become_one_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database written before: the same number stored as "01711234567" and in E.164 on
    two persons. Opened with a German locale, the first lookup reads the stored number in
    Germany and merges them on that exact evidence."""
    path = tmp_path / "metanet.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="m011_reach_and_names")
    conn: sqlite3.Connection = db.conn
    stamp = "2026-11-28T12:00:00+00:00"
    for n, (network, key, name, phone) in enumerate(
        [("addressbook", "uid:1", "Max Muster", "01711234567"),
         ("xing", "max_muster", "Maximilian Muster", "+491711234567")], start=1
    ):  # fmt: skip
        conn.execute(
            "insert into persons (id, name, is_me, created_at) values (?, ?, 0, ?)",
            [n, name, stamp],
        )
        conn.execute(
            "insert into accounts (id, network, key, person_id, name, first_seen, last_seen) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [n, network, key, n, name, stamp, stamp],
        )
        conn.execute(
            "insert into account_identifiers (account_id, kind, value) values (?, 'phone', ?)",
            [n, phone],
        )
    conn.commit()
    db.close()
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    store = Store(path)
    assert persons(store) == 2  # opening alone changes nothing the user sees
    found = find_person(store, "Max Muster")
    assert persons(store) == 1 and phones(store) == {"+491711234567"}
    assert {a["network"] for a in store.person_accounts(found)} == {"addressbook", "xing"}
    seen = raw(store).execute("select last_seen from account_identifiers").fetchall()
    assert set(seen) == {(stamp,)}  # the account's time stands in for when it was seen


def test_a_number_seen_again_is_newer(store: Store) -> None:
    record = AccountRecord("addressbook", "uid:1", "", name="Max", phones=["+491711234567"])
    store.upsert_account(record, seen_at="2025-01-01T00:00:00+00:00")
    store.upsert_account(record, seen_at="2026-01-01T00:00:00+00:00")
    store.upsert_account(record, seen_at="2024-01-01T00:00:00+00:00")  # an older page re-read
    rows = raw(store).execute("select last_seen from account_identifiers").fetchall()
    assert rows == [("2026-01-01T00:00:00+00:00",)]
