"""Your data: export in five formats, the last backup, forget a person, remove one
network, wipe all.

Forgetting and wiping cannot be undone, so each asks once more: forgetting shows who
exactly will go (a second page with its own button), removing a network needs a ticked
box, wiping needs the word WIPE typed. All three are POSTs, which the security
middleware accepts only from our own pages.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from metanet import export
from metanet.services import backup, data
from metanet.services.people import AmbiguousPerson, find_person
from metanet.store import NotFound
from metanet.web.database import carry_on
from metanet.web.keys import STORE
from metanet.web.render import file_response, message, render
from metanet.web.views.forms import form_fields, path_id, text_field

routes = web.RouteTableDef()
WIPE_WORD = "WIPE"


def _data_page(request: web.Request, *, error: str | None = None) -> web.Response:
    context = {
        "formats": export.FORMATS,
        "networks": request.app[STORE].network_counts(),
        "error": error,
        "wipe_word": WIPE_WORD,
        "backup": backup.status(request.app[STORE]),
    }
    return render(request, "data.html", context, status=400 if error else 200)


@routes.get("/data")
async def data_page(request: web.Request) -> web.StreamResponse:
    return _data_page(request)


@routes.get(r"/data/export/{fmt:[a-z]{3,8}}")
async def download(request: web.Request) -> web.StreamResponse:
    """The export as a file download (never shown inline: it is data, not a page)."""
    fmt = request.match_info["fmt"]
    if fmt not in export.FORMATS:
        raise web.HTTPNotFound()
    body = data.export_text(request.app[STORE], fmt)
    return file_response(body, export.MEDIA_TYPES[fmt], export.filename(fmt))


@routes.get("/data/forget")
async def forget_confirm(request: web.Request) -> web.StreamResponse:
    """Step one of forgetting: who exactly (one person, a choice, or nobody)."""
    store = request.app[STORE]
    who = request.query.get("who", "").strip()[:500]
    candidates: list[dict[str, object]] = []
    person = accounts = None
    try:
        person_id = find_person(store, who) if who else None
    except AmbiguousPerson as exc:
        candidates, person_id = exc.candidates, None
    except NotFound:
        person_id = None
    if person_id is not None:
        person, accounts = store.person(person_id), store.person_accounts(person_id)
    if person is None and not candidates:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    context = {"who": who, "person": person, "accounts": accounts, "candidates": candidates}
    return render(request, "forget.html", context)


@routes.post(r"/data/forget/{person_id:\d{1,18}}")
async def forget(request: web.Request) -> web.StreamResponse:
    """Step two: forget the person for good (an unknown id: 404, by the error table)."""
    report = data.forget(request.app[STORE], path_id(request, "person_id"))
    return render(request, "data_done.html", {"done": "forgot", "report": report})


@routes.post("/data/network")
async def remove_network(request: web.Request) -> web.StreamResponse:
    form = await form_fields(request)
    network = text_field(form, "network", limit=40)
    store = request.app[STORE]
    if network not in {n["network"] for n in store.network_counts()}:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    if form.get("confirm") != "yes":
        return _data_page(request, error="error_network_confirm")
    report = data.forget_network(store, network)
    return render(request, "data_done.html", {"done": "network", "report": report})


def reopen_empty(app: web.Application) -> list[str]:
    """Wipe every file and carry on with a fresh, empty database at the same path (the
    server keeps running after a wipe: the user is looking at it)."""
    store = app[STORE]
    store.close()
    removed = data.wipe(Path(store.path))["removed"]
    carry_on(app)
    return removed


@routes.post("/data/wipe")
async def wipe_all(request: web.Request) -> web.StreamResponse:
    form = await form_fields(request)
    if text_field(form, "confirm", limit=40) != WIPE_WORD:
        return _data_page(request, error="error_wipe_confirm")
    reopen_empty(request.app)
    return message(request, "wiped_title", "wiped_text", status=200, link=True)
