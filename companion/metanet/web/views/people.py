"""People: the list of everyone stored, and one person's accounts and ties (the person
page itself, with its forms, is views/person.py)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.store import NotFound, Store
from metanet.web.keys import STORE
from metanet.web.render import render
from metanet.web.views.forms import whole_number

routes = web.RouteTableDef()
PAGE_SIZE = 100
MAX_PAGE = 10**9  # far beyond any network; the offset stays within SQLite's integers


def page_number(request: web.Request) -> int:
    """``?page=N`` (1-based); anything else is a 400, not a crash."""
    return whole_number(request.query.get("page", "1"), "page", high=MAX_PAGE)


def _people_page(store: Store, page: int) -> dict[str, Any]:
    # One row more than shown tells whether there is a next page.
    rows = store.list_people(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    people = [
        {**row, "networks": sorted(filter(None, (row["networks"] or "").split(",")))}
        for row in rows[:PAGE_SIZE]
    ]
    return {
        "people": people,
        "page": page,
        "next_page": page + 1 if len(rows) > PAGE_SIZE else None,
    }


def person_details(store: Store, person_id: int) -> dict[str, Any]:
    """The person, their accounts, and ties grouped by the other person."""
    person = store.person(person_id)
    ties = store.person_ties(person_id)
    names = store.person_names(int(tie["other"]) for tie in ties)
    grouped: dict[int, dict[str, Any]] = {}
    for tie in ties:
        other = int(tie["other"])
        entry = grouped.setdefault(other, {"id": other, "name": names.get(other), "ties": []})
        entry["ties"].append({k: tie[k] for k in ("network", "kind", "direction", "since")})
    knows = sorted(grouped.values(), key=lambda e: ((e["name"] or "").casefold(), e["id"]))
    return {"person": person, "accounts": store.person_accounts(person_id), "knows": knows}


def _person_id(request: web.Request) -> int:
    return int(request.match_info["person_id"])


@routes.get("/people")
async def people_page(request: web.Request) -> web.StreamResponse:
    return render(request, "people.html", _people_page(request.app[STORE], page_number(request)))


@routes.get("/api/people")
async def people_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(_people_page(request.app[STORE], page_number(request)))


@routes.get(r"/api/people/{person_id:\d{1,18}}")
async def person_json(request: web.Request) -> web.StreamResponse:
    try:
        details = person_details(request.app[STORE], _person_id(request))
    except NotFound:
        return web.json_response(
            {"error": {"code": "not_found", "message": "no such person"}}, status=404
        )
    return web.json_response(details)
