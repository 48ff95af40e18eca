"""The page in the tab: ``capture`` it, or ``lookup`` what is known about it."""

from __future__ import annotations

from typing import Any

from metanet.actions.args import text_arg
from metanet.actions.context import HostContext
from metanet.protocol import BadRequest


def capture(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.capture import CaptureInputError, ingest
    from metanet.queries import person_summary

    url, html = request.get("url"), request.get("html")
    title = request.get("title") if isinstance(request.get("title"), str) else None
    keep_raw = request.get("keep_raw", True)
    if not isinstance(keep_raw, bool):
        raise BadRequest("'keep_raw' must be true or false")
    try:
        outcome = ingest(ctx.store, url, html, title, keep_raw=keep_raw)  # type: ignore[arg-type]
    except CaptureInputError as exc:
        raise BadRequest(str(exc)) from None
    person = None
    if outcome.owner_account_id is not None:
        owner = ctx.store.account_by_id(outcome.owner_account_id)
        person = person_summary(ctx.store, int(owner["person_id"]))
    result = outcome.as_dict()
    result["person"] = person
    from metanet.answers import notices_after_change

    result["request_notices"] = notices_after_change(ctx.store)
    return result


def lookup(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.queries import lookup as lookup_url

    return lookup_url(ctx.store, text_arg(request, "url"))
