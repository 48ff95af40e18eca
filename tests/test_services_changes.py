"""What every change shares (metanet.services.changes): one transaction, its journals in
memory; the words index and identity resolution inside it, or the words left for after
the host's reply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet.answers import requests
from metanet.identity.me import set_me
from metanet.model import AccountRecord
from metanet.services import changes
from metanet.services.changes import change
from metanet.store import Store
from tests.db_support import raw


def test_a_change_keeps_its_journals_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the change's transaction temp_store is MEMORY (its statement journals spill
    into no temporary file), the indexing and resolution included; the default after."""
    seen: list[int] = []

    def resolve(store: Store, *args: object, **kwargs: object) -> None:
        seen.append(int(raw(store).execute("PRAGMA temp_store").fetchone()[0]))

    monkeypatch.setattr(changes, "resolve_change", resolve)
    with Store(tmp_path / "metanet.db") as store:
        with change(store) as done:
            record = AccountRecord("linkedin", "ann-a", "https://www.linkedin.com/in/ann-a/")
            done.touched = [store.upsert_account(record)]
        assert seen == [2]
        assert int(raw(store).execute("PRAGMA temp_store").fetchone()[0]) == 0
        assert store.account(record.ref) is not None


def pending(store: Store) -> int:
    return int(raw(store).execute("select count(*) from account_words_pending").fetchone()[0])


def contact_at_initech(store: Store, done: changes.Change) -> int:
    """The user's contact Carla of Initech, written inside the change ``done``; her account."""
    me = int(raw(store).execute("select id from accounts where key = 'me-x'").fetchone()[0])
    carla = store.upsert_account(
        AccountRecord(
            "linkedin", "carla-weiss", "https://www.linkedin.com/in/carla-weiss/",
            name="Carla Weiss", company="Initech",
        )
    )  # fmt: skip
    store.add_tie(me, carla, network="linkedin", kind="contact", directed=False)
    done.touched = [me, carla]
    return carla


@pytest.fixture
def with_me(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "metanet.db") as store:
        set_me(store, store.upsert_account(AccountRecord("linkedin", "me-x", "https://x/me")))
        yield store


def test_words_left_for_later_stay_pending_until_indexed(with_me: Store) -> None:
    with change(with_me, words_later=True) as done:
        contact_at_initech(with_me, done)
    left = pending(with_me)
    assert left >= 1  # stored and merged, not yet indexed
    assert changes.index_words(with_me) == left
    assert pending(with_me) == 0
    assert changes.index_words(with_me) == 0  # nothing left


def test_a_saved_request_finds_a_change_whose_words_were_left_for_later(with_me: Store) -> None:
    """The saved requests run after the change: their search indexes what is pending first,
    so the notices are the same as when the change indexed its words itself."""
    requests.add(with_me, "Initech", hops=1)
    with change(with_me, words_later=True) as done:
        carla = contact_at_initech(with_me, done)
    carla_person = with_me.account_by_id(carla)["person_id"]
    assert [n["person_id"] for n in done.notices] == [carla_person]
    assert pending(with_me) == 0
