"""The person page (360°): accounts and their facts per network, conflicts, ties, offline
relations, shared connections, the best introduction paths, the ego graph, merge history
and the note — and the forms that change them (relate, note, split).

Every change is a POST answered by a redirect back here, so the page always shows what the
store now holds. Errors the user can fix (an empty label, a split of every account) come
back as this page with the message and status 400.
"""

from __future__ import annotations

from aiohttp import web

from metanet.errors import InvalidInput, Refused
from metanet.services.circles import circles_of
from metanet.services.identity import split_off
from metanet.services.people import me_id, person_page, person_vcard
from metanet.services.relations import relate, set_note
from metanet.web.keys import STORE
from metanet.web.render import file_response, render
from metanet.web.views.forms import back_to, form_fields, form_ids, path_id, text_field
from metanet.web.views.introductions import person_section

routes = web.RouteTableDef()
#: the message each field's invalid input shows on the page
FIELD_ERRORS = {"label": "error_label", "strength": "error_strength", "me": "error_no_me"}
#: how many of the people someone knows the page lists at first, strongest first (a hub
#: knows ~1,800: nobody reads that many rows, and drawing them cost ~150 ms); the page
#: says the total and links to all of them (``?knows=all``)
KNOWS_SHOWN = 100


def _page(request: web.Request, person_id: int, *, error: str | None = None) -> web.Response:
    """The page (an unknown person is a 404, by the error table); with ``error``, a 400."""
    store = request.app[STORE]
    everyone = request.query.get("knows") == "all"
    context = {
        **person_page(store, person_id, knows_shown=None if everyone else KNOWS_SHOWN),
        **circles_of(store, person_id),
        **person_section(request, person_id),  # introductions (views/introductions.py)
        "error": error,
    }
    return render(request, "person.html", context, status=400 if error else 200)


@routes.get(r"/people/{person_id:\d{1,18}}")
async def person(request: web.Request) -> web.StreamResponse:
    return _page(request, path_id(request, "person_id"))


@routes.get(r"/people/{person_id:\d{1,18}}/vcard")
async def vcard(request: web.Request) -> web.StreamResponse:
    """The person as a vCard file, for an address book."""
    person_id = path_id(request, "person_id")
    text = person_vcard(request.app[STORE], person_id)
    return file_response(text, "text/vcard", f"person-{person_id}.vcf")


def _strength(raw: str) -> float | None:
    """The optional strength field as a number (a decimal comma is fine); the service
    checks its range."""
    return float(raw.replace(",", ".")) if raw else None


@routes.post(r"/people/{person_id:\d{1,18}}/relate")
async def relate_form(request: web.Request) -> web.StreamResponse:
    """ "I know this person offline as …": a relation between me and this person."""
    person_id = path_id(request, "person_id")
    store = request.app[STORE]
    form = await form_fields(request)
    try:
        strength = _strength(text_field(form, "strength", limit=20))
    except ValueError:
        return _page(request, person_id, error="error_strength")
    try:
        relate(store, me_id(store), person_id, text_field(form, "label"), strength=strength)
    except InvalidInput as exc:
        return _page(request, person_id, error=FIELD_ERRORS.get(exc.field or "", "error_relate"))
    raise back_to(f"/people/{person_id}#relations")


@routes.post(r"/people/{person_id:\d{1,18}}/note")
async def edit_note(request: web.Request) -> web.StreamResponse:
    """Replace the person's note (empty removes it)."""
    person_id = path_id(request, "person_id")
    set_note(request.app[STORE], person_id, text_field(await form_fields(request), "note"))
    raise back_to(f"/people/{person_id}#note")


@routes.post(r"/people/{person_id:\d{1,18}}/split")
async def split_person(request: web.Request) -> web.StreamResponse:
    """Move the chosen accounts to a person of their own."""
    person_id = path_id(request, "person_id")
    try:
        split_off(request.app[STORE], person_id, await form_ids(request, "account"))
    except Refused:
        return _page(request, person_id, error="error_split")
    raise back_to(f"/people/{person_id}#history")
