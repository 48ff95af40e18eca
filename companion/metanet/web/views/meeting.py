"""The breakfast meeting: import the partners' requests, "What I can give" (printable on
A4, and as text for a messenger), and "I'll introduce" on a candidate."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.answers.meeting_input import UnknownColumn
from metanet.errors import BadFile, InvalidInput
from metanet.i18n import meeting as said
from metanet.services import introductions, meeting
from metanet.web.i18n import words_for
from metanet.web.keys import STORE
from metanet.web.render import file_response, render
from metanet.web.views.forms import back_to, form_fields, text_field, whole_number

routes = web.RouteTableDef()
MAX_FILES = 50


def _meeting_id(request: web.Request) -> int | None:
    raw = request.query.get("meeting", "")
    return whole_number(raw, "meeting") if raw else None


def by_partner(requests: list[Any]) -> list[dict[str, Any]]:
    """The answered requests grouped by partner, in the order they come (by name)."""
    groups: list[dict[str, Any]] = []
    for r in requests:
        if not groups or groups[-1]["partner"]["id"] != r["partner"]["id"]:
            groups.append({"partner": r["partner"], "requests": []})
        groups[-1]["requests"].append(r)
    return groups


def _page(
    request: web.Request, meeting_id: int | None, *, status: int = 200, **extra: Any
) -> web.Response:
    give = meeting.give(request.app[STORE], meeting_id)
    context = {
        **give,
        "partners": by_partner(give["requests"]),
        "imported": None,
        "error": None,
        "error_column": "",
        **extra,
    }
    return render(request, "meeting.html", context, status=status)


@routes.get("/meeting")
async def meeting_page(request: web.Request) -> web.StreamResponse:
    return _page(request, _meeting_id(request))


@routes.get("/meeting/text")
async def meeting_text(request: web.Request) -> web.StreamResponse:
    """The give list as plain text for a messenger (shown, to copy; or saved)."""
    give = meeting.give(request.app[STORE], _meeting_id(request))
    if give["meeting"] is None:
        raise web.HTTPNotFound()
    body = said.give_text(words_for(request), give)
    return file_response(body, "text/plain", "what-i-can-give.txt", inline=True)


async def _texts(request: web.Request) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The uploaded files and the pasted list, as (name, text); and the other fields."""
    form = await request.post()
    texts: list[tuple[str, str]] = []
    fields: dict[str, str] = {}
    for name, value in form.items():
        if isinstance(value, str):
            fields.setdefault(name, value)
        elif name == "file" and isinstance(value, web.FileField) and value.filename:
            raw = value.file.read()
            if raw:
                try:
                    texts.append((value.filename[:200], raw.decode("utf-8-sig")))
                except UnicodeDecodeError:
                    texts.append((value.filename[:200], raw.decode("cp1252", "replace")))
    if len(texts) > MAX_FILES:
        raise web.HTTPBadRequest(text=f"at most {MAX_FILES} files")
    pasted = text_field(fields, "text", limit=meeting.MAX_TEXT)
    if pasted:
        texts.insert(0, ("", pasted))
    return texts, fields


@routes.post("/meeting/import")
async def import_requests(request: web.Request) -> web.StreamResponse:
    """Import the pasted list and the uploaded files as one meeting; the page shows what
    came in and each row left out with its line."""
    texts, fields = await _texts(request)
    store = request.app[STORE]
    if not texts:
        return _page(request, None, status=400, error="meeting_nothing")
    try:
        imported = meeting.import_texts(
            store,
            texts,
            title=text_field(fields, "title", limit=200),
            held_on=text_field(fields, "held_on", limit=20),
        )
    except UnknownColumn as exc:
        return _page(request, None, status=400, error="unknown_column", error_column=exc.column)
    except BadFile:
        return _page(request, None, status=400, error="meeting_nothing")
    except InvalidInput:
        return _page(request, None, status=400, error="meeting_bad_date")
    chosen = imported["meeting"]["id"] if imported["meeting"] else None
    status = 200 if imported["meeting"] else 400
    return _page(request, chosen, status=status, imported=imported)


@routes.post("/meeting/introduce")
async def introduce(request: web.Request) -> web.StreamResponse:
    """ "I'll introduce": an offered introduction of a candidate to the request's partner."""
    form = await form_fields(request)
    store = request.app[STORE]
    request_id = whole_number(form.get("request"), "request")
    person_id = whole_number(form.get("person"), "person")
    answered = meeting.request_of(store, request_id)
    partner = answered["partner"]
    introductions.introduce(
        store,
        person_id,
        to=partner["name"],
        partner=partner["name"],
        request_id=request_id,
    )
    raise back_to(f"/meeting?meeting={answered['meeting_id']}#request-{request_id}")
