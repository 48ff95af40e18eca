"""The user and their offline relations: ``me``, ``me_add``, ``relate``."""

from __future__ import annotations

from typing import Any

from metanet.actions.args import text_arg
from metanet.actions.context import HostContext
from metanet.protocol import BadRequest

MAX_LABEL = 200  # an offline relation's label ("golf partner", "met at the Rotary club")


def me(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The user's own person with their declared accounts (``null`` before any is declared)."""
    from metanet.queries import person_summary

    current = ctx.store.me()
    return {"person": person_summary(ctx.store, int(current["id"])) if current else None}


def me_add(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """Declare a profile URL as the user's own account (``metanet me add URL``)."""
    from metanet.me import NotAProfile, declare_me

    try:
        declared = declare_me(ctx.store, text_arg(request, "url").strip())
    except NotAProfile as exc:
        raise BadRequest(str(exc)) from None
    return {**declared, **me(ctx, request)}


def relate_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The popup's "I know this person offline as …": relate *me* to the profile's person.

    The profile need not be captured yet: its account is created from the URL (with
    ``name`` if the popup knows it). Before the user has declared an account of their own,
    *me* is the placeholder person that holds their first-degree ties.
    """
    from metanet import sites
    from metanet.model import AccountRecord
    from metanet.queries import person_summary
    from metanet.store import StoreError

    url = text_arg(request, "url").strip()
    label = text_arg(request, "label").strip()
    if len(label) > MAX_LABEL:
        raise BadRequest(f"'label' must be at most {MAX_LABEL} characters")
    name = request.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > MAX_LABEL):
        raise BadRequest("'name' must be a string")
    strength = request.get("strength")
    if strength is not None and (
        isinstance(strength, bool)
        or not isinstance(strength, int | float)
        or not 0 <= strength <= 1
    ):
        raise BadRequest("'strength' must be a number from 0 to 1")
    ref = sites.normalise(url)
    if ref is None:
        raise BadRequest(f"not a profile address Metanet understands: {url}")
    store = ctx.store
    with store.write():
        account = store.account(ref)
        account_id = (
            int(account["id"])
            if account
            else store.upsert_account(
                AccountRecord(ref.network, ref.key, url, name=(name or "").strip() or None)
            )
        )
        person_id = int(store.account_by_id(account_id)["person_id"])
        me = store.me()
        me_id = (
            int(me["id"])
            if me
            else int(store.account_by_id(store.viewer_account(ref.network))["person_id"])
        )
        try:
            relation_id = store.relate(me_id, person_id, label, strength=strength)
        except StoreError as exc:
            raise BadRequest(str(exc)) from None
    return {
        "relation_id": relation_id,
        "label": label,
        "strength": strength,
        "person": person_summary(store, person_id),
    }
