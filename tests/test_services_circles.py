"""``services.circles.person_circles``: a person's circles with their member counts, which
the lookup, ``metanet person`` and the person page read from the answers' graph. The
counts must be the store's own (persons, not accounts; dismissed memberships left out)
after every kind of change the graph follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.services import circles, identity
from metanet.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def _counts(store: Store, person_id: int) -> dict[int, int]:
    return {c["circle_id"]: c["members"] for c in circles.person_circles(store, person_id)}


def _offline(store: Store, circle: int, name: str) -> int:
    return int(circles.add_member(store, circle, name, new=True)["person_id"])


def test_member_counts_follow_joins_leaves_merges_and_dismissals(store: Store) -> None:
    golf = circles.create(store, "Golfclub Starnberg", kind="club")["id"]
    bni = circles.create(store, "BNI Isartal", kind="chapter")["id"]
    anna = _offline(store, golf, "Anna Schmidt")
    bernd = _offline(store, golf, "Bernd Keller")
    circles.add_member(store, bni, str(anna))
    assert _counts(store, anna) == {golf: 2, bni: 1}

    twin = _offline(store, golf, "B. Keller")  # the same human, known twice
    circles.add_member(store, bni, str(twin))
    assert _counts(store, anna) == {golf: 3, bni: 2}
    identity.merge(store, str(bernd), str(twin))
    assert _counts(store, anna) == {golf: 2, bni: 2}  # one person, two accounts

    circles.remove_member(store, golf, str(anna))
    assert _counts(store, anna) == {bni: 2}
    assert _counts(store, bernd) == {golf: 1, bni: 2}
    circles.dismiss(store, bni)
    assert _counts(store, bernd) == {golf: 1}
    for person in (anna, bernd):
        shown = _counts(store, person)
        assert shown == store.member_counts(shown), "the graph's counts are the store's"


def test_a_graph_marked_stale_leaves_the_counts_to_the_store(store: Store) -> None:
    """While a rebuild after a merge is under way the graph may count a merged person
    twice; the counts come from the store then (here: a graph that knows no circle)."""
    from metanet.answers.circle_graph import CircleLayer
    from metanet.answers.service import snapshot_for

    golf = circles.create(store, "Golfclub Starnberg", kind="club")["id"]
    anna = _offline(store, golf, "Anna Schmidt")
    _offline(store, golf, "Bernd Keller")
    snap = snapshot_for(store)
    snap.stale, snap.circles = True, CircleLayer.empty()
    assert snapshot_for(store) is snap
    assert _counts(store, anna) == {golf: 2}
