"""answers.explain.ties_around: a person's network ties to several others in one query."""

from __future__ import annotations

from pathlib import Path

from metanet.answers.explain import tie_evidence, ties_around
from metanet.demo.seed import load
from metanet.model import AccountRecord
from metanet.services.people import find_person
from metanet.store import Store


def test_ties_around_matches_the_pairwise_evidence(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as store:
        load(store)
        berger = find_person(store, "Dr. Katharina Berger")
        frank, bernd = find_person(store, "Frank Wagner"), find_person(store, "Bernd Keller")
        found = ties_around(store, berger, [frank, bernd])
        assert bernd not in found  # an offline relation is no network tie
        (tie,) = found[frank]
        (pair,) = tie_evidence(store, berger, frank)
        assert tie == {k: pair[k] for k in ("network", "kind", "last_seen", "evidence")}
        assert ties_around(store, berger, []) == {}


def test_ties_around_sees_both_directions(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as store:
        a = store.upsert_account(AccountRecord("x", "a", "https://x.com/a", name="A"))
        b = store.upsert_account(AccountRecord("x", "b", "https://x.com/b", name="B"))
        c = store.upsert_account(AccountRecord("x", "c", "https://x.com/c", name="C"))
        store.add_tie(a, b, network="x", kind="follows", directed=True)
        store.add_tie(c, a, network="x", kind="follows", directed=True)
        pa, pb, pc = (int(store.account_by_id(i)["person_id"]) for i in (a, b, c))
        found = ties_around(store, pa, [pb, pc])
        assert [t["kind"] for t in found[pb]] == ["follows"]
        assert [t["kind"] for t in found[pc]] == ["follows"]
