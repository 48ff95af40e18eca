"""The in-memory graph follows the database: appends at the cost of the change, anything
else by a rebuild, and always to the very numbers a full rebuild gives."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from metanet.answers.build import build
from metanet.answers.ratings import rate
from metanet.answers.refresh import catch_up
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot, count_common
from metanet.identity.persons import Merge, merge_persons, split_accounts
from metanet.model import AccountRecord
from metanet.services import answers, data
from metanet.store import Store
from tests.answers_graph import OLD, Net
from tests.db_support import raw


def assert_same_graph(snap: Snapshot, fresh: Snapshot) -> None:
    """Every row, strength, network and the user's neighbourhood, bit for bit."""
    assert snap.size == fresh.size and snap.me == fresh.me
    assert snap.watermark == fresh.watermark and snap.ratings == fresh.ratings
    n = fresh.watermark.max_account + 1
    assert np.array_equal(snap.account_person[:n], fresh.account_person[:n])
    for person in range(fresh.size):
        ids, w, m = snap.row(person)
        fids, fw, fm = fresh.row(person)
        assert np.array_equal(ids, fids), person
        assert np.array_equal(w, fw), person
        assert [snap.network_names(int(x)) for x in m] == [
            fresh.network_names(int(x)) for x in fm
        ], person
    size = fresh.size
    for name in ("f1", "f2", "via", "degree_of"):
        assert np.array_equal(getattr(snap, name)[:size], getattr(fresh, name)[:size]), name


def capture_list(store: Store, owner_account: int, network: str, keys: list[str]) -> None:
    """What a capture of a contact list writes: new people, tied to the list's owner."""
    with store.write():
        for key in keys:
            record = AccountRecord(network, key, f"https://{network}.example/{key}", name=key)
            account = store.upsert_account(record, seen_at=OLD)
            store.add_tie(owner_account, account, network=network, kind="contact", directed=False)


def test_a_capture_of_500_people_is_an_incremental_refresh(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    snap = snapshot_for(n.store)
    assert snap.refreshes == {"full": 1, "incremental": 0}
    capture_list(n.store, n.acc("anna"), "linkedin", [f"p{i}" for i in range(500)])
    assert snapshot_for(n.store) is snap
    assert snap.refreshes == {"full": 1, "incremental": 1}
    assert snap.degree(n.person["anna"]) == 501
    p7_account = n.store.account(AccountRecord("linkedin", "p7", "x").ref)
    assert p7_account is not None
    p7 = p7_account["person_id"]
    assert answers.mutual(n.store, p7)["people"][0]["name"] == "Anna"
    assert snap.degree_of[p7] == 2 and snap.via[p7] == n.person["anna"]
    assert_same_graph(snap, build(n.store.sql("answers")))


def test_writes_by_another_process_are_noticed(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    n.tie("anna", "bob")
    other = Store(tmp_path / "m.db")  # a second connection, like a host beside the CLI
    snap = snapshot_for(other)
    n.tie("bob", "carl")
    assert snapshot_for(other) is snap and snap.refreshes["incremental"] == 1
    assert snap.tie(n.person["bob"], n.person["carl"])[0] > 0


@pytest.mark.parametrize("change", ["merge", "split", "delete", "forget", "relation edit"])
def test_a_structural_change_rebuilds(tmp_path: Path, change: str) -> None:
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "xing")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna2", "xing")
    n.tie("anna", "bob", "linkedin")
    n.acc("bob", "xing")
    n.store.add_tie(
        n.acc("me", "xing"), n.acc("bob", "xing"), network="xing", kind="contact",
        directed=False, seen_at=OLD,
    )  # fmt: skip
    n.relate("me", "bob", "neighbour")
    snapshot_for(n.store)
    if change == "merge":
        merge_persons(n.store, [Merge(n.person["anna"], n.person["anna2"], "same", "test", None)])
    elif change == "split":
        split_accounts(n.store, [n.acc("bob", "xing")], name="Bob X")
    elif change == "delete":
        with n.store.write():
            raw(n.store).execute("delete from tie_evidence")
            raw(n.store).execute("delete from ties where dst_account_id = ?", [n.acc("bob")])
    elif change == "forget":
        data.forget(n.store, n.person["anna2"])
    else:
        n.relate("me", "bob", "neighbour", strength=0.95)
    snap = snapshot_for(n.store)
    assert snap.refreshes["full"] == 2 and not snap.stale  # never taken for an append
    assert_same_graph(snap, build(n.store.sql("answers")))


def test_a_merge_joins_the_ties(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "xing")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna2", "xing")
    snapshot_for(n.store)
    merge_persons(n.store, [Merge(n.person["anna"], n.person["anna2"], "same", "test", None)])
    snap = snapshot_for(n.store)
    strength, mask = snap.tie(n.person["me"], n.person["anna"])
    assert snap.network_names(mask) == ["linkedin", "xing"]
    assert abs(strength - (1 - 0.65 * 0.65)) < 1e-4


def test_a_replaced_rating_is_followed_without_a_rebuild(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    snapshot_for(n.store)
    rate(n.store, n.person["me"], n.person["anna"], 0.9)
    rate(n.store, n.person["me"], n.person["anna"], 0.2)  # may reuse the largest row id
    snap = snapshot_for(n.store)
    assert snap.refreshes == {"full": 1, "incremental": 2}
    assert snap.tie(n.person["me"], n.person["anna"])[0] == pytest.approx(0.2)
    assert_same_graph(snap, build(n.store.sql("answers")))


def test_a_follow_counts_once_its_other_direction_arrives(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me("github")
    n.acc("anna", "github")
    me, anna = n.acc("me", "github"), n.acc("anna", "github")
    n.store.add_tie(me, anna, network="github", kind="follows", directed=True, seen_at=OLD)
    snap = snapshot_for(n.store)
    assert snap.tie(n.person["me"], n.person["anna"]) == (0.0, 0)  # one way: not known
    n.store.add_tie(anna, me, network="github", kind="follows", directed=True, seen_at=OLD)
    assert snapshot_for(n.store) is snap
    assert snap.tie(n.person["me"], n.person["anna"])[0] == pytest.approx(0.15)
    assert_same_graph(snap, build(n.store.sql("answers")))


def test_remembered_answers_are_forgotten_only_for_changed_rows(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    for name in ("anna", "bob", "carl"):
        n.tie("me", name)
    n.tie("anna", "bob")
    snap = snapshot_for(n.store)
    me, anna, carl = n.person["me"], n.person["anna"], n.person["carl"]
    assert snap.shared_count(me, anna) == 1 and snap.shared_count(me, carl) == 0
    n.tie("anna", "carl")
    snapshot_for(n.store)
    assert snap.recall(("shared", me, anna)) is None  # anna's row changed
    assert snap.shared_count(me, anna) == 2
    assert snap.shared_count(anna, n.person["bob"]) == 1  # recomputed: anna's row moved
    n.tie("bob", "dora")
    snapshot_for(n.store)
    assert snap.recall(("shared", me, anna)) == 2  # neither row changed


def test_random_changes_match_a_full_rebuild(tmp_path: Path) -> None:
    """Captures, imports, follows, relations, ratings, merges, splits, deletions and
    forgets in random order; after each, the refreshed snapshot equals a rebuild."""
    rng = random.Random(13)
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "xing", "github")
    names = [f"p{i}" for i in range(40)]
    for name in names[:8]:
        n.tie("me", name, rng.choice(["linkedin", "xing"]))
    for step in range(120):
        _random_change(n, rng, names, step)
        snap = snapshot_for(n.store)
        assert not snap.stale
        assert_same_graph(snap, build(n.store.sql("answers")))
    assert snap.refreshes["incremental"] > 40 and snap.refreshes["full"] > 10


def _random_change(n: Net, rng: random.Random, names: list[str], step: int) -> None:
    roll = rng.random()
    a, b = rng.sample(names, 2)
    known = a in n.person and b in n.person and n.person[a] != n.person[b]
    if roll < 0.45:  # a contact's list grows: some new people, some known
        owner = rng.choice(["me", *[x for x in names[:8] if x in n.person]])
        network = rng.choice([k[1] for k in n.account if k[0] == owner and k[1] != "github"])
        with n.store.write():
            for _ in range(rng.randint(1, 6)):
                other = rng.choice([*names, f"new{step}-{rng.randint(0, 9)}"])
                if n.person.get(other, -1) != n.person.get(owner):
                    n.tie(owner, other, network)
    elif roll < 0.55:
        ga, gb = n.acc(a, "github"), n.acc(b, "github")
        if n.person[a] != n.person[b]:
            n.store.add_tie(ga, gb, network="github", kind="follows", directed=True, seen_at=OLD)
    elif roll < 0.63 and known:
        n.relate(a, b, rng.choice(["golf partner", "neighbour", "club"]))
    elif roll < 0.70 and a in n.person:
        snap = snapshot_for(n.store)
        for other in ("me", *names):
            if other in n.person and snap.tie(n.person[a], n.person[other])[0]:
                rate(n.store, n.person[a], n.person[other], rng.choice([0.1, 0.5, 0.9]))
                break
    elif roll < 0.76 and known:
        gone = n.person[b]
        merge_persons(n.store, [Merge(n.person[a], gone, "same", "test", None)])
        for name in [k for k, v in n.person.items() if v == gone]:
            n.person[name] = n.person[a]
    elif roll < 0.80 and (a, "linkedin") in n.account:
        n.person[a] = split_accounts(n.store, [n.account[(a, "linkedin")]])
        for key in [k for k in n.account if k[0] == a and k[1] != "linkedin"]:
            del n.account[key]  # later accounts of this name go to the new person
    elif roll < 0.84:
        with n.store.write():
            tie = raw(n.store).execute("select id from ties order by random() limit 1").fetchone()
            if tie:
                raw(n.store).execute("delete from tie_evidence where tie_id = ?", [tie[0]])
                raw(n.store).execute("delete from ties where id = ?", [tie[0]])
    elif roll < 0.87 and a in n.person:
        gone = n.person[a]
        data.forget(n.store, gone)
        for name in [k for k, v in n.person.items() if v == gone]:
            del n.person[name]
            if name in names and len(names) > 10:
                names.remove(name)
        for key in [k for k in n.account if k[0] not in n.person]:
            del n.account[key]
    elif a not in n.person or b not in n.person or known:
        n.tie(a, b, rng.choice(["linkedin", "xing"]))


def test_a_catch_up_inside_a_write_reads_that_write(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    snap = snapshot_for(n.store)
    with n.store.write():
        n.tie("me", "anna")
        assert catch_up(n.store.sql("answers"), snap) == "appended"
    assert snap.tie(n.person["me"], n.person["anna"])[0] > 0


def test_shared_neighbours_are_counted_the_same_for_rows_of_any_lengths() -> None:
    """``count_common`` looks a short row up in a long one and merges rows of similar
    length: both ways count what ``np.intersect1d`` counts, either argument first."""
    rng = np.random.default_rng(13)
    for short, long in ((0, 50), (3, 3_000), (40, 2_000), (300, 400), (1_000, 1_000)):
        for _ in range(20):
            a = np.unique(rng.integers(0, 4_000, short)).astype(np.int32)
            b = np.unique(rng.integers(0, 4_000, long)).astype(np.int32)
            expected = len(np.intersect1d(a, b, assume_unique=True))
            assert count_common(a, b) == count_common(b, a) == expected
    top = np.array([5, 9], dtype=np.int32)
    assert count_common(top, np.arange(0, 9, dtype=np.int32)) == 1  # 9 is past the end


def test_gathered_rows_are_the_rows_whether_short_or_long_built_or_rewritten(
    tmp_path: Path,
) -> None:
    """``gather`` copies long rows as slices and short ones cell by cell, from the build's
    arrays and from the tail where refreshed rows go: the same cells as ``row``."""
    n = Net(tmp_path / "m.db")
    n.me()
    for hub in ("anna", "bernd"):
        n.tie("me", hub)
        capture_list(n.store, n.acc(hub), "linkedin", [f"{hub}{i}" for i in range(150)])
    snap = snapshot_for(n.store)
    built = [n.person["me"], n.person["anna"], n.person["bernd"]]
    capture_list(n.store, n.acc("anna"), "xing", [f"late{i}" for i in range(100)])
    snap = snapshot_for(n.store)
    assert snap.starts[n.person["anna"]] >= snap.edges.cut  # anna's row was rewritten
    short = list(range(4, 40))
    for persons in (built, short, built + short, [*built, -1, snap.size + 5], []):
        owner, ids, w, m = snap.gather(np.array(persons, dtype=np.int64))
        assert len(owner) == sum(len(snap.row(p)[0]) for p in persons)
        for pos, person in enumerate(persons):  # rows from the tail come after the built
            mine = owner == pos
            for got, want in zip((ids, w, m), snap.row(person), strict=True):
                assert np.array_equal(got[mine], want), (persons, person)
        # Without strengths (what the contacts' lists are read with): the same rows, each
        # said once, and no strengths copied.
        rows, lens, ids2, w2, m2 = snap.gather_rows(np.array(persons, np.int64), strengths=False)
        assert np.array_equal(np.repeat(rows, lens), owner)
        assert np.array_equal(ids2, ids) and np.array_equal(m2, m) and len(w2) == 0
