"""Circles: the list (and a form to make one), a circle's page with its members and how you
reach each, and the forms that change a circle: rename, kind and years, rating, dismiss,
merge, delete, add and remove members, import a member list (pasted or a file).

Every change is a POST answered by a redirect back to the circle's page. Input the user can
fix comes back as the page with the message and status 400; a refused member list shows
every bad line and keeps the pasted text in its box.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from metanet.circles import KINDS
from metanet.circles.roster import RosterRefused
from metanet.errors import InvalidInput, NotFound, Refused
from metanet.services import circles as service
from metanet.web.keys import STORE
from metanet.web.render import render
from metanet.web.views.forms import back_to, form_fields, path_id, text_field, whole_number

routes = web.RouteTableDef()
CIRCLE = r"/circles/{circle_id:\d{1,18}}"
#: the message each field's invalid input shows
FIELD_ERRORS = {
    "name": "error_circle_name",
    "kind": "error_circle_name",
    "years": "error_circle_years",
    "rating": "error_circle_rating",
    "other": "error_circle_merge",
}
MAX_ROSTER = 1_000_000  # characters of a pasted or uploaded member list


def _error(exc: InvalidInput, otherwise: str) -> str:
    """The key of the message the field at fault shows."""
    return FIELD_ERRORS.get(exc.field or "", otherwise)


def _years(form: dict[str, str]) -> tuple[int | None, int | None]:
    """The form's "from" and "to" years (None: left empty)."""
    raw = {name: text_field(form, name, limit=4) for name in ("from", "to")}
    found = [whole_number(raw[n], n, high=9999) if raw[n] else None for n in ("from", "to")]
    return found[0], found[1]


def _page(
    request: web.Request, circle_id: int, *, error: str | None = None, **extra: Any
) -> web.Response:
    store = request.app[STORE]
    context = {
        **service.circle_page(store, circle_id),
        "kinds": KINDS,
        "others": [c for c in store.circle_names() if c["id"] != circle_id],
        "error": error,
        "problems": [],
        "roster_text": "",
        **extra,
    }
    return render(request, "circle.html", context, status=400 if error else 200)


def _listing(request: web.Request, *, error: str | None = None) -> web.Response:
    everything = request.query.get("all") == "1"
    context = {
        **service.listing(request.app[STORE], everything=everything),
        "kinds": KINDS,
        "everything": everything,
        "error": error,
    }
    return render(request, "circles.html", context, status=400 if error else 200)


@routes.get("/circles")
async def circles_page(request: web.Request) -> web.StreamResponse:
    return _listing(request)


@routes.post("/circles")
async def create(request: web.Request) -> web.StreamResponse:
    form = await form_fields(request)
    try:
        name, kind, place = (text_field(form, field) for field in ("name", "kind", "place"))
        start_year, end_year = _years(form)
        made = service.create(
            request.app[STORE], name, kind=kind or "other", place=place,
            start_year=start_year, end_year=end_year,
        )  # fmt: skip
    except InvalidInput as exc:
        return _listing(request, error=_error(exc, "error_circle_name"))
    raise back_to(f"/circles/{made['id']}")


@routes.get(CIRCLE)
async def circle_page(request: web.Request) -> web.StreamResponse:
    return _page(request, path_id(request, "circle_id"))


@routes.post(CIRCLE + "/edit")
async def edit(request: web.Request) -> web.StreamResponse:
    circle_id = path_id(request, "circle_id")
    form = await form_fields(request)
    try:
        service.edit(
            request.app[STORE],
            circle_id,
            name=text_field(form, "name"),
            kind=text_field(form, "kind") or None,
            place=text_field(form, "place"),
            years=_years(form),
        )
    except InvalidInput as exc:
        return _page(request, circle_id, error=_error(exc, "error_circle_name"))
    raise back_to(f"/circles/{circle_id}")


@routes.post(CIRCLE + "/rate")
async def rate(request: web.Request) -> web.StreamResponse:
    circle_id = path_id(request, "circle_id")
    raw = text_field(await form_fields(request), "rating", limit=20).replace(",", ".")
    try:
        service.rate(request.app[STORE], circle_id, float(raw) if raw else None)
    except (ValueError, InvalidInput):
        return _page(request, circle_id, error="error_circle_rating")
    raise back_to(f"/circles/{circle_id}")


@routes.post(CIRCLE + "/dismiss")
async def dismiss(request: web.Request) -> web.StreamResponse:
    circle_id = path_id(request, "circle_id")
    undo = text_field(await form_fields(request), "undo") == "1"
    service.dismiss(request.app[STORE], circle_id, undo=undo)
    raise back_to(f"/circles/{circle_id}")


@routes.post(CIRCLE + "/merge")
async def merge(request: web.Request) -> web.StreamResponse:
    """Merge the chosen circle into this one."""
    circle_id = path_id(request, "circle_id")
    other = whole_number(text_field(await form_fields(request), "other", limit=20), "other")
    try:
        service.merge(request.app[STORE], circle_id, other)
    except InvalidInput:
        return _page(request, circle_id, error="error_circle_merge")
    raise back_to(f"/circles/{circle_id}")


@routes.post(CIRCLE + "/delete")
async def delete(request: web.Request) -> web.StreamResponse:
    circle_id = path_id(request, "circle_id")
    try:
        service.delete(request.app[STORE], circle_id)
    except Refused:
        return _page(request, circle_id, error="error_circle_delete")
    raise back_to("/circles")


@routes.post(CIRCLE + "/members")
async def add_member(request: web.Request) -> web.StreamResponse:
    """Someone known (name, profile URL, id) or, ticked "new", someone not known yet."""
    circle_id = path_id(request, "circle_id")
    form = await form_fields(request)
    try:
        who, new = text_field(form, "who", limit=1000), text_field(form, "new") == "1"
        start_year, end_year = _years(form)
        service.add_member(
            request.app[STORE], circle_id, who, new=new, start_year=start_year,
            end_year=end_year,
        )  # fmt: skip
    except NotFound:
        return _page(request, circle_id, error="error_circle_who")
    except InvalidInput as exc:
        return _page(request, circle_id, error=_error(exc, "error_circle_who"))
    raise back_to(f"/circles/{circle_id}#members")


@routes.post(r"/people/{person_id:\d{1,18}}/circles")
async def join(request: web.Request) -> web.StreamResponse:
    """The person page's "add to circle"."""
    person_id = path_id(request, "person_id")
    circle = whole_number(text_field(await form_fields(request), "circle", limit=20), "circle")
    service.add_member(request.app[STORE], circle, str(person_id))
    raise back_to(f"/people/{person_id}#circles")


@routes.post(CIRCLE + r"/members/{person_id:\d{1,18}}/remove")
async def remove_member(request: web.Request) -> web.StreamResponse:
    circle_id = path_id(request, "circle_id")
    service.remove_member(request.app[STORE], circle_id, str(path_id(request, "person_id")))
    raise back_to(f"/circles/{circle_id}#members")


@routes.post(CIRCLE + "/roster")
async def roster(request: web.Request) -> web.StreamResponse:
    """A member list, pasted into the box or chosen as a file (CSV, vCard, text)."""
    circle_id = path_id(request, "circle_id")
    data = await request.post()
    upload = data.get("file")
    pasted = data.get("roster")
    text = pasted if isinstance(pasted, str) else ""
    content: bytes | str = text
    if isinstance(upload, FileField) and upload.filename:
        content = upload.file.read(MAX_ROSTER + 1)
    if len(content) > MAX_ROSTER or not str(content).strip():
        return _page(request, circle_id, error="error_roster_empty", roster_text=text[:MAX_ROSTER])
    try:
        done = service.import_roster(request.app[STORE], circle_id, content)
    except RosterRefused as exc:
        problems = [p.as_dict() for p in exc.problems]
        return _page(request, circle_id, error="error_roster", problems=problems, roster_text=text)
    return _page(request, circle_id, imported=done)
