"""The capture log: every page received, with its outcome and the parser that read it;
parser health per site, and the log of imported files (services/captures.py)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.services.captures import HEALTH_WINDOW, capture_log, imports_log, parser_health
from metanet.store import Store
from metanet.web.keys import STORE
from metanet.web.render import render

routes = web.RouteTableDef()
LIMIT = 200


def _captures(store: Store) -> dict[str, Any]:
    return {
        "captures": capture_log(store, LIMIT),
        "limit": LIMIT,
        "health": parser_health(store),
        "health_window": HEALTH_WINDOW,
        "imports": imports_log(store),
    }


@routes.get("/captures")
async def captures_page(request: web.Request) -> web.StreamResponse:
    return render(request, "captures.html", _captures(request.app[STORE]))


@routes.get("/api/captures")
async def captures_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(_captures(request.app[STORE]))
