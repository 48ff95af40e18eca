"""Typed keys for what the app shares between middlewares and views (aiohttp ``AppKey``)."""

from __future__ import annotations

from aiohttp import web

from metanet.store import Store
from metanet.web.kept_pages import KeptPages
from metanet.web.sessions import Sessions, cookie_name
from metanet.web.tokens import LoginTokens

STORE = web.AppKey("store", Store)
PORT = web.AppKey("port", int)
TOKENS = web.AppKey("tokens", LoginTokens)
SESSIONS = web.AppKey("sessions", Sessions)
KEPT_PAGES = web.AppKey("kept_pages", KeptPages)


def session_id(request: web.Request) -> str | None:
    """The request's session id if its cookie names a live session, else None.

    Looked up rather than stored on the request: aiohttp before 3.14 has no typed request
    keys, and the lookup is one dictionary access.
    """
    candidate = request.cookies.get(cookie_name(request.app[PORT]))
    return candidate if request.app[SESSIONS].valid(candidate) else None
