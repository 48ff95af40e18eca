"""The dashboard (``/``): reach, the overlap between networks, and what is new."""

from __future__ import annotations

from aiohttp import web

from metanet.services.answers import reach
from metanet.web.keys import STORE
from metanet.web.overview import dashboard
from metanet.web.render import render

routes = web.RouteTableDef()


@routes.get("/")
async def dashboard_page(request: web.Request) -> web.StreamResponse:
    return render(request, "dashboard.html", dashboard(request.app[STORE]), keep=True)


@routes.get("/api/dashboard")
async def dashboard_json(request: web.Request) -> web.StreamResponse:
    return web.json_response(dashboard(request.app[STORE]))


@routes.get("/api/reach")
async def reach_json(request: web.Request) -> web.StreamResponse:
    """The same answer as ``metanet reach --json`` and the host's ``reach`` action."""
    return web.json_response(reach(request.app[STORE]))
