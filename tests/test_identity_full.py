"""Resolution over every account at once (``identity/full.py``): how it scores the pairs.

The rules (what merges, what is suggested and why) are held in test_identity_resolve.py,
for both resolvers; here what is particular to the full run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from metanet.identity import full, resolve_all
from metanet.identity.scoring import AccountFacts, Scored, score_pair
from metanet.identity.suggestions import review_queue
from metanet.model import AccountRecord
from metanet.store import Store


def add(store: Store, network: str, key: str, name: str) -> int:
    record = AccountRecord(network, key, f"https://{network}.example/{key}", name=name)
    return store.upsert_account(record)


def test_a_pair_in_several_blocks_is_scored_once_with_its_rarest_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Hans Hubers share the block of Hans and that of Johannes (Hans is short for
    it). Three more Johannes Hubers make Johannes the commoner name: the pair is scored
    in the block of Hans alone, where its name is rarest (and once more for the reasons
    written), not again among the Johannes."""
    store = Store(tmp_path / "metanet.db")
    hans = {add(store, "xing", "hans", "Hans Huber"), add(store, "linkedin", "hh", "Hans Huber")}
    for n in range(3):
        add(store, "xing", f"johannes{n}", "Johannes Huber")
    scored: Counter[frozenset[int]] = Counter()

    def counting(a: AccountFacts, b: AccountFacts, count: int, shared: int) -> Scored | None:
        scored[frozenset((a.id, b.id))] += 1
        return score_pair(a, b, count, shared)

    monkeypatch.setattr(full, "score_pair", counting)
    resolve_all(store)
    assert scored[frozenset(hans)] == 2
    [suggestion] = [s for s in review_queue(store) if {s["a"]["id"], s["b"]["id"]} == hans]
    assert [r["code"] for r in suggestion["reasons"]] == ["same_name"]  # not a common name
    assert suggestion["score"] == 0.5
