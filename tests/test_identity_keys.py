"""``identity_keys``: the keys written one account at a time and in one pass agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.identity import keys, resolve_all
from metanet.identity.blocking import spelled
from metanet.model import AccountRecord
from metanet.store import Store
from tests.db_support import raw

NAMES = ["Mehmet Yılmaz", "K. Lehmann", "Katrin Müller-Lehmann", "Lehmann", "🦊"]


def _stored_keys(store: Store) -> set[tuple[int, str, str]]:
    rows = raw(store).execute("select account_id, kind, key from identity_keys")
    return {(int(a), k, v) for a, k, v in rows}


def _key_index(store: Store) -> object:
    return (
        raw(store)
        .execute("select name from sqlite_master where name = 'idx_identity_keys_key'")
        .fetchone()
    )


def _accounts(store: Store) -> list[int]:
    ids = []
    for n, name in enumerate(NAMES):
        record = AccountRecord(
            "xing", f"p{n}", f"https://www.xing.com/profile/p{n}", name=name,
            same_as=[f"https://www.linkedin.com/in/p{n}/"],
        )  # fmt: skip
        ids.append(store.upsert_account(record))
    return ids


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def test_rebuilding_every_key_writes_what_one_by_one_writes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgraded database (more pending accounts than :data:`keys.REBUILD_ABOVE`) gets
    every key in one pass, its key index made anew; nothing stays pending."""
    ids = _accounts(store)
    with store.write():
        keys.write_keys(store, ids)
    one_by_one = _stored_keys(store)
    assert {kind for _, kind, _ in one_by_one} == {"link", "name", "word"}
    raw(store).execute("delete from identity_keys")
    raw(store).conn.executemany(
        "insert or ignore into identity_pending (account_id) values (?)", [[a] for a in ids]
    )
    monkeypatch.setattr(keys, "REBUILD_ABOVE", 1)
    assert keys.catch_up(store) == len(ids)
    assert _stored_keys(store) == one_by_one
    assert _key_index(store) is not None
    assert raw(store).execute("select count(*) from identity_pending").fetchone()[0] == 0


def test_a_full_resolution_leaves_every_key_and_the_key_index(store: Store) -> None:
    ids = _accounts(store)
    with store.write():
        keys.write_keys(store, ids)
    one_by_one = _stored_keys(store)
    raw(store).execute("delete from identity_keys")
    resolve_all(store)
    assert _stored_keys(store) == one_by_one
    assert _key_index(store) is not None


def test_a_nickname_stores_the_key_of_its_own_first_name_only(store: Store) -> None:
    """ "Sepp Huber" is in the blocks of Sepp and of Josef (and of the initials S and J),
    but stores one full-name key, its own: the block of Josef is read from the keys of
    every name that stands for it."""
    sepp = store.upsert_account(
        AccountRecord("xing", "s", "https://xing.example/s", name="Sepp Huber")
    )
    with store.write():
        keys.write_keys(store, [sepp])
    stored = {key for _, kind, key in _stored_keys(store) if kind == "name"}
    assert stored == {"i:huber|s", "i:huber|j", "n:sepp|huber"}
    assert {"n:sepp|huber", "n:yosef|huber"} <= set(spelled("n:yosef|huber"))
    assert spelled("n:sepp|huber") == ("n:sepp|huber",)  # nothing stands for Sepp
    assert spelled("i:huber|j") == ("i:huber|j", "i:huber|j.")  # and those known as "J."


def test_a_name_known_by_its_initial_stores_marked_initial_keys(store: Store) -> None:
    """ "J. Huber" is compared with every J-something Huber; a full name only with the
    names known by its initial: their keys say so, and a full name reads only those."""
    url = "https://xing.example/j"
    j = store.upsert_account(AccountRecord("xing", "j", url, name="J. Huber"))
    with store.write():
        keys.write_keys(store, [j])
    assert {key for _, kind, key in _stored_keys(store) if kind == "name"} == {"i:huber|j."}
