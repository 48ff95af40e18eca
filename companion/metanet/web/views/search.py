"""Search (people matching words within 1-3 hops) and saved search requests."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.answers import requests as saved
from metanet.answers.search import BadQuery, search
from metanet.answers.service import names, snapshot_for
from metanet.store import NotFound, Store, StoreError
from metanet.web.keys import STORE
from metanet.web.render import message, render

routes = web.RouteTableDef()
MATCHES_SHOWN = 50


def _hops(raw: object, default: int = 2) -> int:
    text = str(raw or default)
    if text not in ("1", "2", "3"):
        raise web.HTTPBadRequest(text="hops must be 1, 2 or 3")
    return int(text)


def _search(store: Store, query: str, hops: int) -> dict[str, Any] | None:
    """The search answer, or None for a query without words (the form is shown empty)."""
    try:
        return search(store, snapshot_for(store), query, hops=hops)
    except BadQuery:
        return None


@routes.get("/search")
async def search_page(request: web.Request) -> web.StreamResponse:
    query = request.query.get("q", "").strip()
    hops = _hops(request.query.get("hops"))
    found = _search(request.app[STORE], query, hops) if query else None
    return render(request, "search.html", {"q": query, "hops": hops, "found": found})


@routes.get("/api/search")
async def search_json(request: web.Request) -> web.StreamResponse:
    """The same answer as ``metanet search --json``."""
    hops = _hops(request.query.get("hops"))
    found = _search(request.app[STORE], request.query.get("q", ""), hops)
    if found is None:
        return web.json_response(
            {"error": {"code": "bad_query", "message": "search for at least one word"}},
            status=400,
        )
    return web.json_response(found)


def _matches(store: Store, request_id: int) -> list[dict[str, Any]]:
    """A saved request's matches, newest first, with their introducers."""
    rows = list(
        store.db.query(
            "select person_id, introducer_id, found_at, seen_at from request_matches "
            "where request_id = ? order by id desc limit ?",
            [request_id, MATCHES_SHOWN],
        )
    )
    who = names(store, [r["person_id"] for r in rows] + [r["introducer_id"] or 0 for r in rows])
    return [
        {
            "person_id": r["person_id"],
            "name": who.get(r["person_id"]),
            "introducer": (
                {"person_id": r["introducer_id"], "name": who.get(r["introducer_id"])}
                if r["introducer_id"]
                else None
            ),
            "found_at": r["found_at"],
            "new": r["seen_at"] is None,
        }
        for r in rows
    ]


def _requests(store: Store) -> dict[str, Any]:
    return {
        "requests": [
            {**r, "shown": _matches(store, int(r["id"]))} for r in saved.list_requests(store)
        ],
        "notices": saved.notices(store),
    }


@routes.get("/requests")
async def requests_page(request: web.Request) -> web.StreamResponse:
    """Saved requests; new matches stay marked as new until the user says they saw them.

    A GET changes nothing: any page on another local port could load this address (an
    ``<img>``) and would otherwise clear the user's notices.
    """
    return render(request, "requests.html", {**_requests(request.app[STORE]), "error": None})


@routes.post("/requests/seen")
async def mark_requests_seen(request: web.Request) -> web.StreamResponse:
    """The user has seen the new matches (a same-origin form post)."""
    saved.notices(request.app[STORE], mark_seen=True)
    raise web.HTTPSeeOther("/requests")


@routes.get("/api/requests")
async def requests_json(request: web.Request) -> web.StreamResponse:
    """Requests and unseen notices (read only: the JSON does not mark anything seen)."""
    return web.json_response(_requests(request.app[STORE]))


@routes.post("/requests")
async def add_request(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    store = request.app[STORE]
    note = str(form.get("note", "")).strip() or None
    try:
        saved.add(store, str(form.get("q", "")), hops=_hops(form.get("hops")), note=note)
    except (BadQuery, StoreError):
        context = {**_requests(store), "error": "requests_bad_query"}
        return render(request, "requests.html", context, status=400)
    raise web.HTTPSeeOther("/requests")


@routes.post(r"/requests/{request_id:\d{1,18}}/remove")
async def remove_request(request: web.Request) -> web.StreamResponse:
    try:
        saved.remove(request.app[STORE], int(request.match_info["request_id"]))
    except NotFound:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    raise web.HTTPSeeOther("/requests")
