"""The user decides: confirm, reject, split and undo; re-running never undoes a decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.identity import resolve_accounts, resolve_all
from metanet.identity.decisions import DecisionError, confirm, reject, split, undo
from metanet.identity.suggestions import review_queue
from metanet.model import AccountRecord
from metanet.store import Store
from tests.db_support import raw


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def add(store: Store, network: str, key: str, name: str, **facts: object) -> int:
    record = AccountRecord(network, key, f"https://{network}.example/{key}", name=name, **facts)  # type: ignore[arg-type]
    return store.upsert_account(record)


def person(store: Store, account_id: int) -> int:
    return int(store.account_by_id(account_id)["person_id"])


def pair(store: Store) -> tuple[int, int]:
    a = add(store, "xing", "t1", "Thomas Müller", company="Bosch", location="Stuttgart")
    b = add(store, "linkedin", "t2", "Thomas Mueller", company="Robert Bosch GmbH")
    return a, b


def test_a_rejected_pair_is_never_suggested_again(store: Store) -> None:
    a, b = pair(store)
    resolve_all(store)
    assert len(review_queue(store)) == 1
    reject(store, a, b)
    assert review_queue(store) == []
    resolve_all(store)
    resolve_accounts(store, [a, b])
    add(store, "linkedin", "t2", "Thomas Mueller", location="Stuttgart")  # a new capture
    resolve_accounts(store, [b])
    assert review_queue(store) == []
    assert review_queue(store, person_id=person(store, a)) == []


def test_a_rejection_outlives_later_exact_evidence(store: Store) -> None:
    a, b = pair(store)
    reject(store, a, b)
    add(store, "xing", "t1", "Thomas Müller", emails=["t@example.org"])
    add(store, "linkedin", "t2", "Thomas Mueller", emails=["t@example.org"])
    resolve_accounts(store, [a, b])
    resolve_all(store)
    assert person(store, a) != person(store, b)


def test_confirm_merges_and_undo_restores_the_person(store: Store) -> None:
    a, b = pair(store)
    other = add(store, "offline", "x", "Bernd Keller")
    person_b = person(store, b)
    raw(store).table("persons").update(person_b, {"note": "met at the fair"})
    store.relate(person_b, person(store, other), "golf partner")
    resolve_all(store)
    decision = confirm(store, a, b)
    assert person(store, a) == person(store, b) == decision.person_id
    assert (
        raw(store).execute("select status from identity_suggestions").fetchone()[0] == "confirmed"
    )
    undone = undo(store, decision.id)
    assert person(store, a) != person(store, b)
    restored = store.person(person(store, b))
    assert restored["note"] == "met at the fair"
    assert [t["kind"] for t in store.person_ties(restored["id"])] == ["golf partner"]
    with pytest.raises(DecisionError):
        undo(store, decision.id)
    assert undone.other_person_id == person(store, b)


def test_undoing_an_automatic_merge_sticks(store: Store) -> None:
    a = add(store, "xing", "m", "Max Mustermann", emails=["m@example.org"])
    b = add(store, "addressbook", "m", "Max Mustermann", emails=["m@example.org"])
    resolve_accounts(store, [a, b])
    assert person(store, a) == person(store, b)
    decision_id = raw(store).execute("select id from merge_decisions").fetchone()[0]
    undo(store, decision_id)
    assert person(store, a) != person(store, b)
    resolve_accounts(store, [a, b])
    resolve_all(store)
    assert person(store, a) != person(store, b)


def test_split_is_remembered_and_can_be_undone(store: Store) -> None:
    a = add(store, "xing", "m", "Max Mustermann", emails=["m@example.org"])
    b = add(store, "addressbook", "m", "Max Mustermann", emails=["m@example.org"])
    c = add(store, "linkedin", "m", "Max Mustermann", emails=["m@example.org"])
    resolve_all(store)
    assert len({person(store, x) for x in (a, b, c)}) == 1
    decision = split(store, person(store, a), [c])
    assert person(store, c) != person(store, a) == person(store, b)
    resolve_all(store)
    resolve_accounts(store, [a, b, c])
    assert person(store, c) != person(store, a)
    undo(store, decision.id)
    assert person(store, c) == person(store, a)


def test_split_and_reject_refuse_nonsense(store: Store) -> None:
    a, b = pair(store)
    with pytest.raises(DecisionError):
        split(store, person(store, a), [a])  # its only account
    confirm(store, a, b)
    with pytest.raises(DecisionError):
        reject(store, a, b)  # merged: split instead
    with pytest.raises(DecisionError):
        confirm(store, a, b)


def test_confirm_takes_back_a_rejection(store: Store) -> None:
    a, b = pair(store)
    rejection = reject(store, a, b)
    confirm(store, a, b)
    assert person(store, a) == person(store, b)
    undone = raw(store).table("merge_decisions").get(rejection.id)["undone_at"]
    assert undone is not None


def test_undo_of_a_rejection_lets_the_pair_be_suggested_again(store: Store) -> None:
    a, b = pair(store)
    rejection = reject(store, a, b)
    resolve_all(store)
    assert review_queue(store) == []
    undo(store, rejection.id)
    resolve_all(store)
    assert len(review_queue(store)) == 1


def test_undo_reopens_a_rejected_suggestion(store: Store) -> None:
    a, b = pair(store)
    resolve_all(store)
    [item] = review_queue(store)
    rejection = reject(store, a, b)
    undo(store, rejection.id)
    assert [i["id"] for i in review_queue(store)] == [item["id"]]


def test_forget_leaves_no_identity_rows(store: Store) -> None:

    a, b = pair(store)
    resolve_all(store)
    decision = confirm(store, a, b)
    store.forget_person(decision.person_id)
    for table in ("identity_keys", "identity_suggestions", "merge_undo", "merge_decisions"):
        assert raw(store).table(table).count == 0, table
