"""Circles from the popup: ``circles`` — the circles to choose from (``op`` list, the
default) and "add to circle" for the profile in the tab (``op`` add)."""

from __future__ import annotations

from typing import Any

from metanet.actions.args import Request, int_arg, optional_text, text_arg
from metanet.actions.context import HostContext
from metanet.model import MAX_ID
from metanet.protocol import BadRequest


def circles_action(ctx: HostContext, request: Request) -> Any:
    from metanet.services import circles

    op = request.get("op", "list")
    if op == "list":
        return circles.choices(ctx.store)
    if op == "add":
        circle_id = int_arg(request, "circle_id", 0, 0, MAX_ID) or None
        new_circle = optional_text(request, "new_circle")
        return circles.add_profile(
            ctx.store,
            text_arg(request, "url"),
            circle_id=circle_id,
            new_circle=new_circle if new_circle and new_circle.strip() else None,
            kind=optional_text(request, "kind") or "other",
            name=optional_text(request, "name"),
        )
    raise BadRequest("'op' must be list or add")
