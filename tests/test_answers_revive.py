"""Dormant ties worth reviving and bridges: who, and why (what they reach)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from metanet.answers import interactions
from metanet.answers.revive import bridges, dormant
from metanet.answers.service import snapshot_for
from metanet.imports.interactions.events import MEETING, SENT, Event, Who
from tests.answers_graph import Net


def wrote(net: Net, name: str, days_ago: list[int], kind: str = SENT) -> None:
    now = datetime.now(UTC)
    who = Who("account", f"linkedin:{name}-linkedin")
    events = [Event("mail", kind, now - timedelta(days=d), (who,), f"{name}{kind}{d}")
              for d in days_ago]  # fmt: skip
    interactions.record(net.store, events)


def test_dormant_ties_are_close_once_silent_for_a_year_and_bridging(tmp_path: Path) -> None:
    net = Net(tmp_path / "m.db")
    net.me()
    for name in ("ada", "ben", "cem", "dora", "eva"):
        net.tie("me", name)
    for i in range(4):  # ada alone reaches four people
        net.tie("ada", f"y{i}")
    net.tie("cem", "z0")  # cem reaches one
    net.tie("ben", "z1")
    wrote(net, "ada", [400 + 7 * i for i in range(30)])  # weekly, ending 13 months ago
    wrote(net, "cem", [380 + 7 * i for i in range(30)])
    wrote(net, "ben", [5 + 7 * i for i in range(30)])  # still in touch: not dormant
    wrote(net, "dora", [500, 510])  # silent, but never close
    found = dormant(net.store, snapshot_for(net.store))
    assert [(d["name"], d["only_via"]) for d in found] == [("Ada", 4), ("Cem", 1)]
    assert found[0]["last"][:10] == (datetime.now(UTC) - timedelta(days=400)).date().isoformat()


def test_a_meeting_counts_more_than_a_message(tmp_path: Path) -> None:
    net = Net(tmp_path / "m.db")
    net.me()
    net.tie("me", "ada")
    net.tie("me", "ben")
    wrote(net, "ada", [400, 410, 420, 430], MEETING)
    wrote(net, "ben", [400, 410, 420, 430])
    assert [d["name"] for d in dormant(net.store, snapshot_for(net.store))] == ["Ada"]


def test_bridges_are_contacts_whose_contacts_are_not_yours(tmp_path: Path) -> None:
    net = Net(tmp_path / "m.db")
    net.me()
    mine = [f"m{i}" for i in range(6)]
    for name in ("hub", "insider", "small", *mine):
        net.tie("me", name)
    for i in range(6):
        net.tie("hub", f"far{i}")  # none of them yours
        net.tie("insider", mine[i])  # all of them yours
    net.tie("small", "far0")  # too few contacts to say
    found = bridges(net.store, snapshot_for(net.store))
    assert [(b["name"], b["shared"], b["contacts"]) for b in found] == [
        ("Hub", 0, 6),
        ("Insider", 6, 6),
    ]
    assert found[0]["only_via"] == 5  # far0 is reached through small too
