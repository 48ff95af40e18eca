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
    """Store the page; its people's search words are indexed right after the reply."""
    from metanet.services import changes, pages

    keep_raw = request.get("keep_raw", True)
    if not isinstance(keep_raw, bool):
        raise BadRequest("'keep_raw' must be true or false")
    title = request.get("title") if isinstance(request.get("title"), str) else None
    url, html = request.get("url"), request.get("html")
    captured = pages.capture(ctx.store, url, html, title, keep_raw=keep_raw, words_later=True)
    ctx.after_reply(changes.index_words)
    return captured.as_dict()


def lookup(ctx: HostContext, request: Request) -> LookedUp:
    from metanet.services import pages

    return pages.lookup(ctx.store, text_arg(request, "url"))


def preview(ctx: HostContext, request: Request) -> Preview:
    """Read the page in the tab as a capture would, storing nothing."""
    from metanet.services import pages

    return pages.preview(ctx.store, request.get("url"), request.get("html"))
