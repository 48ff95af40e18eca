"""Questions about the graph: ``mutual``, ``paths``, ``reach``, ``search``, ``requests``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from metanet.actions.args import Request, ids_arg, int_arg, person_arg, text_arg
from metanet.actions.context import HostContext
from metanet.answers import SEARCH_HOPS
from metanet.protocol import BadRequest

if TYPE_CHECKING:
    from metanet.answers.shapes import PathsAnswer, Reach, SearchAnswer, SharedAnswer


def mutual(ctx: HostContext, request: Request) -> SharedAnswer:
    from metanet.services import answers

    return answers.mutual(ctx.store, person_arg(ctx, request))


def paths_action(ctx: HostContext, request: Request) -> PathsAnswer:
    from metanet.services import answers

    target = person_arg(ctx, request)
    k = int_arg(request, "k", 3, 1, answers.MAX_K)
    max_hops = int_arg(request, "max_hops", answers.MAX_HOPS, 1, answers.MAX_HOPS)
    return answers.paths(ctx.store, target, k=k, max_hops=max_hops)


def reach_action(ctx: HostContext, request: Request) -> Reach:
    from metanet.services import answers

    return answers.reach(ctx.store)


def search_action(ctx: HostContext, request: Request) -> SearchAnswer:
    from metanet.services import answers

    hops = int_arg(request, "hops", SEARCH_HOPS, 1, 3)
    limit = int_arg(request, "limit", 50, 1, 200)
    circles = ids_arg(request, "circles")
    query = text_arg(request, "query")
    return answers.search(ctx.store, query, hops=hops, limit=limit, circles=circles)


def requests_action(ctx: HostContext, request: Request) -> Any:
    """Saved search requests: ``op`` is list (default), add, remove, notices or seen."""
    from metanet.services import requests as saved

    op = request.get("op", "list")
    if op == "list":
        return saved.listing(ctx.store)
    if op == "add":
        hops = int_arg(request, "hops", SEARCH_HOPS, 1, 3)
        note = request.get("note") if isinstance(request.get("note"), str) else None
        circles = ids_arg(request, "circles")
        query = text_arg(request, "query")
        return saved.add(ctx.store, query, hops=hops, note=note, circles=circles)
    if op == "remove":
        return saved.remove(ctx.store, int_arg(request, "request_id", 0, 1, 2**62))
    if op in ("notices", "seen"):
        return saved.notices(ctx.store, mark_seen=op == "seen")
    raise BadRequest("'op' must be one of list, add, remove, notices, seen")
