"""The merge review queue: suggested pairs with score and reason, confirm or reject; and
undo of any merge decision (the person page's history links here).

Suggestions are never acted on automatically: a wrong merge is worse than a missed one,
so each is shown with both sides' facts for the user to decide.
"""

from __future__ import annotations

from aiohttp import web

from metanet.errors import MetanetError, NotFound
from metanet.services.identity import CONFIRM, REJECT, queue, settle, undo_decision
from metanet.web.keys import STORE
from metanet.web.render import message, render
from metanet.web.views.forms import back_to, path_id

routes = web.RouteTableDef()
QUEUE = 50


@routes.get("/review")
async def review_page(request: web.Request) -> web.StreamResponse:
    return render(
        request, "review.html", {"queue": queue(request.app[STORE], limit=QUEUE), "limit": QUEUE}
    )


async def _decide(request: web.Request, verdict: str) -> web.StreamResponse:
    try:
        settle(request.app[STORE], path_id(request, "suggestion_id"), verdict)
    except NotFound:
        raise
    except MetanetError:  # already decided, or no longer applies
        return message(request, "review_done_title", "review_done_text", status=409, link=True)
    raise back_to("/review")


@routes.post(r"/review/{suggestion_id:\d{1,18}}/confirm")
async def confirm_suggestion(request: web.Request) -> web.StreamResponse:
    return await _decide(request, CONFIRM)


@routes.post(r"/review/{suggestion_id:\d{1,18}}/reject")
async def reject_suggestion(request: web.Request) -> web.StreamResponse:
    return await _decide(request, REJECT)


@routes.post(r"/decisions/{decision_id:\d{1,18}}/undo")
async def undo_decision_form(request: web.Request) -> web.StreamResponse:
    """Take a merge, rejection or split back; then show the person it concerned."""
    try:
        decision = undo_decision(request.app[STORE], path_id(request, "decision_id"))
    except NotFound:
        raise
    except MetanetError:
        return message(request, "undo_failed_title", "undo_failed_text", status=409, link=True)
    raise back_to(f"/people/{decision.person_id}#history")
