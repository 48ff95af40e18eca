"""A long-lived process (host, summary server) answers at once after a merge or a forget:
from the snapshot it has, marked stale and without anyone who is gone, while a rebuild
runs in a process of its own; then it takes the rebuilt file up."""

from __future__ import annotations

from pathlib import Path

import pytest

from answers_graph import Net
from metanet import answers, queries
from metanet.answers import service
from metanet.answers.build import build
from metanet.answers.explain import paths_answer
from metanet.answers.search import search
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot
from metanet.forget import forget_person
from test_answers_snapshot import assert_same_graph


@pytest.fixture
def net(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Net:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))  # the rebuild logs there
    monkeypatch.setattr(answers, "_background", True)
    monkeypatch.setattr(service, "INLINE_CELLS", 0)  # as if the graph were large
    n = Net(tmp_path / "metanet.db")
    n.me("linkedin", "xing")
    n.tie("me", "anna")
    n.tie("me", "anna2", "xing")
    n.acc("kathi", role="Geschäftsführerin")
    n.tie("anna", "kathi")
    n.tie("kathi", "zoe")
    return n


def rebuilt(n: Net) -> Snapshot:
    keeper = service._KEEPERS[n.store]
    assert keeper.builder is not None
    assert keeper.builder.wait(timeout=120) == 0
    return snapshot_for(n.store)


def test_a_merge_answers_stale_then_takes_the_rebuild_up(net: Net) -> None:
    before = snapshot_for(net.store)
    net.store.merge_persons(net.person["anna"], net.person["anna2"], source="t", reason="t")
    snap = snapshot_for(net.store)
    assert snap is before and snap.stale
    answer = paths_answer(net.store, snap, net.person["zoe"])
    assert answer["stale"] and [h["name"] for h in answer["paths"][0]["hops"]] == [
        "Me", "Anna", "Kathi", "Zoe",
    ]  # fmt: skip
    after = rebuilt(net)
    assert after is not before and not after.stale and after.origin == "file"
    assert "stale" not in paths_answer(net.store, after, net.person["zoe"])
    assert_same_graph(after, build(net.store.db.conn))
    assert after.network_names(after.tie(net.person["me"], net.person["anna"])[1]) == [
        "linkedin", "xing",
    ]  # fmt: skip


def test_a_forgotten_person_is_never_in_a_stale_answer(net: Net) -> None:
    net.tie("me", "kathi")
    zoe, kathi = net.person["zoe"], net.person["kathi"]
    snap = snapshot_for(net.store)
    assert paths_answer(net.store, snap, zoe)["paths"]
    assert queries.shared_connections(net.store, zoe)["people"][0]["name"] == "Kathi"
    assert search(net.store, snap, "Geschäftsführerin")["people"]
    forget_person(net.store, kathi)
    snap = snapshot_for(net.store)
    assert snap.stale and snap.tie(net.person["anna"], kathi)[0] > 0  # still in the arrays
    answer = paths_answer(net.store, snap, zoe)
    assert answer["stale"] and answer["paths"] == []
    assert queries.shared_connections(net.store, zoe)["people"] == []
    assert search(net.store, snap, "Geschäftsführerin")["people"] == []
    after = rebuilt(net)
    assert not after.stale and after.degree(kathi) == 0
    assert_same_graph(after, build(net.store.db.conn))


def test_appends_after_the_rebuild_began_are_caught_up(net: Net) -> None:
    snapshot_for(net.store)
    net.store.merge_persons(net.person["anna"], net.person["anna2"], source="t", reason="t")
    assert snapshot_for(net.store).stale
    net.tie("zoe", "otto")  # while the rebuild may be reading
    after = rebuilt(net)
    assert not after.stale
    assert_same_graph(after, build(net.store.db.conn))
    assert after.tie(net.person["zoe"], net.person["otto"])[0] > 0
