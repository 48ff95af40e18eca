"""Logging in with a single-use token, logging out, and the launcher's health probe."""

from __future__ import annotations

import logging

from aiohttp import web

from metanet.web.keys import PORT, SESSIONS, TOKENS, session_id
from metanet.web.launcher import PROCESS_TOKEN
from metanet.web.render import message, render
from metanet.web.sessions import clear_session_cookie, cookie_name, set_session_cookie
from metanet.web.tokens import LOCAL_PAGE, TokenRejected

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

REFUSAL_TEXT = {
    "used": "login_refused_used",
    "expired": "login_refused_expired",
}


@routes.get("/login")
async def login(request: web.Request) -> web.StreamResponse:
    """``/login?token=…``: exchange a valid, unused token for a session cookie."""
    try:
        request.app[TOKENS].verify(request.query.get("token", ""))
    except TokenRejected as exc:
        log.info("login refused: token %s", exc.reason)
        text = REFUSAL_TEXT.get(exc.reason, "login_refused_invalid")
        return message(request, "login_refused_title", text, status=403)
    port = request.app[PORT]
    sessions = request.app[SESSIONS]
    sessions.drop(request.cookies.get(cookie_name(port)))
    new_session = sessions.create()
    response: web.StreamResponse
    target = request.query.get("next", "/")
    target = target if LOCAL_PAGE.fullmatch(target) else "/"
    if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
        # Opened from another site (e.g. a link in the extension's popup): browsers do not
        # send a SameSite=Strict cookie on a redirect that such a navigation follows, so
        # "/" would ask to log in again. A page of our own that moves on (meta refresh,
        # allowed by our CSP; a link as fallback) starts a same-origin navigation instead.
        response = render(request, "continue.html", {"logged_in": True, "target": target})
    else:
        response = web.Response(status=303, headers={"Location": target})
    set_session_cookie(response, port, new_session)
    log.info("login accepted")
    return response


@routes.post("/logout")
async def logout(request: web.Request) -> web.StreamResponse:
    request.app[SESSIONS].drop(session_id(request))
    response = message(request, "logged_out_title", "logged_out_text", status=200, logged_in=False)
    clear_session_cookie(response, request.app[PORT])
    return response


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.StreamResponse:
    """Lets ``ensure_running`` tell our server from anything else on the port: public, so it
    answers only the random token of the server file (web/launcher.py), no pid or version."""
    return web.json_response({"app": "metanet", "token": PROCESS_TOKEN})
