"""Paths: "how do I reach X" — the k best introduction paths, and rating a tie on them."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.answers.shapes import PathsAnswer
from metanet.errors import InvalidInput
from metanet.services.answers import paths, rate
from metanet.services.people import AmbiguousPerson, find_person
from metanet.store import NotFound, Store
from metanet.web.keys import STORE
from metanet.web.render import render
from metanet.web.views.forms import whole_number

routes = web.RouteTableDef()
K = 3
PERSON_ID = r"{person_id:\d{1,18}}"


def answer_for(store: Store, person_id: int) -> PathsAnswer:
    """The ``paths`` answer the CLI and the host give (NotFound for an unknown id)."""
    return paths(store, person_id, k=K)


@routes.get("/paths")
async def paths_form(request: web.Request) -> web.StreamResponse:
    """The form, or its answer: one person found goes to their paths page."""
    who = request.query.get("who", "").strip()
    context: dict[str, Any] = {"who": who, "candidates": [], "error": None}
    if who:
        try:
            person_id = find_person(request.app[STORE], who)
        except AmbiguousPerson as exc:
            context["candidates"] = exc.candidates[:20]
        except NotFound:
            context["error"] = "paths_nobody"
        else:
            raise web.HTTPSeeOther(f"/paths/{person_id}")
    return render(request, "paths_form.html", context)


@routes.get("/paths/" + PERSON_ID)
async def paths_page(request: web.Request) -> web.StreamResponse:
    store = request.app[STORE]
    person_id = int(request.match_info["person_id"])
    answer = answer_for(store, person_id)
    rated = request.query.get("rated") == "1"
    return render(
        request, "paths.html", {"answer": answer, "person": store.person(person_id), "rated": rated}
    )


@routes.get("/api/paths/" + PERSON_ID)
async def paths_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(answer_for(request.app[STORE], int(request.match_info["person_id"])))


def _form_id(form: Any, name: str) -> int:
    return whole_number(form.get(name, ""), name)


@routes.post("/ties/rate")
async def rate_tie(request: web.Request) -> web.StreamResponse:
    """Rate the tie a-b, then back to the paths page it was rated from (``back``)."""
    form = await request.post()
    a, b, back = _form_id(form, "a"), _form_id(form, "b"), _form_id(form, "back")
    try:
        strength = float(str(form.get("strength", "")))
    except ValueError:
        raise InvalidInput("strength must be a number above 0 and at most 1") from None
    rate(request.app[STORE], a, b, strength)
    raise web.HTTPSeeOther(f"/paths/{back}?rated=1")
