"""Introductions: each state change with its date, givers gain per partner, the follow-up
list, and a made introduction raising the ties it names — in the snapshot every answer
reads (a full build, the incremental refresh, the snapshot file) and in the reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from metanet.answers import disk
from metanet.answers import introductions as intros
from metanet.answers.build import build
from metanet.answers.partners import ensure
from metanet.answers.service import snapshot_for
from metanet.answers.strength import INTRODUCTION_BONUS
from metanet.errors import InvalidInput, Refused
from metanet.identity.persons import Merge, merge_persons
from metanet.services import answers, data
from metanet.store import NotFound
from tests.answers_graph import Net
from tests.db_support import raw
from tests.test_answers_snapshot import assert_same_graph


@pytest.fixture
def net(tmp_path: Path) -> Net:
    """me - anna - target (LinkedIn contacts, 0.35 each); bob, a partner, knows anna."""
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    n.tie("anna", "target")
    n.tie("anna", "bob")
    return n


def days_ago(n: int) -> str:
    return (datetime.now(UTC) - timedelta(days=n)).date().isoformat()


def first_hop(net: Net) -> dict[str, object]:
    answer = answers.paths(net.store, net.person["target"], k=1)
    return answer["paths"][0]["hops"][1]


def test_each_state_change_is_recorded_with_its_date(net: Net) -> None:
    p = net.person
    given = intros.record(
        net.store, person_id=p["target"], to_id=p["bob"], introducer_id=p["me"],
        note="Bob sucht eine Geschäftsführerin", on=days_ago(30),
    )  # fmt: skip
    assert given["direction"] == "given" and given["state"] == "offered"
    intros.change_state(net.store, given["id"], "made", on=days_ago(20))
    intros.change_state(net.store, given["id"], "met", note="Kaffee in München", on=days_ago(10))
    done = intros.change_state(net.store, given["id"], "closed", value=12000, on=days_ago(2))
    assert [(e["state"], e["at"][:10]) for e in done["events"]] == [
        ("offered", days_ago(30)),
        ("made", days_ago(20)),
        ("met", days_ago(10)),
        ("closed", days_ago(2)),
    ]
    assert done["events"][2]["note"] == "Kaffee in München"
    assert done["value"] == 12000 and done["updated_at"][:10] == days_ago(2)
    with pytest.raises(Refused):
        intros.change_state(net.store, given["id"], "declined")  # closed is final
    other = intros.record(net.store, person_id=p["bob"], to_id=p["target"], introducer_id=p["me"])
    with pytest.raises(InvalidInput):
        intros.change_state(net.store, other["id"], "made", on=days_ago(3))  # before offered
    with pytest.raises(InvalidInput):
        intros.change_state(net.store, other["id"], "made", on="2999-01-01")
    with pytest.raises(Refused):
        intros.change_state(net.store, other["id"], "offered")  # not forward
    declined = intros.change_state(net.store, other["id"], "declined")
    assert [e["state"] for e in declined["events"]] == ["offered", "declined"]
    with pytest.raises(NotFound):
        intros.change_state(net.store, 999, "made")


def test_received_introductions_and_givers_gain_per_partner(net: Net) -> None:
    p = net.person
    bob = ensure(net.store, "Bob")
    assert bob["person_id"] == p["bob"]  # the one person of that name
    intros.record(
        net.store, person_id=p["target"], to_id=p["bob"], introducer_id=p["me"],
        partner_id=bob["id"], state="made",
    )  # fmt: skip
    received = intros.record(
        net.store, person_id=p["anna"], to_id=p["me"], introducer_id=p["bob"],
        partner_id=bob["id"], value=500,
    )  # fmt: skip
    assert received["direction"] == "received"
    nobody = ensure(net.store, "Zora Unbekannt")
    assert nobody["person_id"] is None
    [b, z] = sorted(intros.balances(net.store), key=lambda x: x["partner"]["name"])
    assert b["given"] == {"count": 1, "made": 1, "value": 0.0}
    assert b["received"] == {"count": 1, "made": 0, "value": 500.0}
    assert z["given"]["count"] == 0 and z["received"]["count"] == 0


def test_follow_up_lists_open_introductions_silent_for_14_days(net: Net) -> None:
    p = net.person
    old = intros.record(
        net.store, person_id=p["target"], to_id=p["bob"], introducer_id=p["me"], on=days_ago(20)
    )
    fresh = intros.record(
        net.store, person_id=p["bob"], to_id=p["target"], introducer_id=p["me"], on=days_ago(3)
    )
    done = intros.record(
        net.store, person_id=p["anna"], to_id=p["bob"], introducer_id=p["me"], on=days_ago(40)
    )
    intros.change_state(net.store, done["id"], "declined", on=days_ago(30))
    assert [i["id"] for i in intros.follow_up(net.store)] == [old["id"]]
    intros.change_state(net.store, old["id"], "made")
    assert intros.follow_up(net.store) == []
    assert fresh["id"] not in [i["id"] for i in intros.follow_up(net.store)]


def test_a_made_introduction_raises_the_ties_it_names_and_says_why(net: Net) -> None:
    p = net.person
    before = first_hop(net)
    assert before["strength"] == pytest.approx(0.35, abs=1e-3)
    snap = snapshot_for(net.store)
    intro = intros.record(
        net.store, person_id=p["target"], to_id=p["bob"], introducer_id=p["anna"]
    )  # offered: nothing yet
    assert first_hop(net)["strength"] == before["strength"]
    intros.change_state(net.store, intro["id"], "made")
    hop = answers.paths(net.store, p["target"], k=1)["paths"][0]["hops"][2]  # anna -> target
    raised = 1 - (1 - 0.35) * (1 - INTRODUCTION_BONUS)
    assert hop["strength"] == pytest.approx(raised, abs=1e-3)
    assert {"code": "introduced", "n": 1} in hop["why"]
    assert first_hop(net)["strength"] == pytest.approx(0.35, abs=1e-3)  # me - anna: not named
    # the snapshot followed incrementally, to the very numbers a rebuild gives
    assert snapshot_for(net.store) is snap and snap.refreshes["incremental"] >= 1
    assert snap.introduced == {
        (min(p["anna"], p["target"]), max(p["anna"], p["target"])): 1,
        (min(p["anna"], p["bob"]), max(p["anna"], p["bob"])): 1,
        (min(p["bob"], p["target"]), max(p["bob"], p["target"])): 1,
    }
    fresh = build(net.store.sql("answers"))
    assert_same_graph(snap, fresh)
    assert snap.introduced == fresh.introduced
    # declined afterwards: the bonus goes again
    intros.change_state(net.store, intro["id"], "declined")
    assert first_hop(net)["strength"] == pytest.approx(0.35, abs=1e-3)
    assert snapshot_for(net.store).introduced == {}


def test_the_snapshot_file_carries_made_introductions(net: Net) -> None:
    p = net.person
    intro = intros.record(
        net.store, person_id=p["target"], to_id=p["anna"], introducer_id=p["me"], state="made"
    )
    snap = snapshot_for(net.store)
    assert disk.save(net.store.sql("answers"), net.store.path, snap)
    loaded, status = disk.open_file(net.store.sql("answers"), net.store.path)
    assert status == "current" and loaded is not None
    assert loaded.introduced == snap.introduced and loaded.introduced
    assert_same_graph(loaded, build(net.store.sql("answers")))
    # another state change moves the fingerprint: the file is behind and caught up
    intros.change_state(net.store, intro["id"], "met")
    loaded, status = disk.open_file(net.store.sql("answers"), net.store.path)
    assert status == "behind"


def test_merging_moves_introductions_and_forgetting_removes_them(net: Net) -> None:
    p = net.person
    twin = net.offline("bobby")
    bob = ensure(net.store, "Bobby")
    assert bob["person_id"] == twin
    kept = intros.record(
        net.store, person_id=p["anna"], to_id=twin, introducer_id=p["me"], partner_id=bob["id"]
    )
    merge_persons(net.store, [Merge(p["bob"], twin, "test", "user", None)])
    moved = intros.get(net.store, kept["id"])
    assert moved["to"] is not None and moved["to"]["person_id"] == p["bob"]
    assert ensure(net.store, "Bobby")["person_id"] == p["bob"]
    other = intros.record(net.store, person_id=p["target"], to_id=p["anna"], introducer_id=p["me"])
    data.forget(net.store, p["bob"])
    rows = raw(net.store).execute("select id from introductions").fetchall()
    assert rows == [(other["id"],)]
    events = raw(net.store).execute("select introduction_id from introduction_events").fetchall()
    assert set(events) == {(other["id"],)}
    assert raw(net.store).execute("select count(*) from partners").fetchone() == (0,)
