"""Search (people matching words within 1-3 hops) and saved search requests."""

from __future__ import annotations

from aiohttp import web

from metanet.answers import SEARCH_HOPS
from metanet.answers.search import BadQuery
from metanet.answers.shapes import SearchAnswer
from metanet.errors import InvalidInput
from metanet.services import requests as saved
from metanet.services import synonyms
from metanet.services.answers import search
from metanet.services.circles import choices
from metanet.store import Store
from metanet.web.keys import STORE
from metanet.web.render import render

routes = web.RouteTableDef()


def _hops(raw: object, default: int = SEARCH_HOPS) -> int:
    text = str(raw or default)
    if text not in ("1", "2", "3"):
        raise web.HTTPBadRequest(text="hops must be 1, 2 or 3")
    return int(text)


def _circles(raw: list[str]) -> list[int]:
    """The ``circle`` fields: circle ids (an empty choice: no limit)."""
    found = [text.strip() for text in raw if text.strip()]
    if any(not text.isdigit() or len(text) > 18 for text in found):
        raise web.HTTPBadRequest(text="circle must be a circle's id")
    return [int(text) for text in found]


def _search(store: Store, query: str, hops: int, circles: list[int]) -> SearchAnswer | None:
    """The search answer, or None for a query without words (the form is shown empty)."""
    try:
        return search(store, query, hops=hops, circles=circles)
    except BadQuery:
        return None


@routes.get("/search")
async def search_page(request: web.Request) -> web.StreamResponse:
    store = request.app[STORE]
    query = request.query.get("q", "").strip()
    hops = _hops(request.query.get("hops"))
    circles = _circles(request.query.getall("circle", []))
    found = _search(store, query, hops, circles) if query else None
    own = [line["names"] for line in synonyms.listing()["own"] if not line["problem"]]
    context = {
        "q": query,
        "hops": hops,
        "found": found,
        "synonyms": own,
        "circle": circles[0] if circles else None,
    }
    return render(request, "search.html", {**context, **choices(store)})


@routes.get("/api/search")
async def search_json(request: web.Request) -> web.StreamResponse:
    """The same answer as ``metanet search --json`` (no words: a 400 by the error table)."""
    hops = _hops(request.query.get("hops"))
    circles = _circles(request.query.getall("circle", []))
    found = search(request.app[STORE], request.query.get("q", ""), hops=hops, circles=circles)
    return web.json_response(found)


@routes.get("/requests")
async def requests_page(request: web.Request) -> web.StreamResponse:
    """Saved requests; new matches stay marked as new until the user says they saw them.

    A GET changes nothing: any page on another local port could load this address (an
    ``<img>``) and would otherwise clear the user's notices.
    """
    context = saved.listing_with_matches(request.app[STORE])
    return render(request, "requests.html", {**context, "error": None})


@routes.post("/requests/seen")
async def mark_requests_seen(request: web.Request) -> web.StreamResponse:
    """The user has seen the new matches (a same-origin form post)."""
    saved.notices(request.app[STORE], mark_seen=True)
    raise web.HTTPSeeOther("/requests")


@routes.get("/api/requests")
async def requests_json(request: web.Request) -> web.StreamResponse:
    """Requests and unseen notices (read only: the JSON does not mark anything seen)."""
    return web.json_response(saved.listing_with_matches(request.app[STORE]))


@routes.post("/requests")
async def add_request(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    store = request.app[STORE]
    try:
        saved.add(
            store,
            str(form.get("q", "")),
            hops=_hops(form.get("hops")),
            note=str(form.get("note", "")),
            circles=_circles([str(c) for c in form.getall("circle", [])]),
        )
    except InvalidInput:
        context = {**saved.listing_with_matches(store), "error": "requests_bad_query"}
        return render(request, "requests.html", context, status=400)
    raise web.HTTPSeeOther("/requests")


@routes.post(r"/requests/{request_id:\d{1,18}}/remove")
async def remove_request(request: web.Request) -> web.StreamResponse:
    saved.remove(request.app[STORE], int(request.match_info["request_id"]))
    raise web.HTTPSeeOther("/requests")
