"""Search within hops: words as a German networker types them, ranked by band and path.

The network below has real-looking titles and names from LinkedIn and XING profiles; each
query of issue 15 must find the right people and nothing unrelated, in the right order,
with the best introducer and why each matched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from metanet.answers import requests
from metanet.answers import search as search_module
from metanet.answers.search import BadQuery, search
from metanet.answers.service import snapshot_for
from metanet.answers.shapes import SearchAnswer
from metanet.i18n import texts, words
from metanet.model import AccountRecord
from tests.answers_graph import OLD, Net


def person(net: Net, key: str, name: str, **facts: Any) -> str:
    """An account with a full display name (``Net.acc`` names people by their key)."""
    record = AccountRecord(
        "linkedin", key, f"https://www.linkedin.com/in/{key}/", name=name, **facts
    )
    net.account[(key, "linkedin")] = net.store.upsert_account(record, seen_at=OLD)
    net.person[key] = int(net.store.account_by_id(net.account[(key, "linkedin")])["person_id"])
    return key


@pytest.fixture
def net(tmp_path: Path) -> Net:
    n = Net(tmp_path / "m.db")
    n.me("linkedin")
    for contact in ("anna", "bob", "mid"):
        n.acc(contact)
    n.tie("me", "anna")
    n.tie("me", "bob")
    n.tie("anna", "bob")
    n.tie("bob", "mid")
    people = {
        "berger": ("Dr. Katharina Berger", {"role": "Geschäftsführerin",
                   "company": "Berger Maschinenbau GmbH", "location": "München"}, "anna"),
        "yilmaz": ("Mehmet Yılmaz", {"headline": "Managing Director DACH",
                   "company": "Siemens AG", "location": "Munich, Bavaria"}, "bob"),
        "hofmann": ("Julia Hofmann", {"headline": "CEO & Founder", "location": "Berlin"}, "me"),
        "becker": ("Fritz Becker", {"role": "Berufskraftfahrer (CE)", "location": "München"},
                   "anna"),
        "vogel": ("Jana Vogel", {"headline": "Vertriebsleiterin Süd bei Bosch",
                  "location": "Stuttgart"}, "me"),
        "schulz": ("Petra Schulz", {"role": "Leiterin Vertrieb", "location": "Ulm"}, "mid"),
        "lukasz": ("Łukasz Wiśniewski", {"role": "Steuerberater", "location": "Köln"}, "anna"),
        "krueger": ("Sabine Krüger", {"role": "Beraterin", "location": "Köln"}, "anna"),
        "mueller": ("Stefan Müller", {"role": "Prokurist", "location": "Mainz"}, "bob"),
        "lange": ("Kim Lange", {"role": "Geschäftsführer*in", "location": "Hamburg"}, "mid"),
        "alone": ("Otto Einsam", {"role": "Geschäftsführer", "location": "Kiel"}, None),
    }  # fmt: skip
    for key, (name, facts, knows) in people.items():
        person(n, key, name, **facts)
        if knows:
            n.tie(knows, key)
    return n


def names(data: SearchAnswer) -> list[str | None]:
    return [p["name"] for p in data["people"]]


def find(net: Net, text: str, hops: int = 3) -> list[str | None]:
    return names(search(net.store, snapshot_for(net.store), text, hops=hops))


@pytest.mark.parametrize(
    "text",
    ["Geschäftsführer", "Geschäftsf", "Geschaeftsfuehrerin", "Geschäftsführer*",
     "Managing Director", "CEO", "geschäftsführerin", "GESCHÄFTSFÜHRER"],
)  # fmt: skip
def test_the_geschaeftsfuehrerin_is_found_however_it_is_typed(net: Net, text: str) -> None:
    found = find(net, text)
    assert "Dr. Katharina Berger" in found and "Kim Lange" in found
    assert "Fritz Becker" not in found  # a Berufskraftfahrer is no Geschäftsführer


def test_role_synonyms_across_languages_whole_hits(net: Net) -> None:
    assert set(find(net, "Geschäftsführer")) == {
        "Julia Hofmann", "Dr. Katharina Berger", "Mehmet Yılmaz", "Kim Lange",
    }  # fmt: skip
    assert "Otto Einsam" not in find(net, "Geschäftsführer")  # not connected to the user


def test_nothing_unrelated(net: Net) -> None:
    assert find(net, "Steuerberater") == ["Łukasz Wiśniewski"]  # not the plain Beraterin
    assert "Fritz Becker" not in find(net, "Geschäftsführer München")


@pytest.mark.parametrize(
    ("text", "who"),
    [("Yilmaz", "Mehmet Yılmaz"), ("Lukasz", "Łukasz Wiśniewski"),
     ("Muller", "Stefan Müller"), ("Mueller", "Stefan Müller"), ("Kruger", "Sabine Krüger"),
     ("Wisniewski", "Łukasz Wiśniewski")],
)  # fmt: skip
def test_names_in_other_spellings(net: Net, text: str, who: str) -> None:
    assert find(net, text) == [who]


def test_a_city_in_its_other_language(net: Net) -> None:
    found = find(net, "Geschäftsführer München")
    assert found == ["Dr. Katharina Berger", "Mehmet Yılmaz"]  # Yılmaz is in "Munich"


def test_whole_hits_rank_before_compound_hits_however_close(net: Net) -> None:
    data = search(net.store, snapshot_for(net.store), "Vertrieb")
    # Jana Vogel (Vertriebsleiterin) is a direct contact, Petra Schulz ("Leiterin Vertrieb")
    # three hops away: the whole word comes first all the same
    assert names(data) == ["Petra Schulz", "Jana Vogel"]
    schulz, vogel = data["people"]
    assert (schulz["match"], schulz["degree"], vogel["match"], vogel["degree"]) == (
        "whole", 3, "partial", 1,
    )  # fmt: skip
    assert vogel["why"][0]["kind"] == "compound" and vogel["why"][0]["matched"] == (
        "Vertriebsleiterin"
    )


def test_each_hit_says_who_where_how_far_through_whom_and_why(net: Net) -> None:
    data = search(net.store, snapshot_for(net.store), "Geschäftsführer München")
    berger, yilmaz = data["people"]
    assert berger["person_id"] == net.person["berger"]
    assert (berger["degree"], berger["introducer"]["name"]) == (2, "Anna")  # type: ignore[index]
    assert berger["company"] == "Berger Maschinenbau GmbH" and berger["location"] == "München"
    assert 0 < berger["score"] <= 1 and berger["through"] is None
    w = words("en")
    assert texts.match_reasons(w, yilmaz["why"]) == (
        "Managing Director, as Geschäftsführer; Munich, as München"
    )
    assert texts.match_reasons(words("de"), berger["why"]) == (
        "Geschäftsführerin, Form von Geschäftsführer; München"
    )


def test_third_degree_has_who_is_in_between(net: Net) -> None:
    data = search(net.store, snapshot_for(net.store), "Kim Lange")
    (lange,) = data["people"]
    assert lange["degree"] == 3 and lange["through"]["name"] == "Mid"  # type: ignore[index]
    assert lange["introducer"]["name"] == "Bob"  # type: ignore[index]


def test_default_is_three_hops_and_none_within_says_how_many_one_hop_further(net: Net) -> None:
    snap = snapshot_for(net.store)
    assert search(net.store, snap, "Kim Lange")["hops"] == 3
    near = search(net.store, snap, "Steuerberater", hops=1)
    assert near["total"] == 0 and near["beyond"] == {"hops": 2, "total": 1}
    two = search(net.store, snap, "Kim Lange", hops=2)
    assert two["total"] == 0 and two["beyond"] == {"hops": 3, "total": 1}
    far = search(net.store, snap, "Otto Einsam")
    assert far["total"] == 0 and far["beyond"] == {"hops": None, "total": 1}
    assert "beyond" not in search(net.store, snap, "Steuerberater")


def test_a_search_may_be_limited_to_some_people(net: Net) -> None:
    snap = snapshot_for(net.store)
    among = np.array(sorted([net.person["berger"], net.person["lange"]]))
    data = search(net.store, snap, "Geschäftsführer", among=among)
    assert names(data) == ["Dr. Katharina Berger", "Kim Lange"] and data["total"] == 2


def test_fts_syntax_in_the_query_is_text_not_syntax(net: Net) -> None:
    snap = snapshot_for(net.store)
    assert search(net.store, snap, 'Berger" OR "x')["people"] == []
    assert search(net.store, snap, "Berger NOT München")["people"] == []
    with pytest.raises(BadQuery):
        search(net.store, snap, '  "" ')


def test_a_limit_keeps_the_best_and_counts_every_match(net: Net) -> None:
    snap = snapshot_for(net.store)
    everyone = search(net.store, snap, "Geschäftsführer", limit=50)
    assert names(everyone) == ["Julia Hofmann", "Dr. Katharina Berger", "Mehmet Yılmaz",
                               "Kim Lange"]  # fmt: skip
    for limit in (1, 2, 3):
        cut = search(net.store, snap, "Geschäftsführer", limit=limit)
        assert cut["people"] == everyone["people"][:limit]
        assert cut["total"] == 4 and cut["total_exact"]


def test_ids_read_in_two_halves_give_the_same_answers(
    net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large network a word's ids are read in two halves at once, the upper on the
    store's second connection: the same answers, in the same order, as read in one. Inside
    a transaction (the other connection would not see its rows), and on one core, they are
    read in one."""
    snap = snapshot_for(net.store)
    queries = ["Geschäftsführer", "München", "Vertrieb", "Berater", "Managing Director"]
    in_one = [search(net.store, snap, q) for q in queries]
    beside: list[bool] = []
    read_beside = net.store.read_beside

    def spy(owner: str, work: Any) -> Any:
        future = read_beside(owner, work)
        beside.append(future is not None)
        return future

    monkeypatch.setattr(search_module, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(net.store, "read_beside", spy)
    monkeypatch.setattr(search_module, "CORES", 1)  # one core: one read
    assert [search(net.store, snap, q) for q in queries] == in_one and not beside
    monkeypatch.setattr(search_module, "CORES", 2)
    assert [search(net.store, snap, q) for q in queries] == in_one
    assert beside and all(beside)
    middle = len(snap.account_person) // 2  # matches on both sides of the split
    assert net.account[("berger", "linkedin")] < middle <= net.account[("lange", "linkedin")]
    beside.clear()
    with net.store.write():
        assert [search(net.store, snap, q) for q in queries] == in_one
    assert beside and not any(beside)


def test_a_word_being_typed_is_a_prefix_a_whole_word_is_not(net: Net) -> None:
    person(net, "berg", "Clara Berg", role="Architektin", location="Bremen")
    net.tie("me", "berg")
    assert find(net, "Berg") == ["Clara Berg"]  # a word of the index: not also "Berger"
    assert set(find(net, "Berg*")) == {"Clara Berg", "Dr. Katharina Berger"}
    assert find(net, "Wisniew") == ["Łukasz Wiśniewski"]  # no such word: its beginning


def test_saved_requests_match_the_same_way(net: Net) -> None:
    saved = requests.add(net.store, "Managing Director München")
    assert saved["hops"] == 3
    found = {m["name"]: m for m in saved["matches"]}
    assert set(found) == {"Dr. Katharina Berger", "Mehmet Yılmaz"}
    assert found["Dr. Katharina Berger"]["why"][0]["kind"] == "synonym"
    assert found["Mehmet Yılmaz"]["headline"] == "Managing Director DACH"
