"""People: the list of everyone stored, and one person with accounts and ties."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiohttp import web

from metanet.store import NotFound, Store
from metanet.web.keys import STORE
from metanet.web.render import message, render

routes = web.RouteTableDef()
PAGE_SIZE = 100
NAME_CHUNK = 500  # stay far below SQLite's limit on bound parameters


def page_number(request: web.Request) -> int:
    """``?page=N`` (1-based); anything else is a 400, not a crash."""
    raw = request.query.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise web.HTTPBadRequest(text="page must be a positive whole number")
    return int(raw)


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


def _person_names(store: Store, ids: Iterable[int]) -> dict[int, str | None]:
    """Display names for many persons at once (the Store has no bulk lookup yet)."""
    wanted = sorted(set(ids))
    names: dict[int, str | None] = {}
    for start in range(0, len(wanted), NAME_CHUNK):
        chunk = wanted[start : start + NAME_CHUNK]
        marks = ",".join("?" * len(chunk))
        for pid, name in store.db.execute(
            f"select id, name from persons where id in ({marks})", chunk
        ).fetchall():
            names[int(pid)] = name
    return names


def _person_details(store: Store, person_id: int) -> dict[str, Any]:
    """The person, their accounts, and ties grouped by the other person."""
    person = store.person(person_id)
    ties = store.person_ties(person_id)
    names = _person_names(store, (int(tie["other"]) for tie in ties))
    grouped: dict[int, dict[str, Any]] = {}
    for tie in ties:
        other = int(tie["other"])
        entry = grouped.setdefault(other, {"id": other, "name": names.get(other), "ties": []})
        entry["ties"].append({k: tie[k] for k in ("network", "kind", "direction", "since")})
    knows = sorted(grouped.values(), key=lambda e: ((e["name"] or "").casefold(), e["id"]))
    return {"person": person, "accounts": store.person_accounts(person_id), "knows": knows}


def _person_id(request: web.Request) -> int:
    return int(request.match_info["person_id"])


@routes.get("/")
async def people_page(request: web.Request) -> web.StreamResponse:
    return render(request, "people.html", _people_page(request.app[STORE], page_number(request)))


@routes.get(r"/people/{person_id:\d{1,18}}")
async def person_page(request: web.Request) -> web.StreamResponse:
    try:
        details = _person_details(request.app[STORE], _person_id(request))
    except NotFound:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    return render(request, "person.html", details)


@routes.get("/api/people")
async def people_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(_people_page(request.app[STORE], page_number(request)))


@routes.get(r"/api/people/{person_id:\d{1,18}}")
async def person_json(request: web.Request) -> web.StreamResponse:
    try:
        details = _person_details(request.app[STORE], _person_id(request))
    except NotFound:
        return web.json_response(
            {"error": {"code": "not_found", "message": "no such person"}}, status=404
        )
    return web.json_response(details)
