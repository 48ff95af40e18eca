"""Search within hops, with the best introducer among direct contacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from answers_graph import Net
from metanet.answers.search import BadQuery, search
from metanet.answers.service import snapshot_for


@pytest.fixture
def net(tmp_path: Path) -> Net:
    n = Net(tmp_path / "m.db")
    n.me("linkedin", "facebook")
    n.tie("me", "anna", "linkedin")
    n.tie("me", "anna", "facebook")
    n.acc("bob", role="Einkäufer", company="Berger Maschinenbau")
    n.tie("me", "bob")
    n.acc("kathi", role="Geschäftsführerin", company="Berger Maschinenbau", location="München")
    n.tie("anna", "kathi")
    n.tie("bob", "kathi")
    n.acc("far", role="Geschäftsführer", company="Weit Maschinenbau", location="München")
    n.acc("mid")
    n.tie("bob", "mid")
    n.tie("mid", "far")
    return n


def test_matches_with_degree_and_best_introducer(net: Net) -> None:
    data = search(net.store, snapshot_for(net.store), "Maschinenbau München")
    assert [p["name"] for p in data["people"]] == ["Kathi"]
    kathi = data["people"][0]
    assert kathi["degree"] == 2 and kathi["introducer"]["name"] == "Anna"  # 0.61 beats 0.35
    assert kathi["company"] == "Berger Maschinenbau"


def test_direct_contacts_first_then_third_degree_only_when_asked(net: Net) -> None:
    snap = snapshot_for(net.store)
    two = search(net.store, snap, "Maschinenbau", hops=2)
    assert [(p["name"], p["degree"]) for p in two["people"]] == [("Bob", 1), ("Kathi", 2)]
    assert two["people"][0]["introducer"] is None
    three = search(net.store, snap, "Maschinenbau", hops=3)
    far = three["people"][-1]
    assert (far["name"], far["degree"]) == ("Far", 3)
    assert far["through"]["name"] == "Mid" and far["introducer"]["name"] == "Bob"


def test_fts_syntax_in_the_query_is_text_not_syntax(net: Net) -> None:
    snap = snapshot_for(net.store)
    assert search(net.store, snap, 'Berger" OR "x')["people"] == []
    with pytest.raises(BadQuery):
        search(net.store, snap, '  "" ')


def test_a_limit_keeps_the_best_and_counts_every_match(net: Net) -> None:
    snap = snapshot_for(net.store)
    everyone = search(net.store, snap, "Maschinenbau", hops=3, limit=50)
    assert [p["name"] for p in everyone["people"]] == ["Bob", "Kathi", "Far"]
    for limit in (1, 2):
        cut = search(net.store, snap, "Maschinenbau", hops=3, limit=limit)
        assert cut["people"] == everyone["people"][:limit]
        assert cut["total"] == 3 and cut["total_exact"]
