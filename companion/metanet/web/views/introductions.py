"""Introductions you give and receive: the list with its follow-ups, moving one on,
recording one from the person page, and givers gain per partner."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.errors import InvalidInput, NotFound, Refused
from metanet.services import introductions
from metanet.web.keys import STORE
from metanet.web.render import render
from metanet.web.views.forms import back_to, form_fields, path_id, text_field, whole_number

routes = web.RouteTableDef()


def _page(request: web.Request, *, error: str | None = None) -> web.Response:
    store = request.app[STORE]
    context = {
        **introductions.listing(store),
        "follow_up": introductions.follow_up(store)["introductions"],
        "follow_up_days": introductions.FOLLOW_UP_DAYS,
        "next_states": NEXT_STATES,
        "error": error,
    }
    return render(request, "introductions.html", context, status=400 if error else 200)


#: the states a form offers after each state
NEXT_STATES = {
    "offered": ("made", "declined"),
    "made": ("met", "closed", "declined"),
    "met": ("closed", "declined"),
}


def person_section(request: web.Request, person_id: int) -> dict[str, Any]:
    """What the person page's introductions section shows (person.html includes it)."""
    store = request.app[STORE]
    return {
        "introductions": introductions.of_person(store, person_id),
        "introduce_failed": request.query.get("introduce") == "failed",
        "introduction_states": NEXT_STATES,
        "partner_names": introductions.partner_names(store),
    }


@routes.get("/introductions")
async def introductions_page(request: web.Request) -> web.StreamResponse:
    return _page(request)


def _value(raw: str) -> float | None:
    """An optional value (a decimal comma is fine); None if empty, 400 if not a number."""
    if not raw:
        return None
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        raise web.HTTPBadRequest(text="value must be a number") from None


def _back(form: dict[str, str], default: str) -> str:
    """Where to go after the form: one of our own pages only."""
    back = form.get("back", "")
    # "//host" and "/\\host" would leave the site (browsers read a backslash as a slash)
    ours = back.startswith("/") and back[1:2] not in ("/", "\\") and back.isprintable()
    return back if ours and len(back) <= 300 else default


@routes.post("/introductions")
async def record(request: web.Request) -> web.StreamResponse:
    """Record an introduction of a person (the person page's form) to a partner or person."""
    form = await form_fields(request)
    person_id = whole_number(form.get("person"), "person")
    back = _back(form, f"/people/{person_id}#introductions")
    try:
        introductions.introduce(
            request.app[STORE],
            person_id,
            to=text_field(form, "to", limit=200),
            partner=text_field(form, "partner", limit=200) or None,
            note=text_field(form, "note") or None,
        )
    except (InvalidInput, NotFound):  # nobody of that name, or the same person twice
        raise back_to(f"{back.split('#')[0]}?introduce=failed#introductions") from None
    raise back_to(back)


@routes.post(r"/introductions/{intro_id:\d{1,18}}/state")
async def change_state(request: web.Request) -> web.StreamResponse:
    """Move an introduction on (made, met, closed, declined), with a note and a value."""
    intro_id = path_id(request, "intro_id")
    form = await form_fields(request)
    state = text_field(form, "state", limit=20)
    if state not in introductions.STATES:
        raise web.HTTPBadRequest(text="unknown state")
    try:
        introductions.change_state(
            request.app[STORE],
            intro_id,
            state,
            note=text_field(form, "note") or None,
            value=_value(text_field(form, "value", limit=30)),
        )
    except Refused:
        return _page(request, error="introduction_refused")
    raise back_to(_back(form, f"/introductions#introduction-{intro_id}"))


@routes.get("/partners")
async def partners_page(request: web.Request) -> web.StreamResponse:
    """Givers gain: per partner what you gave and what you received."""
    store = request.app[STORE]
    listed = introductions.listing(store)["introductions"]
    context = {**introductions.balances(store), "introductions": listed}
    return render(request, "partners.html", context)
