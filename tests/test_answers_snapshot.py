"""The in-memory graph follows the database: appends incrementally, merges by rebuild."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from answers_graph import OLD, Net
from db_support import raw
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot
from metanet.identity.persons import Merge, merge_persons, split_accounts
from metanet.services import answers


def test_a_capture_of_500_people_is_seen_without_a_full_reload(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    snap = snapshot_for(n.store)
    assert snap.refreshes == {"full": 1, "incremental": 0}
    with n.store.write():  # one capture: anna's contact list of 500 people
        for i in range(500):
            n.tie("anna", f"p{i}")
    assert snapshot_for(n.store) is snap
    assert snap.refreshes == {"full": 1, "incremental": 1}
    assert snap.degree(n.person["anna"]) == 501
    assert answers.mutual(n.store, n.person["p7"])["people"][0]["name"] == "Anna"


def test_writes_by_another_process_are_noticed(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    n.tie("anna", "bob")
    snap = Snapshot(sqlite3.connect(tmp_path / "m.db"))  # a reader of its own, like the host
    assert snap.refresh() == "none"
    n.tie("bob", "carl")
    assert snap.refresh() == "incremental"
    assert snap.tie(n.person["bob"], n.person["carl"])[0] > 0


def test_a_merge_rebuilds_and_joins_the_ties(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "xing")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna2", "xing")
    snap = snapshot_for(n.store)
    merge_persons(n.store, [Merge(n.person["anna"], n.person["anna2"], "same", "test", None)])
    snapshot_for(n.store)
    assert snap.refreshes["full"] == 2
    strength, _ = snap.tie(n.person["me"], n.person["anna"])
    assert snap.network_names(snap.tie(n.person["me"], n.person["anna"])[1]) == [
        "linkedin",
        "xing",
    ]
    assert abs(strength - (1 - 0.65 * 0.65)) < 1e-4


def test_a_split_is_not_mistaken_for_an_append(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "xing")
    n.tie("me", "anna", "linkedin")
    n.acc("anna", "xing")
    n.store.add_tie(
        n.acc("me", "xing"), n.acc("anna", "xing"), network="xing", kind="contact",
        directed=False, seen_at=OLD,
    )  # fmt: skip
    snap = snapshot_for(n.store)
    new_person = split_accounts(n.store, [n.acc("anna", "xing")], name="Anna X")
    snapshot_for(n.store)
    assert snap.refreshes["full"] == 2
    assert snap.tie(n.person["me"], new_person)[0] > 0
    assert snap.network_names(snap.tie(n.person["me"], n.person["anna"])[1]) == ["linkedin"]


def test_a_deleted_tie_is_seen_through_the_deletion_counter(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me("linkedin")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "bob", "linkedin")
    snap = snapshot_for(n.store)
    assert snap.tie(n.person["me"], n.person["bob"])[0] > 0
    with n.store.write():
        raw(n.store).execute("delete from tie_evidence")
        raw(n.store).execute(
            "delete from ties where dst_account_id = ?", [n.acc("bob", "linkedin")]
        )
    snapshot_for(n.store)
    assert snap.refreshes["full"] == 2  # a deletion is never taken for an append
    assert snap.tie(n.person["me"], n.person["bob"])[0] == 0
