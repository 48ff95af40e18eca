"""The page in the tab: ``capture`` it, ``preview`` what it says without storing it, or
``lookup`` what is known about it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from metanet.actions.args import Request, text_arg
from metanet.actions.context import HostContext
from metanet.protocol import BadRequest

if TYPE_CHECKING:
    from metanet.services.pages import LookedUp, Preview


def capture(ctx: HostContext, request: Request) -> dict[str, Any]:
    from metanet.services import pages

    keep_raw = request.get("keep_raw", True)
    if not isinstance(keep_raw, bool):
        raise BadRequest("'keep_raw' must be true or false")
    title = request.get("title") if isinstance(request.get("title"), str) else None
    url, html = request.get("url"), request.get("html")
    return pages.capture(ctx.store, url, html, title, keep_raw=keep_raw).as_dict()


def lookup(ctx: HostContext, request: Request) -> LookedUp:
    from metanet.services import pages

    return pages.lookup(ctx.store, text_arg(request, "url"))


def preview(ctx: HostContext, request: Request) -> Preview:
    """Read the page in the tab as a capture would, storing nothing."""
    from metanet.services import pages

    return pages.preview(ctx.store, request.get("url"), request.get("html"))
