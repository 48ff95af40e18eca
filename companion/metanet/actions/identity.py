"""The popup's "Same person as …?": ``suggestions`` and ``same_person``."""

from __future__ import annotations

from typing import Any

from metanet.actions.args import account_for_url, int_arg, text_arg
from metanet.actions.context import HostContext
from metanet.protocol import BadRequest


def suggestions_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The popup's "Same person as …?": open suggestions about the profile in the tab."""
    from metanet.identity.suggestions import review_queue
    from metanet.queries import person_summary

    account = account_for_url(ctx, text_arg(request, "url"))
    if account is None:
        return {"known": False, "person": None, "suggestions": []}
    person_id = int(account["person_id"])
    queue = review_queue(ctx.store, person_id=person_id, limit=int_arg(request, "limit", 5, 1, 50))
    return {
        "known": True,
        "person": person_summary(ctx.store, person_id),
        "suggestions": [
            {
                "id": item["id"],
                "score": item["score"],
                "reasons": item["reasons"],
                "other": item["b"],
            }
            for item in queue
        ],
    }


def same_person_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The user's answer in the popup: the profile in the tab is (not) ``other_person_id``."""
    from metanet.identity.decisions import DecisionError, confirm, reject
    from metanet.queries import person_summary
    from metanet.store import NotFound

    decision = request.get("decision")
    if decision not in ("confirm", "reject"):
        raise BadRequest("'decision' must be 'confirm' or 'reject'")
    other = int_arg(request, "other_person_id", 0, 1, 2**62)
    store = ctx.store
    account = account_for_url(ctx, text_arg(request, "url"))
    if account is None:
        raise NotFound("this profile is not in your meta-network yet: add it first")
    others = store.person_accounts(int(store.person(other)["id"]))
    if not others:
        raise NotFound(f"person #{other} has no accounts")
    action = confirm if decision == "confirm" else reject
    try:
        made = action(store, int(account["id"]), int(others[0]["id"]))
    except DecisionError as exc:
        raise BadRequest(str(exc)) from None
    person_id = int(store.account_by_id(int(account["id"]))["person_id"])
    return {
        "decision_id": made.id,
        "decision": made.decision,
        "person": person_summary(store, person_id),
    }
