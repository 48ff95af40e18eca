"""Shared connections across networks, merged persons and offline relations."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.services import answers
from tests.answers_graph import Net


@pytest.fixture
def net(tmp_path: Path) -> Net:
    """me and target both know anna (me: LinkedIn+Facebook, target: XING), bob (LinkedIn
    both) and carl (offline: my neighbour, their golf partner); dana only by me."""
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "facebook")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna", "facebook")
    n.acc("anna", "xing")  # anna's XING account: same person after the merge
    n.tie("target", "anna", "xing")
    n.tie("me", "bob")
    n.tie("target", "bob")
    n.tie("me", "dana")
    n.offline("carl")
    n.relate("me", "carl", "neighbour")
    n.relate("target", "carl", "golf partner")
    return n


def test_each_side_says_where_it_knows_them_from(net: Net) -> None:
    shared = answers.mutual(net.store, net.person["target"])
    by_name = {p["name"]: p for p in shared["people"]}
    assert set(by_name) == {"Anna", "Bob", "Carl"} and shared["total"] == 3
    assert by_name["Anna"]["you"] == [{"network": "facebook"}, {"network": "linkedin"}]
    assert by_name["Anna"]["them"] == [{"network": "xing"}]
    assert by_name["Carl"]["you"] == [{"network": "offline", "label": "neighbour"}]
    assert by_name["Carl"]["them"] == [{"network": "offline", "label": "golf partner"}]


def test_strongest_introduction_first(net: Net) -> None:
    people = answers.mutual(net.store, net.person["target"])["people"]
    # carl: 0.6 x 0.7 = 0.42; anna: 0.61 x 0.35 = 0.2135; bob: 0.35 x 0.35 = 0.1225
    assert [p["name"] for p in people] == ["Carl", "Anna", "Bob"]
    assert people[0]["strength"] == pytest.approx(0.42, abs=1e-4)


def test_no_shared_connections_with_a_stranger(net: Net) -> None:
    loner = net.offline("loner")
    assert answers.mutual(net.store, loner)["people"] == []
