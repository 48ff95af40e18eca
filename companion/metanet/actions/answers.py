"""Questions about the graph: ``mutual``, ``paths``, ``reach``, ``search``, ``requests``."""

from __future__ import annotations

from typing import Any

from metanet.actions.args import int_arg, person_arg, text_arg
from metanet.actions.context import HostContext
from metanet.protocol import BadRequest


def mutual(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.queries import shared_connections

    return shared_connections(ctx.store, person_arg(ctx, request))


def paths_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.answers.explain import paths_answer
    from metanet.answers.service import snapshot_for

    target = person_arg(ctx, request)
    k = int_arg(request, "k", 3, 1, 20)
    max_hops = int_arg(request, "max_hops", 4, 1, 4)
    return paths_answer(ctx.store, snapshot_for(ctx.store), target, k=k, max_hops=max_hops)


def reach_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.answers.reach import reach
    from metanet.answers.service import snapshot_for

    return reach(snapshot_for(ctx.store))


def search_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.answers.search import BadQuery, search
    from metanet.answers.service import snapshot_for

    hops = int_arg(request, "hops", 2, 1, 3)
    limit = int_arg(request, "limit", 50, 1, 200)
    try:
        return search(
            ctx.store, snapshot_for(ctx.store), text_arg(request, "query"), hops=hops, limit=limit
        )
    except BadQuery as exc:
        raise BadRequest(str(exc)) from None


def requests_action(ctx: HostContext, request: dict[str, Any]) -> Any:
    """Saved search requests: ``op`` is list (default), add, remove, notices or seen."""
    from metanet.answers import requests as saved
    from metanet.answers.search import BadQuery
    from metanet.store import NotFound, StoreError

    op = request.get("op", "list")
    store = ctx.store
    try:
        if op == "list":
            return {"requests": saved.list_requests(store), "notices": saved.notices(store)}
        if op == "add":
            hops = int_arg(request, "hops", 2, 1, 3)
            note = request.get("note") if isinstance(request.get("note"), str) else None
            return saved.add(store, text_arg(request, "query"), hops=hops, note=note)
        if op == "remove":
            saved.remove(store, int_arg(request, "request_id", 0, 1, 2**62))
            return {"removed": request["request_id"]}
        if op in ("notices", "seen"):
            return {"notices": saved.notices(store, mark_seen=op == "seen")}
    except (BadQuery, saved.BadRequestText) as exc:
        raise BadRequest(str(exc)) from None
    except StoreError as exc:
        if isinstance(exc, NotFound):
            raise
        raise BadRequest(str(exc)) from None
    raise BadRequest("'op' must be one of list, add, remove, notices, seen")
