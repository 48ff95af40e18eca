"""Answers on small hand-built networks where the right answer is known by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.identity.me import set_me
from metanet.model import AccountRecord
from metanet.services import answers, pages, people
from metanet.store import NotFound, Store


def li(key: str, name: str) -> AccountRecord:
    return AccountRecord("linkedin", key, f"https://www.linkedin.com/in/{key}/", name=name)


@pytest.fixture
def net(tmp_path: Path) -> tuple[Store, dict[str, int]]:
    """me —li— anna, me —li— bob, target —li— anna, target follows bob (one way), carl offline."""
    store = Store(tmp_path / "metanet.db")
    ids = {k: store.upsert_account(li(k, k.title())) for k in ("me", "anna", "bob", "target")}
    set_me(store, ids["me"])
    for a, b in (("me", "anna"), ("me", "bob"), ("target", "anna")):
        store.add_tie(ids[a], ids[b], network="linkedin", kind="contact", directed=False)
    store.add_tie(ids["target"], ids["bob"], network="linkedin", kind="follows", directed=True)
    person = {k: int(store.account_by_id(v)["person_id"]) for k, v in ids.items()}
    person["carl"] = store.add_offline_person("Carl")
    store.relate(person["carl"], person["target"], "golf partner")
    store.relate(person["carl"], person["me"], "neighbour")
    return store, person


def test_shared_connections_count_only_real_ties(net: tuple[Store, dict[str, int]]) -> None:
    store, p = net
    shared = answers.mutual(store, p["target"])
    by_name = {s["name"]: s for s in shared["people"]}
    # anna: both know her on linkedin; carl: both know him offline; bob: target only follows him
    assert set(by_name) == {"Anna", "Carl"}
    assert by_name["Anna"]["you"] == by_name["Anna"]["them"] == [{"network": "linkedin"}]
    assert by_name["Carl"]["you"] == [{"network": "offline", "label": "neighbour"}]
    assert by_name["Carl"]["them"] == [{"network": "offline", "label": "golf partner"}]
    assert shared["total"] == 2


def test_mutual_follow_counts_as_knowing(net: tuple[Store, dict[str, int]]) -> None:
    store, p = net
    bob = store.person_accounts(p["bob"])[0]["id"]
    target = store.person_accounts(p["target"])[0]["id"]
    store.add_tie(bob, target, network="linkedin", kind="follows", directed=True)
    assert "Bob" in {s["name"] for s in answers.mutual(store, p["target"])["people"]}


def test_lookup_by_any_url_form_and_unknown(net: tuple[Store, dict[str, int]]) -> None:
    store, p = net
    known = pages.lookup(store, "https://de.linkedin.com/in/target?trk=x")
    assert known["known"] and known["person"] is not None
    assert known["person"]["id"] == p["target"]
    assert known["shared_total"] == 2
    unknown = pages.lookup(store, "https://www.linkedin.com/in/nobody/")
    assert unknown["known"] is False and unknown["person"] is None and unknown["supported"]


def test_find_person_by_id_url_and_name(net: tuple[Store, dict[str, int]]) -> None:
    store, p = net
    assert people.find_person(store, str(p["anna"])) == p["anna"]
    assert people.find_person(store, f"#{p['anna']}") == p["anna"]
    assert people.find_person(store, "https://www.linkedin.com/in/anna") == p["anna"]
    assert people.find_person(store, "carl") == p["carl"]
    with pytest.raises(NotFound):
        people.find_person(store, "Nobody Here")


def test_ambiguous_name_lists_candidates(net: tuple[Store, dict[str, int]]) -> None:
    store, _ = net
    store.add_offline_person("Anna")
    with pytest.raises(people.AmbiguousPerson) as info:
        people.find_person(store, "anna")
    assert len(info.value.candidates) == 2 and "2 people" in str(info.value)


def test_shortest_paths_cross_offline_relations(net: tuple[Store, dict[str, int]]) -> None:
    store, p = net
    paths = [route["hops"] for route in answers.paths(store, p["target"])["paths"]]
    routes = sorted([hop["name"] for hop in path] for path in paths)
    assert routes == [["Me", "Anna", "Target"], ["Me", "Carl", "Target"]]
    carl_route = next(path for path in paths if path[1]["name"] == "Carl")
    assert carl_route[1]["via"] == [{"network": "offline", "label": "neighbour"}]
    assert carl_route[2]["via"] == [{"network": "offline", "label": "golf partner"}]


def test_unreachable_person_is_an_empty_answer(net: tuple[Store, dict[str, int]]) -> None:
    store, _ = net
    hermit = store.add_offline_person("Hermit")
    assert answers.paths(store, hermit)["paths"] == []
