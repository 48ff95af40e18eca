"""People: the list of everyone stored (sorted, filtered by facets, paged; its state in the
query string), and one person's accounts and whom they know (the person page itself, with
its forms, is views/person.py)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from aiohttp import web

from metanet.services.people import PeoplePage, people_page, person_details
from metanet.store import FACETS, PeopleFilter
from metanet.web.keys import STORE
from metanet.web.render import render
from metanet.web.views.forms import whole_number

routes = web.RouteTableDef()
PAGE_SIZE = 100
MAX_PAGE = 10**9  # far beyond any network; the offset stays within SQLite's integers
MAX_VALUE = 300  # a facet value (a company, a city) from the address
#: the query parameters that make the list's state, in the order links write them
STATE = ("sort", *FACETS)


def page_number(request: web.Request) -> int:
    """``?page=N`` (1-based); anything else is a 400, not a crash."""
    return whole_number(request.query.get("page", "1"), "page", high=MAX_PAGE)


def list_state(request: web.Request) -> dict[str, str]:
    """The list's state from the address: sort and the chosen facet values (empty ones
    dropped; an over-long value is a 400)."""
    state = {}
    for name in STATE:
        value = request.query.get(name, "").strip()
        if len(value) > MAX_VALUE:
            raise web.HTTPBadRequest(text=f"{name} must be at most {MAX_VALUE} characters")
        if value:
            state[name] = value
    return state


def linker(state: dict[str, str]) -> Callable[..., str]:
    """``link(city="Berlin")``: the list's address with that change (``None`` removes a
    value) and page 1 unless a page is given."""

    def link(**changes: str | int | None) -> str:
        merged: dict[str, str | int | None] = {**state, **changes}
        query = {k: v for k, v in merged.items() if v not in (None, "") and k in (*STATE, "page")}
        if query.get("page") == 1:
            del query["page"]
        return "/people" + (f"?{urlencode(query)}" if query else "")

    return link


def _page(request: web.Request) -> PeoplePage:
    state = list_state(request)
    where = PeopleFilter(**{f: state[f] for f in FACETS if f in state})
    return people_page(
        request.app[STORE],
        page_number(request),
        PAGE_SIZE,
        sort=state.get("sort", "last_seen"),
        where=where,
    )


@routes.get("/people")
async def people_list(request: web.Request) -> web.StreamResponse:
    page = _page(request)
    state = list_state(request)
    return render(request, "people.html", {**page, "link": linker(state), "size": PAGE_SIZE})


@routes.get("/api/people")
async def people_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(_page(request))


@routes.get(r"/api/people/{person_id:\d{1,18}}")
async def person_json(request: web.Request) -> web.StreamResponse:
    """The person, their accounts and whom they know (unknown id: 404 by the error table)."""
    person_id = int(request.match_info["person_id"])
    return web.json_response(person_details(request.app[STORE], person_id))
