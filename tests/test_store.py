"""The store on a real SQLite file: schema, upserts, ties with evidence, transactions."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from metanet.identity.me import set_me
from metanet.migrations import MIGRATIONS
from metanet.model import AccountRecord
from metanet.store import NotFound, Store, StoreBusy, StoreError, pack_page, page_bytes
from tests.db_support import raw


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def account(
    key: str, name: str | None = None, network: str = "linkedin", **facts: Any
) -> AccountRecord:
    return AccountRecord(network, key, f"https://www.linkedin.com/in/{key}/", name=name, **facts)


def test_new_database_is_private_wal_and_migrated(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    mode = stat.S_IMODE(os.stat(tmp_path / "metanet.db").st_mode)
    assert mode == 0o600
    assert raw(store).journal_mode == "wal"
    assert MIGRATIONS.applied(raw(store))[0].name == "m001_initial"
    assert MIGRATIONS.pending(raw(store)) == []
    assert {
        "persons",
        "accounts",
        "ties",
        "tie_evidence",
        "relations",
        "captures",
        "imports",
        "merge_decisions",
        "account_links",
    } <= set(raw(store).table_names())
    count = len(MIGRATIONS.applied(raw(store)))
    store.close()
    # reopening applies nothing twice
    again = Store(tmp_path / "metanet.db")
    assert len(MIGRATIONS.applied(raw(again))) == count


def test_upsert_creates_a_person_and_later_captures_keep_earlier_facts(store: Store) -> None:
    first = store.upsert_account(
        account("max", "Max Mustermann", company="ACME", location="Köln"),
        seen_at="2026-01-01T00:00:00+00:00",
    )
    second = store.upsert_account(
        account("max", "Max Mustermann", headline="CEO"), seen_at="2026-02-01T00:00:00+00:00"
    )
    assert first == second
    row = store.account_by_id(first)
    assert (row["company"], row["location"], row["headline"]) == ("ACME", "Köln", "CEO")
    assert row["first_seen"].startswith("2026-01-01") and row["last_seen"].startswith("2026-02-01")
    assert store.person(row["person_id"])["name"] == "Max Mustermann"
    assert store.counts()["persons"] == 1


def test_same_as_links_are_kept_once(store: Store) -> None:
    record = account("max", "Max")
    record.same_as = ["https://github.com/max", "https://github.com/max"]
    account_id = store.upsert_account(record)
    store.upsert_account(record)
    assert store.account_links(account_id) == ["https://github.com/max"]


def test_undirected_tie_is_one_row_with_evidence_per_sighting(store: Store) -> None:
    a = store.upsert_account(account("a", "A"))
    b = store.upsert_account(account("b", "B"))
    t1 = store.add_tie(a, b, network="linkedin", kind="contact", directed=False)
    t2 = store.add_tie(b, a, network="linkedin", kind="contact", directed=False)
    assert t1 == t2
    assert raw(store).table("tie_evidence").count == 2
    with pytest.raises(StoreError):
        store.add_tie(a, a, network="linkedin", kind="contact", directed=False)


def test_directed_follows_are_two_rows(store: Store) -> None:
    a = store.upsert_account(account("a", "A"))
    b = store.upsert_account(account("b", "B"))
    store.add_tie(a, b, network="linkedin", kind="follows", directed=True)
    store.add_tie(b, a, network="linkedin", kind="follows", directed=True)
    assert raw(store).table("ties").count == 2


def _records() -> list[AccountRecord]:
    full = account("ken", "Ken Aizawa", headline="VP", photo_url="https://media.example/k.jpg")
    full.aliases = ["ACoAAken", "ACoAAken", "ken"]  # repeated, and its own key
    full.same_as = ["https://www.linkedin.com/in/ACoAAken/", "https://github.com/ken"]
    full.emails, full.phones = ["ken@example.com"] * 2, ["+4930123456"]
    twin = account("twin-b", "Twin")
    twin.aliases = ["shared-alias"]
    other_twin = account("twin-c", "Twin")
    other_twin.aliases = ["shared-alias"]  # two records name one alias: left one by one
    return [account("anna", "Anna"), full, account("stored", "Stored Again", company="X"),
            account("nameless"), twin, other_twin, account("alias-of-stored", "Old")]  # fmt: skip


def _rows(store: Store, *, ids: bool) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the account writes touch, by table (ids and times dropped unless asked)."""
    queries = {
        "persons": "select id, name, is_me from persons order by id",
        "accounts": "select a.id, a.person_id, network, key, profile_url, a.name, headline, "
        "company, role, location, photo_url, confirmed, first_seen, last_seen from accounts a "
        "order by network, key",
        "aliases": "select a.key, s.key from account_aliases s join accounts a "
        "on a.id = s.account_id order by 1, 2",
        "identifiers": "select a.key, kind, value, i.capture_id, i.last_seen from "
        "account_identifiers i join accounts a on a.id = i.account_id order by 1, 2, 3",
        "links": "select a.key, url, l.last_seen from account_links l join accounts a "
        "on a.id = l.account_id order by 1, 2",
        "queues": "select a.key from identity_pending p join accounts a on a.id = p.account_id "
        "union all select '+' || a.key from account_words_pending w join accounts a "
        "on a.id = w.account_id order by 1",
    }
    found = {name: raw(store).execute(sql).fetchall() for name, sql in queries.items()}
    if not ids:
        found["persons"] = sorted(row[1:] for row in found["persons"])
        found["accounts"] = [row[2:] for row in found["accounts"]]
    return found


def _written_alone(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys ``upsert_accounts`` leaves to one ``upsert_account`` each, as it calls it."""
    alone: list[str] = []
    one = Store.upsert_account

    def spy(self: Store, record: AccountRecord, **evidence: Any) -> int:
        alone.append(record.key)
        return one(self, record, **evidence)

    monkeypatch.setattr(Store, "upsert_account", spy)
    return alone


def test_new_accounts_with_aliases_are_written_in_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``upsert_accounts`` (a capture's list) against ``upsert_account`` per record: the
    same rows, ids included; a new account with aliases goes in the batch, one at a time
    only what a stored alias or another record concerns."""
    seen = "2026-05-01T00:00:00+00:00"
    stores = {}
    for name in ("one-by-one", "batch"):
        store = Store(tmp_path / f"{name}.db")
        store.upsert_account(account("stored", "Stored"), seen_at="2026-01-01T00:00:00+00:00")
        old = account("old-key", "Old")
        old.aliases = ["alias-of-stored"]
        store.upsert_account(old, seen_at="2026-01-01T00:00:00+00:00")
        records = _records()
        with store.write():
            if name == "batch":
                with monkeypatch.context() as patched:
                    alone = _written_alone(store, patched)
                    ids = store.upsert_accounts([(r, True) for r in records], seen_at=seen)
                # stored under an alias, or sharing an alias: not in the batch
                assert alone == ["twin-b", "twin-c", "alias-of-stored"]
                assert ids == [3, 4, 1, 5, 6, 6, 2]  # twin-c: twin-b by the shared alias
            else:
                for record in records:
                    store.upsert_account(record, seen_at=seen)
        stores[name] = store
    assert _rows(stores["batch"], ids=True) == _rows(stores["one-by-one"], ids=True)
    assert ("ken", "ACoAAken") in _rows(stores["batch"], ids=True)["aliases"]


def test_no_batch_while_anything_is_forgotten(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = store.upsert_account(account("gone", "Gone"))
    store.forget_person(int(store.account_by_id(gone)["person_id"]))
    alone = _written_alone(store, monkeypatch)
    with store.write():
        ids = store.upsert_accounts([(account("new", "New"), True), (account("gone"), True)])
    assert (alone, ids[1]) == (["new", "gone"], None)


def test_person_ties_include_offline_relations(store: Store) -> None:
    anna = store.add_offline_person("Anna")
    bernd = store.add_offline_person("Bernd")
    store.relate(bernd, anna, "neighbour", strength=0.8)
    store.relate(anna, bernd, "neighbour")  # same relation again: one row, strength kept
    assert raw(store).execute("select strength from relations").fetchall() == [(0.8,)]
    ties = store.person_ties(anna)
    assert ties == [
        {
            "other": bernd,
            "network": "offline",
            "kind": "neighbour",
            "direction": "both",
            "since": ties[0]["since"],
        }
    ]
    with pytest.raises(StoreError):
        store.relate(anna, anna, "self")
    with pytest.raises(NotFound):
        store.relate(anna, 999, "ghost")


def test_set_me_and_merge_persons(store: Store) -> None:
    li = store.upsert_account(account("me-li", "Sabine Weber"))
    xing = store.upsert_account(
        AccountRecord(
            "xing", "sabine_weber", "https://www.xing.com/profile/Sabine_Weber", name="Sabine Weber"
        )
    )
    me = set_me(store, li)
    assert set_me(store, xing) == me
    accounts = store.person_accounts(me)
    assert {a["network"] for a in accounts} == {"linkedin", "xing"}
    assert store.counts()["persons"] == 1
    decision = next(raw(store).table("merge_decisions").rows)
    assert decision["decision"] == "same" and decision["source"] == "user"


def test_a_failed_write_stores_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write():
        store.upsert_account(account("half", "Half Stored"))
        raise RuntimeError("crash in the middle of a capture")
    assert store.account(account("half").ref) is None
    assert store.counts()["persons"] == 0


def test_locked_database_reports_busy_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "metanet.db"
    store = Store(path, busy_timeout_ms=50)
    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy, match="busy"):
            store.upsert_account(account("x", "X"))
    finally:
        blocker.rollback()
        blocker.close()
    store.upsert_account(account("x", "X"))  # the same write works once the lock is gone
    assert store.counts()["accounts"] == 1


def test_capture_html_round_trip_compressed(store: Store) -> None:
    html = "<html><body>Jürgen Größ " + "x" * 100_000 + "</body></html>"
    capture_id = store.add_capture(
        {
            "url": "https://example.org/",
            "received_at": "2026-01-01T00:00:00+00:00",
            "sha256": "0" * 64,
            "outcome": "unsupported",
        },
        html,
    )
    assert store.capture_html(capture_id) == html
    row = raw(store).table("captures").get(capture_id)
    assert row["size"] == len(html.encode()) and len(row["html_z"]) < 2000
    with pytest.raises(NotFound):
        store.capture_html(capture_id + 1)


def test_ties_of_the_viewer_wait_on_a_placeholder_until_me_is_declared(store: Store) -> None:
    placeholder = store.viewer_account("linkedin")
    assert store.viewer_account("linkedin") == placeholder
    friends = [store.upsert_account(account(k, k.title())) for k in ("anna", "bob")]
    for friend in friends:
        store.add_tie(placeholder, friend, network="linkedin", kind="contact", directed=False)
    me = store.me()
    assert me is not None and store.person_accounts(me["id"])[0]["key"] == "~me"

    real = store.upsert_account(account("sabine", "Sabine"))
    store.add_tie(real, friends[0], network="linkedin", kind="contact", directed=False)
    me_id = set_me(store, real)
    assert store.account(account("~me").ref) is None  # placeholder gone
    others = {t["other"] for t in store.person_ties(me_id)}
    assert others == {store.account_by_id(f)["person_id"] for f in friends}
    assert raw(store).table("ties").count == 2  # the duplicate tie to anna became one
    assert raw(store).table("tie_evidence").count == 3  # and kept all its evidence
    assert store.viewer_account("linkedin") == real


def test_person_ties_to_some_others_are_those_rows_of_all_ties(store: Store) -> None:
    """The person page asks for the ties to the people it lists only (a hub's first 100):
    the same rows as all of the person's ties, filtered — both directions, every account,
    offline relations."""
    anna = store.upsert_account(account("anna", "Anna"))
    anna_x = store.upsert_account(account("anna-x", "Anna", network="xing"))
    bernd, carla, dora = (store.upsert_account(account(k, k.title())) for k in ("b", "c", "d"))
    store.add_tie(anna, bernd, network="linkedin", kind="contact", directed=False)
    store.add_tie(carla, anna, network="linkedin", kind="follows", directed=True)
    store.add_tie(anna, dora, network="linkedin", kind="follows", directed=True)
    from metanet.identity.persons import Merge, merge_persons

    person = {
        a: int(store.account_by_id(a)["person_id"]) for a in (anna, anna_x, bernd, carla, dora)
    }
    merge_persons(store, [Merge(person[anna], person[anna_x], "test", "test", None)])
    store.add_tie(anna_x, carla, network="xing", kind="contact", directed=False)
    store.relate(person[bernd], person[anna], "neighbour")
    me, b, c = person[anna], person[bernd], person[carla]

    def key(row: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(v) for v in row.values())

    every = store.person_ties(me)
    some = store.person_ties(me, [c, b, b])
    assert len(some) == 4  # to bernd: contact, neighbour; to carla: follows in, xing contact
    assert sorted(some, key=key) == sorted((t for t in every if t["other"] in (b, c)), key=key)
    assert store.person_ties(me, []) == []


def test_emails_and_phones_are_kept_once_per_account(store: Store) -> None:
    record = account("max", "Max")
    record.emails = ["max@example.org", "max@example.org"]
    record.phones = ["+4989123456"]
    account_id = store.upsert_account(record)
    store.upsert_account(record)
    assert store.account_identifiers(account_id) == [
        ("email", "max@example.org"),
        ("phone", "+4989123456"),
    ]


def test_a_merged_person_keeps_the_name_as_people_write_it(store: Store) -> None:
    """After "Same person" from X, the name stays "Rob Cheung", not X's "rob cheung"."""
    from metanet.identity.decisions import confirm
    from metanet.store.people import best_name

    linkedin = store.upsert_account(
        AccountRecord("linkedin", "robertkcheung", "https://l/r", name="Rob Cheung"),
        seen_at="2026-01-01T00:00:00+00:00",
    )
    x = store.upsert_account(
        AccountRecord("x", "robcheung", "https://x.com/robcheung", name="rob cheung"),
        seen_at="2026-02-01T00:00:00+00:00",
    )
    confirm(store, x, linkedin)
    person = int(store.account_by_id(x)["person_id"])
    assert store.person(person)["name"] == "Rob Cheung"
    assert (
        best_name([("ben g🥦", "2026"), ("BEN G", "2025")]) == "ben g🥦"
    )  # the newer, both one-case
    assert best_name([("ROB CHEUNG", "2027"), ("Rob Cheung", "2020")]) == "Rob Cheung"
    assert best_name([("王小明", "2020"), ("wang", "2027")]) == "王小明"


def test_everyone_but_you_has_a_name(store: Store) -> None:
    """An account that shows no name names its person after its handle; the user is
    "you" (no name) until a page or the user names them."""
    nameless = store.upsert_account(AccountRecord("github", "octo", "https://github.com/octo"))
    assert store.person(int(store.account_by_id(nameless)["person_id"]))["name"] == "octo"
    mine = store.upsert_account(AccountRecord("linkedin", "jana", "https://l/jana"))
    me = set_me(store, mine)
    assert store.person(me)["name"] is None
    store.upsert_account(AccountRecord("linkedin", "jana", "https://l/jana", name="Jana Example"))
    assert store.person(me)["name"] == "Jana Example"


def temp_store(store: Store) -> int:
    return int(raw(store).execute("PRAGMA temp_store").fetchone()[0])


def test_journals_in_memory_for_the_transactions_begun_inside(store: Store) -> None:
    """temp_store is MEMORY while a transaction begins inside, the default again after;
    inside a transaction already begun it is left alone (SQLite decides at BEGIN)."""
    assert temp_store(store) == 0
    with store.journals_in_memory(), store.write():
        assert temp_store(store) == 2
        store.upsert_account(account("in-memory", "In Memory"))
    assert temp_store(store) == 0
    with store.write(), store.journals_in_memory():
        assert temp_store(store) == 0
    with pytest.raises(RuntimeError), store.journals_in_memory(), store.write():
        raise RuntimeError("a failed change")
    assert temp_store(store) == 0
    assert store.account(account("in-memory").ref) is not None


def test_a_statement_is_undone_alone_with_its_journal_in_memory(store: Store) -> None:
    """A statement that fails half way inside a change's transaction (the journal that
    undoes it now in memory) leaves nothing of itself and all of what came before."""
    db = raw(store)
    with store.journals_in_memory(), store.write():
        store.upsert_account(account("before", "Before"))
        db.execute("create temp table seen (key text unique)")  # a table of this test only
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("insert into seen (key) values ('a'), ('b'), ('a')")
        assert db.execute("select count(*) from seen").fetchone()[0] == 0
    assert store.account(account("before").ref) is not None


def test_a_second_connection_reads_beside_outside_transactions_only(tmp_path: Path) -> None:
    """``read_beside`` runs on a second connection in a thread of its own: it reads what
    is committed, cannot write, is not offered inside a transaction (it would not see the
    transaction's rows), is granted to the owners of tables only, and never creates a
    database where the file was removed."""
    path = tmp_path / "metanet.db"
    store = Store(path)
    store.upsert_account(account("anna", "Anna Schmidt"))

    def count(sql: Any) -> int:
        return int(sql.value("select count(*) from accounts where name is not null"))

    future = store.read_beside("answers", count)
    assert future is not None and future.result() == 1
    with store.write():
        store.upsert_account(account("bernd", "Bernd Meier"))
        assert store.read_beside("answers", count) is None
    future = store.read_beside("identity", count)
    assert future is not None and future.result() == 2
    written = store.read_beside("answers", lambda sql: sql.execute("delete from accounts"))
    assert written is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        written.result()
    with pytest.raises(ValueError):
        store.read_beside("web", count)
    store.close()
    fresh = Store(tmp_path / "other.db")
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"other.db{suffix}").unlink(missing_ok=True)
    gone = fresh.read_beside("answers", count)
    assert gone is not None
    with pytest.raises(sqlite3.OperationalError):
        gone.result()
    assert not (tmp_path / "other.db").exists()
    fresh.close()


def test_a_page_is_kept_compressed_with_its_size_or_only_its_size(store: Store) -> None:
    """``pack_page``: the page's UTF-8 size either way; its bytes only when it is kept
    (a lone surrogate a browser may send survives the round trip)."""
    page = "<html>Zoë \ud800 Müller</html>"
    row = {"received_at": "2026-01-01T00:00:00+00:00", "sha256": "0" * 64, "outcome": "unsupported"}
    kept = store.add_capture({**row, "url": "https://example.org/a"}, pack_page(page_bytes(page)))
    dropped = store.add_capture(
        {**row, "url": "https://example.org/b"}, pack_page(page_bytes(page), keep=False)
    )
    size = len(page.encode("utf-8", "surrogatepass"))
    assert store.capture_html(kept) == page
    assert store.capture_html(dropped) == ""
    sizes = {row["id"]: row["size"] for row in store.list_captures()}
    assert sizes == {kept: size, dropped: size}
