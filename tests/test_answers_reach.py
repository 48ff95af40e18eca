"""Reach on a network small enough to count by hand."""

from __future__ import annotations

from pathlib import Path

from metanet.answers.reach import reach
from metanet.answers.service import snapshot_for
from tests.answers_graph import Net


def test_unique_reach_per_network_and_merged(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "facebook")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna", "facebook")  # anna on two networks
    n.tie("me", "bob", "linkedin")
    for x in ("p1", "p2", "p3"):
        n.tie("anna", x, "linkedin")
    for x in ("p2", "p3", "p4"):
        n.tie("bob", x, "linkedin")
    n.tie("anna", "f1", "facebook")
    n.tie("anna", "p1", "facebook")  # p1 on two networks
    data = reach(snapshot_for(n.store))
    assert data["merged"] == {"degree1": 2, "degree2": 5}  # p1-p4, f1
    assert data["networks"]["linkedin"]["degree1"] == 2
    assert data["networks"]["linkedin"]["degree2"] == 4
    assert data["networks"]["facebook"] == {"degree1": 1, "degree2": 2, "degree2_naive": 2}
    assert data["naive"]["degree2"] == 4 + 3  # anna's 4 others + bob's 3
    assert data["overlap"]["degree1_on_several_networks"] == 1
    assert data["overlap"]["degree2_on_several_networks"] == 1  # p1
    assert data["coverage"]["contact_lists_known"] == 2
    estimate = data["degree3_estimate"]
    assert estimate["estimate"] is not None and 0 < estimate["unique_share"] <= 1


def test_reach_is_cached_until_something_changes(tmp_path: Path) -> None:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    snap = snapshot_for(n.store)
    first = reach(snap)
    assert reach(snapshot_for(n.store)) is first
    n.tie("anna", "bob")
    assert reach(snapshot_for(n.store))["merged"]["degree2"] == 1
