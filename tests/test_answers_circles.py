"""Circles in the answers: a weak connection per membership, never a clique; paths through a
circle that say so; the snapshot follows every change of a circle to the very numbers a
rebuild gives, and its file keeps them."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np

from metanet.answers import disk, strength
from metanet.answers.build import build
from metanet.answers.explain import paths_answer
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot
from metanet.graph import knows
from metanet.services import answers
from metanet.services import circles as service
from tests.answers_graph import Net
from tests.test_answers_snapshot import assert_same_graph


def assert_same_circles(snap: Snapshot, fresh: Snapshot) -> None:
    """Every circle's members, every person's circles, each circle's strength and the
    user's neighbourhood through circles, bit for bit."""
    mine, theirs = snap.circles, fresh.circles
    for person in range(fresh.size):
        for a, b in zip(mine.by_person.row(person), theirs.by_person.row(person), strict=True):
            assert np.array_equal(a, b), person
    top = max(len(theirs.base), len(mine.base))
    for circle in range(top):
        for a, b in zip(mine.by_circle.row(circle), theirs.by_circle.row(circle), strict=True):
            assert np.array_equal(a, b), circle
    ours, fresh_base = np.zeros(top, np.float32), np.zeros(top, np.float32)
    ours[: len(mine.base)], fresh_base[: len(theirs.base)] = mine.base, theirs.base
    assert np.array_equal(ours, fresh_base)
    for name in ("c1", "e1", "e2", "evia"):
        ours, fresh_one = getattr(mine, name), getattr(theirs, name)
        assert (ours is None) == (fresh_one is None), name
        if ours is not None:
            assert np.array_equal(ours[: fresh.size], fresh_one[: fresh.size]), name


def club(n: Net, name: str, members: list[str], **facts: object) -> int:
    circle = n.store.add_circle(name, "club", origin="user")
    for member in members:
        n.store.add_membership(circle, n.acc(member), source="user", **facts)  # type: ignore[arg-type]
    return circle


def golf_net(tmp_path: Path) -> tuple[Net, int]:
    """Me and Anna are contacts; Anna and Katharina are both in a 48-member golf club."""
    n = Net(tmp_path / "golf.db")
    n.me()
    n.tie("me", "anna")
    members = ["anna", "katharina", *[f"golfer{i}" for i in range(46)]]
    return n, club(n, "Golfclub Starnberg", members)


def test_a_path_runs_through_a_circle_and_says_so(tmp_path: Path) -> None:
    n, circle = golf_net(tmp_path)
    snap = snapshot_for(n.store)
    answer = paths_answer(n.store, snap, n.person["katharina"], k=1)
    [path] = answer["paths"]
    assert [hop["name"] for hop in path["hops"]] == ["Me", "Anna", "Katharina"]
    hop = path["hops"][2]
    assert hop["via"] == [{"network": "circle", "label": "Golfclub Starnberg"}]
    assert hop["ties"] == [] and hop["relations"] == []
    [reason] = hop["why"]
    assert reason["code"] == "circle" and reason["members"] == 48
    assert reason["name"] == "Golfclub Starnberg" and reason["circle_id"] == circle
    expected = 0.5 / math.sqrt(47)  # falls with the circle's size
    assert math.isclose(hop["strength"], expected, abs_tol=1e-3)
    assert math.isclose(path["score"], 0.35 * expected, abs_tol=1e-4)
    # never twice through one circle (Anna → a golfer → Katharina): the club links them
    assert len(paths_answer(n.store, snap, n.person["katharina"], k=3)["paths"]) == 1


def test_a_circle_is_one_edge_per_member_not_a_clique(tmp_path: Path) -> None:
    n, _ = golf_net(tmp_path)
    snap = snapshot_for(n.store)
    assert snap.entries() == 2  # the one tie, both ways: no pair of golfers became a tie
    assert snap.circles.by_circle.used == 48 and snap.circles.by_person.used == 48
    assert knows(n.store, snap, n.person["anna"]) == [
        {"person_id": n.person["me"], "name": "Me", "via": [{"network": "linkedin"}],
         "strength": 0.35}
    ]  # fmt: skip


def test_a_bigger_circle_connects_more_weakly(tmp_path: Path) -> None:
    n = Net(tmp_path / "sizes.db")
    n.me()
    club(n, "Vorstand", ["me", "a1", "a2", "a3", "a4"])
    club(n, "Verein", ["me", *[f"b{i}" for i in range(499)]])
    snap = snapshot_for(n.store)
    assert snap.circles.e1 is not None
    small, big = snap.circles.e1[n.person["a1"]], snap.circles.e1[n.person["b1"]]
    assert math.isclose(small, 0.25, rel_tol=1e-5)  # 0.5 / sqrt(4)
    assert math.isclose(big, 0.5 / math.sqrt(499), rel_tol=1e-5) and big < 0.03


def test_shared_years_strengthen_and_an_inferred_circle_needs_them(tmp_path: Path) -> None:
    n = Net(tmp_path / "years.db")
    n.me()
    n.tie("me", "anna")
    firm = n.store.add_circle("KTH", "employer", origin="inferred")
    for who, start, end in (("anna", 2018, 2022), ("bernd", 2020, 2021), ("carl", 2010, 2012)):
        n.store.add_membership(firm, n.acc(who), source="profile", start_year=start, end_year=end)
    n.store.add_membership(firm, n.acc("dora"), source="profile")  # no years said
    snap = snapshot_for(n.store)
    layer = snap.circles
    [both] = layer.shared(n.person["anna"], n.person["bernd"])
    assert (both.years, both.first, both.last) == (2, 2020, 2021)
    assert math.isclose(both.strength, min(0.12, 0.5 / math.sqrt(3)) * 1.15, rel_tol=1e-5)
    assert layer.shared(n.person["anna"], n.person["carl"]) == []  # years apart
    assert layer.shared(n.person["anna"], n.person["dora"]) == []  # years unknown
    answer = paths_answer(n.store, snap, n.person["bernd"], k=1)
    reason = answer["paths"][0]["hops"][2]["why"][0]
    assert reason["code"] == "circle" and reason["inferred"] and reason["kind"] == "employer"
    assert (reason["from"], reason["to"]) == (2020, 2021)
    assert paths_answer(n.store, snap, n.person["carl"])["reason"] == "unreachable"


def test_rating_dismissing_and_leaving_a_circle_are_followed(tmp_path: Path) -> None:
    n, circle = golf_net(tmp_path)
    katharina = n.person["katharina"]
    snap = snapshot_for(n.store)
    service.rate(n.store, circle, 0.6)
    snap = snapshot_for(n.store)
    assert not snap.stale and snap.refreshes["full"] == 1
    assert math.isclose(paths_answer(n.store, snap, katharina)["paths"][0]["score"], 0.35 * 0.6,
                        rel_tol=1e-3)  # fmt: skip
    service.dismiss(n.store, circle)
    assert paths_answer(n.store, snapshot_for(n.store), katharina)["reason"] == "unreachable"
    service.dismiss(n.store, circle, undo=True)
    assert paths_answer(n.store, snapshot_for(n.store), katharina)["paths"]
    service.remove_member(n.store, circle, str(katharina))
    snap = snapshot_for(n.store)
    assert paths_answer(n.store, snap, katharina)["reason"] == "unreachable"
    assert snap.refreshes["full"] == 1
    assert_same_circles(snap, build(n.store.sql("answers")))


def test_circle_changes_match_a_full_rebuild(tmp_path: Path) -> None:
    """Circles made, joined, left, merged, rated, dismissed and deleted among ties that
    grow, in random order: after each change the refreshed snapshot equals a rebuild."""
    rng = random.Random(20)
    n = Net(tmp_path / "c.db")
    n.me()
    names = [f"p{i}" for i in range(30)]
    for name in names[:5]:
        n.tie("me", name)
    circles: list[int] = []
    through_circles = 0
    for step in range(150):
        roll = rng.random()
        if roll < 0.12 or not circles:
            circles.append(n.store.add_circle(f"c{step}", "club", origin=rng.choice(
                ["user", "inferred"])))  # fmt: skip
        elif roll < 0.55:
            start = rng.choice([None, 2015, 2018])
            end = rng.choice([None, 2019, 2023]) if start else None
            n.store.add_membership(rng.choice(circles), n.acc(rng.choice(["me", *names])),
                                   source="profile", start_year=start, end_year=end,
                                   current=rng.random() < 0.2)  # fmt: skip
        elif roll < 0.65:
            circle = rng.choice(circles)
            who = rng.choice(["me", *names])
            if who in n.person:
                n.store.remove_memberships(circle, [n.acc(who)])
        elif roll < 0.70 and len(circles) > 1:
            keep, other = rng.sample(circles, 2)
            n.store.merge_circles(keep, other)
            circles.remove(other)
        elif roll < 0.76:
            n.store.update_circle(rng.choice(circles), {"rating": rng.choice([None, 0.3, 0.8])})
        elif roll < 0.80:
            n.store.update_circle(rng.choice(circles), {"dismissed_at": rng.choice([None, "x"])})
        elif roll < 0.83:
            gone = rng.choice(circles)
            n.store.delete_circle(gone)
            circles.remove(gone)
        else:
            a, b = rng.sample(["me", *names], 2)
            n.tie(a, b)
        snap = snapshot_for(n.store)
        fresh = build(n.store.sql("answers"))
        assert_same_graph(snap, fresh)
        assert_same_circles(snap, fresh)
        c1 = snap.circles.c1
        through_circles += snap.circles.e1 is not None and c1 is not None and bool(c1.any())
    assert snap.refreshes["full"] == 1  # circles never needed a rebuild
    assert through_circles > 50  # the user was in a circle that connects most of the time


def test_the_snapshot_file_keeps_circles(tmp_path: Path) -> None:
    n, circle = golf_net(tmp_path)
    snap = snapshot_for(n.store)
    assert disk.save(n.store.sql("answers"), n.store.path, snap)
    loaded, status = disk.open_file(n.store.sql("answers"), n.store.path)
    assert status == "current" and loaded is not None
    assert_same_circles(loaded, snap)
    n.store.add_membership(circle, n.acc("newcomer"), source="user")
    assert disk.open_file(n.store.sql("answers"), n.store.path)[1] == "behind"
    from metanet.answers.refresh import catch_up

    assert catch_up(n.store.sql("answers"), loaded) == "appended"
    assert_same_circles(loaded, build(n.store.sql("answers")))


def test_reach_shows_circles_next_to_networks(tmp_path: Path) -> None:
    n = Net(tmp_path / "reach.db")
    n.me()
    n.tie("me", "anna")
    n.tie("bernd", "carl")
    n.tie("bernd", "anna")
    circle = club(n, "Golfclub Starnberg", ["me", "anna", "bernd", "dora"])
    firm = n.store.add_circle("KTH", "employer", origin="inferred")
    n.store.add_membership(firm, n.acc("me"), source="profile", start_year=2010, end_year=2012)
    n.store.add_membership(firm, n.acc("erik"), source="profile", start_year=2020, end_year=2021)
    data = answers.reach(n.store)
    assert data["networks"]["linkedin"]["degree1"] == 1  # ties only
    assert data["circles"] == [
        {
            "circle_id": circle,
            "members": 4,
            "degree1": 3,
            "degree1_new": 2,
            "degree2": 1,
            "name": "Golfclub Starnberg",
            "kind": "club",
        }
    ]  # fmt: skip  (carl: one tie beyond Bernd; the firm connects nobody: other years)
    service.dismiss(n.store, circle)
    assert answers.reach(n.store)["circles"] == []


def test_one_pair_in_plain_python_is_the_vectorised_strength() -> None:
    """``strength.circle_pair`` (a path's hop) gives the very float32 of
    ``strength.circle_pairs`` (the neighbourhood, reach) for every kind of years."""
    years = [0, 1990, 2015, 2019, 2020, 2024, strength.CURRENT_YEAR]
    spans = [(lo, hi) for lo in years[:-1] for hi in years if hi == 0 or hi >= lo or lo == 0]
    for base in (0.022, 0.073, 0.12, 0.45, 0.9):
        for inferred, rated in ((False, False), (True, False), (False, True), (True, True)):
            for a in spans:
                for b in spans:
                    one = strength.circle_pair(float(np.float32(base)), inferred, a, b, 2026, rated)
                    many = strength.circle_pairs(
                        np.array([base], np.float32), np.array([inferred]),
                        (np.array([a[0]], np.int16), np.array([a[1]], np.int16)),
                        (np.array([b[0]], np.int16), np.array([b[1]], np.int16)),
                        2026, np.array([rated]),
                    )  # fmt: skip
                    assert one == tuple(x.tolist()[0] for x in many), (base, a, b)


def test_the_neighbourhood_through_circles_is_the_pairwise_one(tmp_path: Path) -> None:
    """``e2``/``evia`` are computed circle by circle (the best introducer per circle, pairs
    only between members with years); they equal the definition pair by pair: the best
    ``e1[x]`` × strength(x, y) over every tie and co-membership, the highest x of equals."""
    rng = random.Random(7)
    n = Net(tmp_path / "pairwise.db")
    n.me()
    for i in range(12):
        n.tie("me", f"c{i}")
    people = ["me", *[f"c{i}" for i in range(12)], *[f"p{i}" for i in range(40)]]
    for _ in range(30):
        n.tie(rng.choice(people[1:13]), rng.choice(people[13:]))
    for c in range(6):
        circle = n.store.add_circle(f"Kreis {c}", "club", origin="inferred" if c % 3 else "user")
        for who in rng.sample(people, rng.randint(3, 14)):
            start = rng.choice([None, 2012, 2018, 2021])
            end = None if start is None else start + rng.randint(0, 4)
            n.store.add_membership(
                circle, n.acc(who), source="user", start_year=start, end_year=end
            )
    snap = snapshot_for(n.store)
    layer = snap.circles
    assert layer.e1 is not None and layer.e2 is not None and layer.evia is not None
    me = snap.me
    e2 = np.zeros(snap.size, np.float32)
    evia = np.full(snap.size, -1, np.int64)
    for x in range(snap.size):
        if x == me or layer.e1[x] <= 0:
            continue
        ids, w, _ = snap.row(x)
        _, others, cw = layer.links(np.array([x]))
        pairs = [*zip(ids.tolist(), w, strict=True), *zip(others.tolist(), cw, strict=True)]
        for y, s in pairs:
            score = layer.e1[x] * s
            if y != me and (score > e2[y] or (score == e2[y] and x > evia[y])):
                e2[y], evia[y] = score, x
    assert np.array_equal(layer.e2[: snap.size], e2)
    assert np.array_equal(layer.evia[: snap.size].astype(np.int64), evia)
