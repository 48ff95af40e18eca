"""Which accounts are one human: the review queue of suggestions, the user's decisions
(same person, not the same, split, undo), and resolving everything again."""

from __future__ import annotations

from typing import Any, TypedDict

from metanet.errors import InvalidInput
from metanet.identity.decisions import Decision, DecisionError, confirm, reject, split, undo
from metanet.identity.report import ResolveReport
from metanet.identity.suggestions import review_queue, suggestion
from metanet.reasons import Reason
from metanet.services.people import (
    PersonSummary,
    find_person,
    person_summary,
    profile_ref,
)
from metanet.store import NotFound, Store

CONFIRM, REJECT = "confirm", "reject"


class PageSuggestion(TypedDict):
    id: int
    score: float
    reasons: list[Reason]  # codes with parameters (:mod:`metanet.reasons`)
    other: dict[str, Any]  # the other account: id, person_id, network, name, …


class PageSuggestions(TypedDict):
    """The popup's "Same person as …?" for the profile in the tab."""

    known: bool
    person: PersonSummary | None
    suggestions: list[PageSuggestion]


class SamePerson(TypedDict):
    decision_id: int
    decision: str  # same, different
    person: PersonSummary


def account_of(store: Store, text: str) -> int:
    """The account a profile URL names, or the first account of the person named."""
    if "://" in text:
        account = store.account(profile_ref(text))
        if account is None:
            raise NotFound(f"no known account has the profile {text}")
        return int(account["id"])
    accounts = store.person_accounts(find_person(store, text))
    if not accounts:
        raise NotFound(f"{text} has no accounts")
    return int(accounts[0]["id"])


def queue(store: Store, *, person_id: int | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Open suggestions, best first, one per pair of persons (about one person, if given)."""
    return review_queue(store, person_id=person_id, limit=limit)


def for_page(store: Store, url: str, *, limit: int = 5) -> PageSuggestions:
    """Open suggestions about the person behind a profile URL."""
    account = store.account(profile_ref(url))
    if account is None:
        return {"known": False, "person": None, "suggestions": []}
    person_id = int(account["person_id"])
    found = review_queue(store, person_id=person_id, limit=limit)
    return {
        "known": True,
        "person": person_summary(store, person_id),
        "suggestions": [
            {"id": s["id"], "score": s["score"], "reasons": s["reasons"], "other": s["b"]}
            for s in found
        ],
    }


def same_person(store: Store, url: str, other_person_id: int, decision: str) -> SamePerson:
    """The user's answer in the popup: the profile in the tab is (not) that person."""
    if decision not in (CONFIRM, REJECT):
        raise InvalidInput("'decision' must be 'confirm' or 'reject'", field="decision")
    account = store.account(profile_ref(url))
    if account is None:
        raise NotFound("this profile is not in your meta-network yet: add it first")
    others = store.person_accounts(int(store.person(other_person_id)["id"]))
    if not others:
        raise NotFound(f"person #{other_person_id} has no accounts")
    decide = confirm if decision == CONFIRM else reject
    made = decide(store, int(account["id"]), int(others[0]["id"]))
    person_id = int(store.account_by_id(int(account["id"]))["person_id"])
    return {
        "decision_id": made.id,
        "decision": made.decision,
        "person": person_summary(store, person_id),
    }


def settle(store: Store, suggestion_id: int, verdict: str) -> Decision:
    """Confirm or reject a suggestion of the review queue (the decision keeps its reason)."""
    if verdict not in (CONFIRM, REJECT):
        raise InvalidInput("the verdict must be 'confirm' or 'reject'", field="verdict")
    row = suggestion(store, suggestion_id)
    if row["status"] != "open":
        raise DecisionError(f"suggestion #{suggestion_id} was already decided")
    decide = confirm if verdict == CONFIRM else reject
    said: Reason = {"code": f"suggestion_{verdict}ed", "suggestion": suggestion_id}
    reasons = [said, *row["reasons"]]
    return decide(store, int(row["a_account_id"]), int(row["b_account_id"]), reason=reasons)


def merge(store: Store, a: str, b: str) -> Decision:
    """The user says A and B (profile URLs, ids or names) are one person."""
    return confirm(store, account_of(store, a), account_of(store, b))


def split_off(store: Store, person_id: int, account_ids: list[int]) -> Decision:
    """Move accounts off a person to a person of their own; remembered as "not the same"."""
    store.person(person_id)
    own = {int(a["id"]) for a in store.person_accounts(person_id)}
    if not set(account_ids) <= own:
        raise DecisionError("name an account of this person to split off")
    return split(store, person_id, account_ids)


def undo_decision(store: Store, decision_id: int) -> Decision:
    """Take a decision back: a merge is split again, a rejection or split is lifted."""
    return undo(store, decision_id)


def rebuild(store: Store) -> ResolveReport:
    """Resolve every account again: exact merges, then fresh suggestions."""
    from metanet.identity import resolve_all

    return resolve_all(store)
