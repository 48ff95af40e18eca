"""The capture log: every page received, with its outcome and the parser that read it."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from metanet.store import Store
from metanet.web.keys import STORE
from metanet.web.render import render

routes = web.RouteTableDef()
LIMIT = 200


def _captures(store: Store) -> dict[str, Any]:
    return {"captures": store.list_captures(limit=LIMIT), "limit": LIMIT}


@routes.get("/captures")
async def captures_page(request: web.Request) -> web.StreamResponse:
    return render(request, "captures.html", _captures(request.app[STORE]))


@routes.get("/api/captures")
async def captures_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(_captures(request.app[STORE]))
