"""The merge review queue: suggested pairs with score and reason, confirm or reject; and
undo of any merge decision (the person page's history links here).

Suggestions are never acted on automatically: a wrong merge is worse than a missed one,
so each is shown with both sides' facts for the user to decide.
"""

from __future__ import annotations

from aiohttp import web

from metanet.identity.decisions import confirm, reject, undo
from metanet.identity.suggestions import review_queue, suggestion
from metanet.store import NotFound, StoreError
from metanet.web.keys import STORE
from metanet.web.render import message, render
from metanet.web.views.forms import back_to, path_id

routes = web.RouteTableDef()
QUEUE = 50


@routes.get("/review")
async def review_page(request: web.Request) -> web.StreamResponse:
    queue = review_queue(request.app[STORE], limit=QUEUE)
    return render(request, "review.html", {"queue": queue, "limit": QUEUE})


async def _decide(request: web.Request, *, same: bool) -> web.StreamResponse:
    store = request.app[STORE]
    try:
        row = suggestion(store, path_id(request, "suggestion_id"))
    except NotFound:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    if row["status"] != "open":
        return message(request, "review_done_title", "review_done_text", status=409, link=True)
    decide = confirm if same else reject
    try:
        decide(store, int(row["a_account_id"]), int(row["b_account_id"]))
    except StoreError:
        return message(request, "review_done_title", "review_done_text", status=409, link=True)
    raise back_to("/review")


@routes.post(r"/review/{suggestion_id:\d{1,18}}/confirm")
async def confirm_suggestion(request: web.Request) -> web.StreamResponse:
    return await _decide(request, same=True)


@routes.post(r"/review/{suggestion_id:\d{1,18}}/reject")
async def reject_suggestion(request: web.Request) -> web.StreamResponse:
    return await _decide(request, same=False)


@routes.post(r"/decisions/{decision_id:\d{1,18}}/undo")
async def undo_decision(request: web.Request) -> web.StreamResponse:
    """Take a merge, rejection or split back; then show the person it concerned."""
    store = request.app[STORE]
    try:
        decision = undo(store, path_id(request, "decision_id"))
    except NotFound:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    except StoreError:
        return message(request, "undo_failed_title", "undo_failed_text", status=409, link=True)
    raise back_to(f"/people/{decision.person_id}#history")
