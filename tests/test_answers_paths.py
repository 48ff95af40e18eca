"""Ranked introduction paths on hand-built networks, scores worked out by hand.

Strengths (answers/strength.py): LinkedIn contact 0.35, Facebook friend 0.4, several
reasons combine as 1 - Π(1 - s); ties here are old, so no recency bonus.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from metanet.answers.circle_graph import View
from metanet.answers.explain import paths_answer
from metanet.answers.paths import Route, _hop_strengths, _rescored, best_routes, candidates
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot
from tests.answers_graph import OLD, Net

TWO_NETWORKS = 1 - 0.65 * 0.6  # LinkedIn contact and Facebook friend: 0.61


@pytest.fixture
def net(tmp_path: Path) -> Net:
    """me =li+fb= anna -li- target; me -li- bob -li- target; a chain me-c1-c2-c3-c4-c5."""
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "facebook")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna", "facebook")  # anna's Facebook account merges into her person
    n.tie("anna", "target")
    n.tie("me", "bob")
    n.tie("bob", "target")
    n.tie("me", "c1")
    for a, b in (("c1", "c2"), ("c2", "c3"), ("c3", "c4"), ("c4", "c5")):
        n.tie(a, b)
    return n


def names(snap: Snapshot, net: Net, nodes: list[int]) -> list[str]:
    by_id = {v: k for k, v in net.person.items()}
    return [by_id[n] for n in nodes]


def test_a_tie_on_two_networks_outranks_a_single_one(net: Net) -> None:
    snap = snapshot_for(net.store)
    found = best_routes(snap, net.person["target"])
    routes = [(names(snap, net, r.nodes), r.score) for r in found.routes]
    assert routes[0][0] == ["me", "anna", "target"]
    assert routes[0][1] == pytest.approx(TWO_NETWORKS * 0.35, abs=1e-4)
    assert routes[1][0] == ["me", "bob", "target"]
    assert routes[1][1] == pytest.approx(0.35 * 0.35, abs=1e-4)
    assert len(routes) == 2  # no other simple path exists within 4 hops


def test_the_users_rating_wins(net: Net) -> None:
    from metanet.answers.ratings import rate

    rate(net.store, net.person["me"], net.person["bob"], 0.95)
    snap = snapshot_for(net.store)
    first = best_routes(snap, net.person["target"]).routes[0]
    assert names(snap, net, first.nodes) == ["me", "bob", "target"]
    assert first.score == pytest.approx(0.95 * 0.35, abs=1e-4)
    answer = paths_answer(net.store, snap, net.person["target"])
    hop = answer["paths"][0]["hops"][1]
    assert (
        hop["rated"]
        and hop["strength"] == 0.95
        and hop["why"] == [{"code": "rating", "strength": 0.95}]
    )


def test_every_hop_says_how_and_why(net: Net) -> None:
    answer = paths_answer(net.store, snapshot_for(net.store), net.person["target"])
    first = answer["paths"][0]
    assert first["length"] == 2 and answer["reason"] is None
    anna = first["hops"][1]
    assert anna["via"] == [{"network": "facebook"}, {"network": "linkedin"}]
    assert {"code": "networks", "n": 2} in anna["why"]
    assert {t["network"] for t in anna["ties"]} == {"facebook", "linkedin"}
    assert all(t["evidence"] == 1 for t in anna["ties"])  # one add_tie each


def test_offline_relations_carry_a_path(net: Net) -> None:
    net.offline("bernd")
    net.offline("kathi")
    net.relate("anna", "bernd", "neighbour")  # 0.6
    net.relate("bernd", "kathi", "golf partner")  # 0.7
    found = best_routes(snapshot_for(net.store), net.person["kathi"])
    assert [names(None, net, r.nodes) for r in found.routes] == [["me", "anna", "bernd", "kathi"]]  # type: ignore[arg-type]
    assert found.routes[0].score == pytest.approx(TWO_NETWORKS * 0.6 * 0.7, abs=1e-4)


def test_a_longer_path_of_strong_ties_beats_a_short_weak_one(net: Net) -> None:
    net.offline("zoe")
    net.relate("c1", "zoe", "follower", strength=0.05)  # a 2-hop path, very weak
    net.offline("fam")
    net.relate("anna", "fam", "family")  # 0.9
    net.relate("fam", "zoe", "family")  # 0.9
    found = best_routes(snapshot_for(net.store), net.person["zoe"])
    first = names(None, net, found.routes[0].nodes)  # type: ignore[arg-type]
    assert first == ["me", "anna", "fam", "zoe"]  # 0.61·0.9·0.9 = 0.494 > 0.35·0.05
    assert names(None, net, found.routes[1].nodes) == ["me", "c1", "zoe"]  # type: ignore[arg-type]


def test_four_hops_yes_five_no(net: Net) -> None:
    snap = snapshot_for(net.store)
    four = best_routes(snap, net.person["c4"]).routes
    assert [names(snap, net, r.nodes) for r in four] == [["me", "c1", "c2", "c3", "c4"]]
    assert four[0].score == pytest.approx(0.35**4, abs=1e-5)
    answer = paths_answer(net.store, snap, net.person["c5"])
    assert answer["paths"] == [] and answer["reason"] == "unreachable"
    assert answer["max_hops"] == 4 and "message" not in answer  # words live at the edge


def test_someone_with_no_ties_is_a_clear_answer_not_an_error(net: Net) -> None:
    hermit = net.offline("hermit")
    answer = paths_answer(net.store, snapshot_for(net.store), hermit)
    assert answer["paths"] == [] and answer["reason"] == "unreachable"


def test_one_way_follows_do_not_make_a_path(net: Net) -> None:
    a, b = net.acc("bob"), net.acc("stranger")
    net.store.add_tie(a, b, network="linkedin", kind="follows", directed=True, seen_at=OLD)
    snap = snapshot_for(net.store)
    assert best_routes(snap, net.person["stranger"]).routes == []
    net.store.add_tie(b, a, network="linkedin", kind="follows", directed=True, seen_at=OLD)
    snap = snapshot_for(net.store)
    route = best_routes(snap, net.person["stranger"]).routes[0]
    assert route.score == pytest.approx(0.35 * 0.15, abs=1e-4)


def test_shared_contacts_strengthen_a_hop(net: Net) -> None:
    # anna and bob share 'target' and 'me': the hop anna-bob gets 2 x 0.02 on top
    net.tie("anna", "bob")
    snap = snapshot_for(net.store)
    assert snap.shared_count(net.person["anna"], net.person["bob"]) == 2
    route = next(r for r in best_routes(snap, net.person["bob"], k=5).routes if len(r.nodes) == 3)
    assert route.hops[1] == pytest.approx(1 - 0.65 * 0.96, abs=1e-4)


def test_no_detour_through_someone_the_user_knows_directly(tmp_path: Path) -> None:
    n = Net(tmp_path / "detour.db")
    n.me("facebook")
    n.tie("me", "petra", "facebook")
    n.tie("me", "anna", "facebook")
    n.tie("petra", "anna", "facebook")
    n.tie("anna", "target", "facebook")
    snap = snapshot_for(n.store)
    routes = [names(snap, n, r.nodes) for r in best_routes(snap, n.person["target"]).routes]
    assert routes == [["me", "anna", "target"]]  # never me → petra → anna → target


def test_the_search_bounds_count_no_detour(tmp_path: Path) -> None:
    """A candidate whose bound counts paths the detour rule rejects keeps the search from
    stopping early (a 30× regression on the heavy network): the bounds and the rule agree."""
    n = Net(tmp_path / "bounds.db")
    n.me("linkedin")
    contacts = [f"c{i}" for i in range(6)]
    for c in contacts:
        n.tie("me", c)
        n.tie(c, "target")
        n.tie(c, "far")
    for a, b in pairwise(contacts):
        n.tie(a, b)  # the user's contacts know each other: every longer path is a detour
    n.tie("far", "target")
    snap = snapshot_for(n.store)
    bound, xs, ys, _ = candidates(View(snap), n.person["target"])
    for b, x, y in zip(bound, xs, ys, strict=True):
        if b > 0 and x != -2:
            middle = [int(y)] if x == -1 else [int(x), int(y)]
            assert all(snap.f1[node] == 0 for node in middle), (x, y, b)
    live = int((bound > 0).sum())
    assert live == len(contacts) + 1  # me → c → target for each c, and me → c → far → target
    routes = [names(snap, n, r.nodes) for r in best_routes(snap, n.person["target"], k=10).routes]
    assert all(r[2:-1] == [] or r[2:-1] == ["far"] for r in routes)


def test_finalists_that_cannot_enter_the_k_best_are_not_rescored(
    net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-scoring reads each hop's shared contacts; a finalist whose best possible score
    (every hop with the largest bonus) is below the k-th re-scored one is skipped, and
    the k best are those of re-scoring them all."""
    net.tie("c3", "target")  # a weak four-hop path: me → c1 → c2 → c3 → target
    snap = snapshot_for(net.store)
    p = net.person
    finalists = [
        [p["me"], p["c1"], p["c2"], p["c3"], p["target"]],
        [p["me"], p["bob"], p["target"]],
        [p["me"], p["anna"], p["target"]],
    ]
    every = [Route(nodes, _hop_strengths(View(snap), nodes)) for nodes in finalists]
    every.sort(key=lambda r: (-r.score, len(r.nodes), r.nodes))
    counted: list[tuple[int, int]] = []
    shared_count = Snapshot.shared_count

    def counting(self: Snapshot, a: int, b: int) -> int:
        counted.append((a, b))
        return shared_count(self, a, b)

    monkeypatch.setattr(Snapshot, "shared_count", counting)
    best = _rescored(View(snap), finalists, k=1)
    assert [(r.nodes, r.hops) for r in best] == [(r.nodes, r.hops) for r in every[:1]]
    assert names(snap, net, best[0].nodes) == ["me", "anna", "target"]
    # anna's path and bob's (its bound, 0.545², beats anna's 0.21): four hops; the
    # four-hop path's bound, 0.545⁴ = 0.09, cannot: its hops are never counted
    assert len(counted) == 4
    assert p["c2"] not in {n for pair in counted for n in pair}
    counted.clear()
    all_three = _rescored(View(snap), finalists, k=3)
    assert [(r.nodes, r.hops) for r in all_three] == [(r.nodes, r.hops) for r in every]
    assert len(counted) == 8
