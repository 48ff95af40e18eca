"""Reading an action's arguments: each wrong one is a ``bad_request`` that says what is wanted."""

from __future__ import annotations

from typing import Any

from metanet.actions.context import HostContext
from metanet.model import MAX_ID
from metanet.protocol import BadRequest


def text_arg(request: dict[str, Any], name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"'{name}' must be a non-empty string")
    return value


def person_arg(ctx: HostContext, request: dict[str, Any]) -> int:
    """The person an action is about: ``person_id`` (a number) or ``person`` (URL, name)."""
    from metanet.queries import find_person

    if "person_id" in request:
        return int(ctx.store.person(int_arg(request, "person_id", 0, 1, MAX_ID))["id"])
    return find_person(ctx.store, text_arg(request, "person"))


def int_arg(request: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = request.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadRequest(f"'{name}' must be a whole number from {low} to {high}")
    return value


def account_for_url(ctx: HostContext, url: str) -> dict[str, Any] | None:
    from metanet import sites

    ref = sites.normalise(url.strip())
    if ref is None:
        raise BadRequest(f"not a profile address Metanet understands: {url}")
    account: dict[str, Any] | None = ctx.store.account(ref)
    return account
