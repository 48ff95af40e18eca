"""People: the list of everyone stored, and one person's accounts and whom they know (the
person page itself, with its forms, is views/person.py)."""

from __future__ import annotations

from aiohttp import web

from metanet.services.people import people_page, person_details
from metanet.web.keys import STORE
from metanet.web.render import render
from metanet.web.views.forms import whole_number

routes = web.RouteTableDef()
PAGE_SIZE = 100
MAX_PAGE = 10**9  # far beyond any network; the offset stays within SQLite's integers


def page_number(request: web.Request) -> int:
    """``?page=N`` (1-based); anything else is a 400, not a crash."""
    return whole_number(request.query.get("page", "1"), "page", high=MAX_PAGE)


@routes.get("/people")
async def people_list(request: web.Request) -> web.StreamResponse:
    page = people_page(request.app[STORE], page_number(request), PAGE_SIZE)
    return render(request, "people.html", dict(page))


@routes.get("/api/people")
async def people_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(people_page(request.app[STORE], page_number(request), PAGE_SIZE))


@routes.get(r"/api/people/{person_id:\d{1,18}}")
async def person_json(request: web.Request) -> web.StreamResponse:
    """The person, their accounts and whom they know (unknown id: 404 by the error table)."""
    person_id = int(request.match_info["person_id"])
    return web.json_response(person_details(request.app[STORE], person_id))
