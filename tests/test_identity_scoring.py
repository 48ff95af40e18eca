"""Scoring a candidate pair: the same role written in another gender form still agrees."""

from __future__ import annotations

from metanet.identity.names import parse_name
from metanet.identity.scoring import AccountFacts, score_pair


def facts(account_id: int, network: str, name: str, role: str) -> AccountFacts:
    return AccountFacts(account_id, account_id, network, name, parse_name(name), role=role)


def test_one_role_in_two_gender_forms_counts_as_the_same_role() -> None:
    a = facts(1, "xing", "Anna Roth", "Geschäftsführerin")
    for role in ("Geschäftsführer*in", "GESCHAEFTSFUEHRERIN", "Geschäftsführer"):
        scored = score_pair(a, facts(2, "linkedin", "Anna Roth", role), 2, 0)
        assert scored is not None
        assert {"code": "same_role", "role": "Geschäftsführerin"} in scored.reasons
    other = score_pair(a, facts(2, "linkedin", "Anna Roth", "Berufskraftfahrerin"), 2, 0)
    assert other is not None
    assert not any(r["code"] == "same_role" for r in other.reasons)
