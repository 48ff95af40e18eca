"""People found by the name you say (issue 18), through the indexed ``identity_keys``:
titles, middle names, umlauts, other scripts, nicknames and initials do not stop a lookup;
every account is found however it got its name (offline, renamed, an older database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from metanet.errors import Ambiguous
from metanet.identity.lookup import people_named
from metanet.identity.resolve import resolve_accounts, resolve_change
from metanet.identity.suggestions import review_queue
from metanet.migrations import MIGRATIONS
from metanet.model import AccountRecord
from metanet.services.people import AmbiguousPerson, find_person
from metanet.store import NotFound, Store
from tests.db_support import raw


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def add(store: Store, network: str, key: str, name: str, **facts: object) -> int:
    """A new account's person (no capture or import: its keys are written on the lookup)."""
    record = AccountRecord(network, key, f"https://{network}.example/{key}", name=name, **facts)  # type: ignore[arg-type]
    return int(store.account_by_id(store.upsert_account(record))["person_id"])


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("Katrin Lehmann", "Dr. Katrin Lehmann"),
        ("Katrin Lehmann", "Prof. Dr.-Ing. Katrin Lehmann"),
        ("Katrin Lehmann", "Dipl.-Ing. Katrin Lehmann MBA"),
        ("Frau Katrin Lehmann", "Katrin Lehmann"),
        ("Lehmann, Katrin", "Dr. Katrin Lehmann"),
        ("Lehmann Katrin", "Dr. Katrin Lehmann"),
        ("Katrin Lehmann", "Katrin Müller-Lehmann"),
        ("Anna Schmidt", "Anna Maria Schmidt"),
        ("Anna Maria Schmidt", "Anna Schmidt"),
        ("Jurgen Muller", "Jürgen Müller"),
        ("Juergen Mueller", "Jürgen Müller"),
        ("Mehmet Yilmaz", "Mehmet Yılmaz"),
        ("Dmitrij Iwanow", "Дмитрий Иванов"),
        ("Giorgos Papadopoulos", "Γιώργος Παπαδόπουλος"),
        ("Hans Meier", "Johannes Meier"),
        ("K. Lehmann", "Katrin Lehmann"),
        ("Katrin Lehmann", "K. Lehmann"),
        ("Herr Becker", "Fritz Becker"),
        ("Frau Dr. Lehmann", "Katrin Lehmann"),
        ("Lehmann", "Katrin Lehmann"),
        ("Katrin", "Katrin Lehmann"),
        ("Thomas Weber", "Weber"),
        ("🦊", "🦊"),
    ],
)
def test_a_name_said_finds_the_person(store: Store, said: str, written: str) -> None:
    wanted = add(store, "xing", "one", written)
    add(store, "xing", "other", "Zoë Ørsted")
    assert find_person(store, said) == wanted


def test_a_different_middle_name_is_another_person(store: Store) -> None:
    add(store, "xing", "al", "Anna Lena Schmidt")
    with pytest.raises(NotFound):
        find_person(store, "Anna Maria Schmidt")


def test_the_exact_name_wins_over_other_spellings(store: Store) -> None:
    exact = add(store, "xing", "a", "Jürgen Müller")
    add(store, "linkedin", "b", "Jurgen Muller")
    assert find_person(store, "jürgen  müller") == exact
    assert find_person(store, "Jurgen Muller") != exact


def test_the_best_fit_wins_when_only_one_fits_that_well(store: Store) -> None:
    same = add(store, "xing", "a", "Dr. Katrin Lehmann")
    add(store, "xing", "b", "Katrin Müller-Lehmann")  # one part of a double name: weaker
    assert find_person(store, "Katrin Lehmann") == same
    found = people_named(store, "Katrin Lehmann")
    assert [f.match.kind for f in found] == ["same", "double_name"]


def test_two_people_of_one_name_are_listed_with_what_tells_them_apart(store: Store) -> None:
    munich = add(store, "xing", "a", "Fritz Becker", company="Becker Haustechnik",
                 role="Inhaber", location="München, Bayern, Deutschland")  # fmt: skip
    hamburg = add(store, "addressbook", "b", "Fritz Becker", location="Hamburg")
    with pytest.raises(AmbiguousPerson) as caught:
        find_person(store, "Fritz Becker")
    assert isinstance(caught.value, Ambiguous) and caught.value.total == 2
    assert caught.value.candidates == [
        {"id": munich, "name": "Fritz Becker", "company": "Becker Haustechnik",
         "role": "Inhaber", "city": "München", "networks": ["xing"]},
        {"id": hamburg, "name": "Fritz Becker", "company": None, "role": None,
         "city": "Hamburg", "networks": ["addressbook"]},
    ]  # fmt: skip
    assert "fits 2 people" in str(caught.value)


def test_someone_added_offline_or_renamed_is_found(store: Store) -> None:
    offline = store.add_offline_person("Bernd Keller")
    assert find_person(store, "Bernd Keller") == offline
    renamed = add(store, "xing", "x", "Max Mustermann")
    assert find_person(store, "Max Mustermann") == renamed
    store.upsert_account(AccountRecord("xing", "x", "https://xing.example/x", name="Max Muster"))
    assert find_person(store, "Max Muster") == renamed
    with pytest.raises(NotFound):
        find_person(store, "Max Mustermann")


def test_a_lookup_reads_only_the_accounts_that_carry_the_name(store: Store) -> None:
    for n in range(300):
        add(store, "xing", f"p{n}", f"Person{n} Someone{n}")
    wanted = add(store, "xing", "k", "Dr. Katrin Lehmann")
    find_person(store, "Katrin Lehmann")  # writes the keys of the new accounts once
    statements: list[str] = []
    raw(store).conn.set_trace_callback(statements.append)
    assert find_person(store, "Katrin Lehmann") == wanted
    raw(store).conn.set_trace_callback(None)
    plans = [
        " ".join(str(row[-1]) for row in raw(store).execute(f"explain query plan {s}", []))
        for s in statements
        if s.lstrip().lower().startswith("select a.person_id")
    ]
    assert plans and all("SCAN a" not in plan for plan in plans), plans


def test_a_database_made_before_finds_names_after_the_upgrade(tmp_path: Path) -> None:
    """Keys written with an older folding (or none at all) are rebuilt on the first lookup."""
    path = tmp_path / "metanet.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="m011_reach_and_names")
    conn: sqlite3.Connection = db.conn
    stamp = "2026-11-28T12:00:00+00:00"
    conn.execute("insert into persons (id, name, is_me, created_at) values (1, ?, 0, ?)",
                 ["Mehmet Yılmaz", stamp])  # fmt: skip
    conn.execute(
        "insert into accounts (id, network, key, person_id, name, first_seen, last_seen) "
        "values (1, 'xing', 'my', 1, 'Mehmet Yılmaz', ?, ?)",
        [stamp, stamp],
    )
    conn.execute("insert into identity_keys values (1, 'name', 'n:mehmet|lmaz')")  # the old key
    conn.commit()
    db.close()
    store = Store(path)
    assert find_person(store, "Mehmet Yilmaz") == 1
    keys = {k for (k,) in raw(store).execute("select key from identity_keys where account_id = 1")}
    assert "n:mehmet|lmaz" not in keys and "n:mehmet|yilmaz" in keys
    assert raw(store).execute("select count(*) from identity_pending").fetchone()[0] == 0


def test_last_names_are_found_after_the_keys_turned_last_name_first(tmp_path: Path) -> None:
    """A database whose keys were written before m016 (``i:k|lehmann`` and a ``l:lehmann``
    per account): its keys are rewritten on the first lookup, and a last name said alone
    finds every account of that last name through the new initial keys."""
    old = [(1, "name", "i:k|lehmann"), (1, "name", "n:katrin|lehmann"), (1, "word", "l:lehmann"),
           (2, "name", "i:k|lehmann"), (2, "word", "l:lehmann"), (2, "word", "j:k|lehmann"),
           (3, "name", "i:p|lehmannsberger"), (3, "word", "l:lehmannsberger")]  # fmt: skip
    path = _keys_made_before(
        tmp_path, "m016_last_name_first_keys",
        ["Katrin Lehmann", "K. Lehmann", "Paul Lehmannsberger"], old,
    )  # fmt: skip
    store = Store(path)
    assert [p.person_id for p in people_named(store, "Lehmann")] == [1, 2]
    keys = {k for (k,) in raw(store).execute("select key from identity_keys")}
    assert {"i:lehmann|k", "i:lehmannsberger|p", "j:k|lehmann"} <= keys
    assert not {k for k in keys if k.startswith("l:") or k == "i:k|lehmann"}
    assert raw(store).execute("select count(*) from identity_pending").fetchone()[0] == 0


@pytest.mark.parametrize("entry", ["resolve_change", "resolve_accounts"])
def test_an_import_after_the_upgrade_compares_with_the_accounts_made_before(
    tmp_path: Path, entry: str
) -> None:
    """The first import after the upgrade finds its candidates by the older accounts' keys:
    those written with the older folding are rewritten first, not only on a lookup."""
    path = tmp_path / "metanet.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="m011_reach_and_names")
    stamp = "2026-11-28T12:00:00+00:00"
    db.conn.execute("insert into persons (id, name, is_me, created_at) values (1, ?, 0, ?)",
                    ["Mehmet Yılmaz", stamp])  # fmt: skip
    db.conn.execute(
        "insert into accounts (id, network, key, person_id, name, company, first_seen, "
        "last_seen) values (1, 'linkedin', 'mehmet-y', 1, 'Mehmet Yılmaz', 'Siemens AG', ?, ?)",
        [stamp, stamp],
    )
    db.conn.execute("insert into identity_keys values (1, 'name', 'n:mehmet|lmaz')")  # old key
    db.conn.commit()
    db.close()
    store = Store(path)
    url = "https://www.xing.com/profile/Mehmet_Yilmaz"
    record = AccountRecord("xing", "Mehmet_Yilmaz", url, name="Mehmet Yilmaz", company="Siemens")
    new = store.upsert_account(record)
    if entry == "resolve_change":  # as a capture, an import and a reparse resolve
        with store.write():
            report = resolve_change(store, [new], suggest=[new])
    else:
        report = resolve_accounts(store, [new])
    assert report.suggestions == 1
    [item] = review_queue(store)
    assert {item["a"]["name"], item["b"]["name"]} == {"Mehmet Yılmaz", "Mehmet Yilmaz"}
    assert raw(store).execute("select count(*) from identity_pending").fetchone()[0] == 0


def test_a_very_common_name_is_ambiguous_without_ranking_everyone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from metanet.identity import lookup

    monkeypatch.setattr(lookup, "RANKED", 2)
    for first in ("Fritz", "Anna", "Olga", "Paul"):
        add(store, "xing", first.lower(), f"{first} Becker")
    found = people_named(store, "Herr Becker")
    assert [f.match.kind for f in found] == ["last_name", "last_name", "unranked", "unranked"]
    with pytest.raises(AmbiguousPerson) as caught:
        find_person(store, "Herr Becker")
    assert caught.value.total == 4


def test_nicknames_are_found_once_after_their_keys_shrank_to_their_own_name(
    tmp_path: Path,
) -> None:
    """A database whose keys were written before m017 (a full-name key for every name a
    nickname may stand for): its keys are rewritten on the first lookup, and "Josef Huber"
    still finds Sepp Huber and Jupp Huber, each once."""
    old = [(1, "name", "i:huber|j"), (1, "name", "i:huber|s"), (1, "name", "n:sepp|huber"),
           (1, "name", "n:yosef|huber"), (1, "name", "n:yoseph|huber"),
           (2, "name", "i:huber|j"), (2, "name", "n:yupp|huber"),
           (2, "name", "n:yosef|huber")]  # fmt: skip
    path = _keys_made_before(
        tmp_path, "m017_own_first_name_keys", ["Sepp Huber", "Jupp Huber"], old
    )
    store = Store(path)
    found = people_named(store, "Josef Huber")
    assert [(p.person_id, p.match.kind) for p in found] == [
        (1, "nickname"), (2, "nickname")
    ]  # fmt: skip
    keys = {k for (k,) in raw(store).execute("select key from identity_keys where account_id = 1")}
    assert keys == {"i:huber|j", "i:huber|s", "n:sepp|huber"}
    assert raw(store).execute("select count(*) from identity_pending").fetchone()[0] == 0


def _keys_made_before(
    folder: Path, migration: str, names: list[str], keys: list[tuple[int, str, str]]
) -> Path:
    """A database at the schema before ``migration``: a person and a XING account per name
    (ids from 1), with the name keys of that time, none pending."""
    path = folder / "metanet.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before=migration)
    conn: sqlite3.Connection = db.conn
    stamp = "2026-12-01T12:00:00+00:00"
    for n, name in enumerate(names, 1):
        conn.execute("insert into persons (id, name, is_me, created_at) values (?, ?, 0, ?)",
                     [n, name, stamp])  # fmt: skip
        conn.execute(
            "insert into accounts (id, network, key, person_id, name, first_seen, last_seen) "
            "values (?, 'xing', ?, ?, ?, ?, ?)",
            [n, f"p{n}", n, name, stamp, stamp],
        )
    conn.executemany("insert into identity_keys values (?, ?, ?)", keys)
    conn.execute("delete from identity_pending")  # the keys were up to date then
    conn.commit()
    db.close()
    return path
