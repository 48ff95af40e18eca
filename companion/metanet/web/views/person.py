"""The person page (360°): accounts and their facts per network, conflicts, ties, offline
relations, shared connections, the best introduction paths, the ego graph, merge history
and the note — and the forms that change them (relate, note, split).

Every change is a POST answered by a redirect back here, so the page always shows what the
store now holds. Errors the user can fix (an empty label, a split of every account) come
back as this page with the message and status 400.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.answers.explain import paths_answer
from metanet.answers.service import snapshot_for
from metanet.identity.decisions import split
from metanet.identity.profile import person_360
from metanet.identity.suggestions import review_queue
from metanet.queries import shared_connections
from metanet.store import NotFound, Store, StoreError
from metanet.web.keys import STORE
from metanet.web.render import message, render
from metanet.web.views.forms import back_to, form_fields, form_ids, path_id, text_field
from metanet.web.views.people import person_details

routes = web.RouteTableDef()
PATHS = 3
SHARED_SHOWN = 50
MAX_LABEL = 200


def _relations(store: Store, person_id: int) -> list[dict[str, Any]]:
    """The person's offline relations, each with the other side's name."""
    rows = store.db.query(
        "select r.id, r.label, r.strength, r.note, r.created_at, p.id as other, "
        "p.name as other_name, p.is_me as other_is_me from relations r join persons p on "
        "p.id = case when r.a_person_id = :p then r.b_person_id else r.a_person_id end "
        "where r.a_person_id = :p or r.b_person_id = :p order by r.created_at desc, r.id",
        {"p": person_id},
    )
    return [dict(row) for row in rows]


def person_context(store: Store, person_id: int) -> dict[str, Any]:
    """Everything the person page shows (raises NotFound for an unknown id)."""
    details = person_details(store, person_id)
    whole = person_360(store, person_id)
    me = store.me()
    is_me = bool(details["person"]["is_me"])
    shared: dict[str, Any] = {"people": [], "total": 0}
    if me is not None and not is_me:
        shared = shared_connections(store, person_id)
    paths: dict[str, Any] = {"paths": []}
    if not is_me:
        paths = paths_answer(store, snapshot_for(store), person_id, k=PATHS)
    return {
        **details,
        "facts": whole["facts"],
        "conflicts": whole["conflicts"],
        "history": whole["merge_history"],
        "relations": _relations(store, person_id),
        "shared": shared["people"][:SHARED_SHOWN],
        "shared_total": shared["total"],
        "has_me": me is not None,
        "paths": paths["paths"],
        "suggestions": review_queue(store, person_id=person_id, limit=10),
        "error": None,
    }


def _page(request: web.Request, person_id: int, *, error: str | None = None) -> web.Response:
    try:
        context = person_context(request.app[STORE], person_id)
    except NotFound:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    context["error"] = error
    return render(request, "person.html", context, status=400 if error else 200)


@routes.get(r"/people/{person_id:\d{1,18}}")
async def person_page(request: web.Request) -> web.StreamResponse:
    return _page(request, path_id(request, "person_id"))


def _strength(raw: str) -> float | None:
    """The optional strength field: empty, or a number from 0 to 1 (a decimal comma is fine)."""
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise ValueError("strength") from None
    if not 0 <= value <= 1:
        raise ValueError("strength")
    return value


@routes.post(r"/people/{person_id:\d{1,18}}/relate")
async def relate(request: web.Request) -> web.StreamResponse:
    """ "I know this person offline as …": a relation between me and this person."""
    person_id = path_id(request, "person_id")
    store = request.app[STORE]
    form = await form_fields(request)
    label = text_field(form, "label", limit=MAX_LABEL)
    try:
        strength = _strength(text_field(form, "strength", limit=20))
    except ValueError:
        return _page(request, person_id, error="error_strength")
    me = store.me()
    if me is None:
        return _page(request, person_id, error="error_no_me")
    if not label:
        return _page(request, person_id, error="error_label")
    try:
        store.relate(int(me["id"]), person_id, label, strength=strength)
    except NotFound:
        raise web.HTTPNotFound() from None
    except StoreError:
        return _page(request, person_id, error="error_relate")
    raise back_to(f"/people/{person_id}#relations")


@routes.post(r"/people/{person_id:\d{1,18}}/note")
async def edit_note(request: web.Request) -> web.StreamResponse:
    """Replace the person's note (empty removes it)."""
    person_id = path_id(request, "person_id")
    store = request.app[STORE]
    note = text_field(await form_fields(request), "note")
    try:
        store.person(person_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    with store.write():
        store.db.table("persons").update(person_id, {"note": note or None})
    raise back_to(f"/people/{person_id}#note")


@routes.post(r"/people/{person_id:\d{1,18}}/split")
async def split_person(request: web.Request) -> web.StreamResponse:
    """Move the chosen accounts to a person of their own (identity.decisions.split)."""
    person_id = path_id(request, "person_id")
    store = request.app[STORE]
    moved = await form_ids(request, "account")
    try:
        store.person(person_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    own = {int(a["id"]) for a in store.person_accounts(person_id)}
    if not moved or not set(moved) <= own or set(moved) == own:
        return _page(request, person_id, error="error_split")
    try:
        split(store, person_id, moved)
    except StoreError:
        return _page(request, person_id, error="error_split")
    raise back_to(f"/people/{person_id}#history")
