"""A long-lived process (host, summary server) answers at once after a merge or a forget:
from the snapshot it has, marked stale and without anyone who is gone, while a rebuild
runs in a process of its own; then it takes the rebuilt file up."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet import answers
from metanet.answers import service
from metanet.answers.build import build
from metanet.answers.explain import paths_answer
from metanet.answers.search import search
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot
from metanet.graph import knows, to_networkx
from metanet.i18n import words
from metanet.identity.persons import Merge, merge_persons
from metanet.services import answers as asking
from metanet.services import data, pages
from metanet.web.graphs import ego_graph
from tests.answers_graph import Net
from tests.test_answers_snapshot import assert_same_graph


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
    merge_persons(net.store, [Merge(net.person["anna"], net.person["anna2"], "t", "t", None)])
    snap = snapshot_for(net.store)
    assert snap is before and snap.stale
    answer = paths_answer(net.store, snap, net.person["zoe"])
    assert answer["stale"] and [h["name"] for h in answer["paths"][0]["hops"]] == [
        "Me", "Anna", "Kathi", "Zoe",
    ]  # fmt: skip
    after = rebuilt(net)
    assert after is not before and not after.stale and after.origin == "file"
    assert "stale" not in paths_answer(net.store, after, net.person["zoe"])
    assert_same_graph(after, build(net.store.sql("answers")))
    assert after.network_names(after.tie(net.person["me"], net.person["anna"])[1]) == [
        "linkedin", "xing",
    ]  # fmt: skip


def test_a_forgotten_person_is_never_in_a_stale_answer(net: Net) -> None:
    net.tie("me", "kathi")
    zoe, kathi = net.person["zoe"], net.person["kathi"]
    snap = snapshot_for(net.store)
    assert paths_answer(net.store, snap, zoe)["paths"]
    assert asking.mutual(net.store, zoe)["people"][0]["name"] == "Kathi"
    assert search(net.store, snap, "Geschäftsführerin")["people"]
    data.forget(net.store, kathi)
    snap = snapshot_for(net.store)
    assert snap.stale and snap.tie(net.person["anna"], kathi)[0] > 0  # still in the arrays
    answer = paths_answer(net.store, snap, zoe)
    assert answer["stale"] and answer["paths"] == []
    assert asking.mutual(net.store, zoe)["people"] == []
    assert search(net.store, snap, "Geschäftsführerin")["people"] == []
    after = rebuilt(net)
    assert not after.stale and after.degree(kathi) == 0
    assert_same_graph(after, build(net.store.sql("answers")))


def test_whom_someone_knows_never_includes_a_forgotten_person_while_stale(net: Net) -> None:
    """The popup's lookup, the export and the person page's graph (graph.knows,
    graph.to_networkx, web.graphs.ego_graph) leave out whoever is gone since the stale
    snapshot was made; the lookup says it is stale."""
    anna, kathi = net.person["anna"], net.person["kathi"]
    anna_url = "https://www.linkedin.com/in/anna-linkedin/"
    before = pages.lookup(net.store, anna_url)
    assert kathi in [k["person_id"] for k in before["knows"]] and "stale" not in before
    data.forget(net.store, kathi)
    snap = snapshot_for(net.store)
    assert snap.stale and snap.tie(anna, kathi)[0] > 0  # still in the arrays
    during = pages.lookup(net.store, anna_url)
    assert during["stale"] is True
    assert kathi not in [k["person_id"] for k in during["knows"]]
    assert [k["person_id"] for k in knows(net.store, snap, anna)] == [net.person["me"]]
    exported = to_networkx(net.store, snap)
    assert kathi not in exported and not exported.has_edge(anna, kathi)
    drawn = ego_graph(net.store, snap, anna, words("en"))  # the person page's graph
    assert str(kathi) not in [node["id"] for node in drawn["nodes"]]
    rebuilt(net)


def test_appends_after_the_rebuild_began_are_caught_up(net: Net) -> None:
    snapshot_for(net.store)
    merge_persons(net.store, [Merge(net.person["anna"], net.person["anna2"], "t", "t", None)])
    assert snapshot_for(net.store).stale
    net.tie("zoe", "otto")  # while the rebuild may be reading
    after = rebuilt(net)
    assert not after.stale
    assert_same_graph(after, build(net.store.sql("answers")))
    assert after.tie(net.person["zoe"], net.person["otto"])[0] > 0


def test_a_graph_loaded_before_a_wipe_is_not_the_new_databases(net: Net, tmp_path: Path) -> None:
    """The host's warm-up loaded the graph; then `metanet wipe` (another process) and
    captures into the new database: its answers never come from the old graph (a large
    one would be answered from, marked stale, if it were taken up)."""
    database = tmp_path / "metanet.db"
    service.preload(database)()  # what the warm-up thread runs after the first ping
    net.store.close()
    data.wipe(database)
    fresh = Net(database)
    fresh.me()
    fresh.tie("me", "bea")
    snap = snapshot_for(fresh.store)
    assert not snap.stale
    assert [k["name"] for k in knows(fresh.store, snap, fresh.person["me"], limit=10)] == ["Bea"]
