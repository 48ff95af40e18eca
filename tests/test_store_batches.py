"""Accounts and ties written in batches: the same rows, with the same ids, as one
``upsert_account`` or ``add_tie`` call per item (what imports did before)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from metanet.identity.me import set_me
from metanet.model import AccountRecord, AccountRef
from metanet.services.imports import import_file
from metanet.store import Forgotten, NewTie, Store, StoreError
from tests.db_support import raw

_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
SEEN = "2026-12-06T10:00:00+00:00"


def rec(network: str, key: str, **facts: Any) -> AccountRecord:
    return AccountRecord(
        network=network, key=key, profile_url=f"https://{network}.test/{key}", **facts
    )


#: columns that differ between any two databases (their random id, keyed hashes) left out
SELECTS = {
    "graph_epoch": "select id, deletions, updates from graph_epoch",
    "forgotten": "select network, scheme, forgotten_at from forgotten",  # keyed per database
}


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, the clock's stamps (when a row was written) blanked."""
    tables = [
        name
        for (name,) in raw(store).execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "and name != '_sqlite_migrations' order by name"
        )
    ]
    return {
        table: sorted(
            (
                tuple("<now>" if isinstance(v, str) and _STAMP.match(v) else v for v in row)
                for row in raw(store).execute(SELECTS.get(table, f"select * from [{table}]"))
            ),
            key=repr,
        )
        for table in tables
    }


def one_by_one(
    store: Store, records: Sequence[tuple[AccountRecord, bool]], **evidence: Any
) -> list[int | None]:
    """What :meth:`Store.upsert_accounts` replaces: one call per record."""
    ids: list[int | None] = []
    with store.write():
        for record, confirmed in records:
            try:
                ids.append(store.upsert_account(record, confirmed=confirmed, **evidence))
            except Forgotten:
                ids.append(None)
    return ids


def ties_one_by_one(store: Store, ties: Sequence[NewTie], **evidence: Any) -> list[int]:
    """What :meth:`Store.add_ties` replaces: one call per tie."""
    with store.write():
        return [
            store.add_tie(
                t.src_id,
                t.dst_id,
                network=t.network,
                kind=t.kind,
                directed=t.directed,
                since=t.since,
                **evidence,
            )
            for t in ties
        ]


def seeded(path: Path) -> Store:
    """A store with accounts, an alias, ties and a user of its own already in it."""
    store = Store(path)
    with store.write():
        store.upsert_account(rec("linkedin", "anna", name="Anna Alt", company="Acme"))
        store.upsert_account(rec("linkedin", "bernd", name="Bernd", aliases=["ACoAAbernd"]))
        store.upsert_account(rec("x", "carla", name="carla"))
        anna_x = store.upsert_account(
            rec("x", "anna", name="anna"), seen_at="2026-01-01T00:00:00+00:00"
        )
        store.upsert_account(rec("x", "dora", name="Dora"), seen_at="2026-01-01T00:00:00+00:00")
        raw(store).execute("update accounts set person_id = 1 where id = ?", [anna_x])  # one person
        me = store.viewer_account("linkedin")
        store.add_tie(me, 1, network="linkedin", kind="contact", directed=False,
                      seen_at="2026-01-01T00:00:00+00:00", since="2020-05-01")  # fmt: skip
    return store


RECORDS: list[tuple[AccountRecord, bool]] = [
    (rec("linkedin", "new-1", name="Neu Eins",
                   company="Initech", emails=["n1@example.com", "n1@example.com"]), True),
    (rec("linkedin", "anna", name="Anna Alt", company="Globex"), True),  # known
    (rec("linkedin", "new-2", phones=["+4930123456"], same_as=["https://x.com/n2"]),
     False),
    (rec("linkedin", "new-3", name="Drei"), True),
    (rec("linkedin", "new-3", name="Drei Zwei", role="CTO"), True),  # twice
    (rec("linkedin", "acoaabernd", name="Bernd B"), True),  # the alias, other case
    (rec("linkedin", "bernd-b", name="Bernd B", aliases=["ACoAAbernd"]), True),
    (rec("linkedin", "new-4", name="Vier", aliases=["new-4", "urn-4"]), True),
    (rec("linkedin", "urn-4", name="Vier"), True),  # another's alias
    (rec("x", "new-5", name="", headline=""), True),  # no name: the key names it
    (rec("x", "carla", name="Carla C", aliases=["carla-urn"]), True),  # stored, an alias
    (rec("linkedin", "new-6", name="Sechs"), True),
    (rec("linkedin", "new-7", name="Sieben", aliases=["urn-7", "urn-7", "new-7"]), True),
    (rec("x", "anna", name="Anna X"), True),  # Anna's other account: her person twice
    (rec("x", "dora", company="Initech"), False),  # seen again, no name given
]  # fmt: skip


def test_upsert_accounts_writes_what_one_call_each_writes(tmp_path: Path) -> None:
    one, many = seeded(tmp_path / "one.db"), seeded(tmp_path / "many.db")
    expected = one_by_one(one, RECORDS, seen_at=SEEN, import_id=None)
    with many.write():
        got = many.upsert_accounts(RECORDS, seen_at=SEEN)
    assert got == expected
    assert dump(many) == dump(one)
    assert len(set(got)) < len(got)  # the record named twice is one account


def test_upsert_accounts_leaves_out_forgotten_accounts(tmp_path: Path) -> None:
    stores = seeded(tmp_path / "one.db"), seeded(tmp_path / "many.db")
    for store in stores:
        with store.write():
            row = store.forgotten_row(AccountRef("linkedin", "new-2"))
            raw(store)["forgotten"].insert(row)
            raw(store).execute("update forgotten set forgotten_at = 'then'")
    expected = one_by_one(stores[0], RECORDS, seen_at=SEEN)
    got = stores[1].upsert_accounts(RECORDS, seen_at=SEEN)
    assert got == expected and got[2] is None
    assert dump(stores[1]) == dump(stores[0])


TIES = [
    NewTie(5, 4, "linkedin", "contact", False, "2019-03-01"),
    NewTie(4, 1, "linkedin", "contact", False, "2010-01-01"),  # stored: an earlier date
    NewTie(4, 5, "linkedin", "contact", False, "2021-01-01"),  # the first one, swapped
    NewTie(4, 6, "linkedin", "follows", True),
    NewTie(6, 4, "linkedin", "follows", True, "2030-01-01"),  # the other way, a later date
    NewTie(4, 2, "linkedin", "contact", False, "2025-01-01"),
]


def test_add_ties_writes_what_one_call_each_writes(tmp_path: Path) -> None:
    one, many = seeded(tmp_path / "one.db"), seeded(tmp_path / "many.db")
    for store in (one, many):
        with store.write():
            for name in ("e", "f"):
                store.upsert_account(rec("linkedin", name), seen_at=SEEN)
    expected = ties_one_by_one(one, TIES, seen_at=SEEN, import_id=None)
    got = many.add_ties(TIES, seen_at=SEEN)
    assert got == expected
    assert got[0] == got[2]
    assert dump(many) == dump(one)


def test_add_ties_refuses_a_tie_to_itself_before_writing(tmp_path: Path) -> None:
    store = seeded(tmp_path / "m.db")
    before = dump(store)
    with pytest.raises(StoreError):
        store.add_ties([TIES[0], NewTie(4, 4, "linkedin", "contact", False)])
    assert dump(store) == before


def linkedin_export(rows: int) -> bytes:
    lines = [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "Me,Myself,https://www.linkedin.com/in/me-myself,,,,01 Jan 2020",
    ]
    for i in range(rows):
        url = f"https://de.linkedin.com/in/member-{i % (rows - 3)}?trk=x" if i % 7 else ""
        email = f"m{i}@example.com" if i % 5 == 0 else ""
        lines.append(f'Vor{i},Nach,{url},{email},"Acme, Inc.",CTO,{i % 28 + 1:02d} Mar 2021')
    lines.append("Me,Myself,https://www.linkedin.com/in/me-myself,,,,01 Jan 2020")
    return ("\n".join(lines) + "\n").encode()


def test_an_import_stores_the_rows_one_contact_at_a_time_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LinkedIn export (contacts twice, without a URL, the user among them) imported
    into a database that knows some of them, then a newer export: the same database as
    when each contact was stored by itself."""
    from metanet.imports import pipeline

    monkeypatch.setattr(pipeline, "BATCH", 40)  # several batches, one cut mid-duplicates
    dumps = []
    for mode in ("one", "many"):
        store = Store(tmp_path / f"{mode}.db")
        with store.write():
            store.upsert_account(rec("linkedin", "member-3", name="Drei"))
            set_me(store, store.upsert_account(rec("linkedin", "me-myself", name="Me")))
        with monkeypatch.context() as patched:
            if mode == "one":
                patched.setattr(Store, "upsert_accounts", one_by_one)
                patched.setattr(Store, "add_ties", ties_one_by_one)
            import_file(store, linkedin_export(150), "Connections.csv")
            import_file(store, linkedin_export(170), "Connections.csv")
        dumps.append(dump(store))
    assert dumps[0]["accounts"] and dumps[0]["tie_evidence"]
    assert dumps[1] == dumps[0]


def test_a_batch_of_ties_writes_the_rows_one_by_one_would(tmp_path: Path) -> None:
    """``add_ties`` (a list capture's ties in a few statements) against ``add_tie`` per
    tie: new, known, repeated within the batch, either direction, directed, and a re-read
    older page that moves a known tie's first sighting back."""
    batch = [
        NewTie(1, 2, "linkedin", "contact", False),
        NewTie(3, 1, "linkedin", "contact", False),  # stored as (1, 3)
        NewTie(2, 1, "linkedin", "contact", False),  # the first again, from the other side
        NewTie(1, 4, "x", "follows", True),
        NewTie(4, 1, "x", "follows", True),  # the other direction: a row of its own
        NewTie(2, 3, "linkedin", "contact", False),  # known before the batch
        NewTie(3, 4, "linkedin", "contact", False),  # known, seen later before
    ]
    stores = []
    for name in ("one-by-one", "batch"):
        store = Store(tmp_path / f"{name}.db")
        for key in "abcd":
            store.upsert_account(rec("linkedin", key, name=key.upper()))
        with store.write():
            store.add_tie(2, 3, network="linkedin", kind="contact", directed=False,
                          seen_at="2026-01-01T00:00:00+00:00")  # fmt: skip
            store.add_tie(3, 4, network="linkedin", kind="contact", directed=False,
                          seen_at="2026-09-01T00:00:00+00:00")  # fmt: skip
        seen = "2026-05-01T00:00:00+00:00"
        if name == "batch":
            ids = store.add_ties(batch, seen_at=seen, capture_id=None, import_id=None)
        else:
            ids = ties_one_by_one(store, batch, seen_at=seen)
        stores.append((store, ids))
    (one, one_ids), (many, many_ids) = stores
    assert many_ids == one_ids
    for table in ("ties", "tie_evidence"):
        assert (
            raw(many).execute(f"select * from {table} order by id").fetchall()
            == raw(one).execute(f"select * from {table} order by id").fetchall()
        )
    assert raw(many).table("ties").count == 6
    with pytest.raises(StoreError):
        many.add_ties([NewTie(1, 1, "linkedin", "contact", False)])
