"""The popup's "Introduce to …": ``introduce``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from metanet.actions.args import Request, optional_text, text_arg
from metanet.actions.context import HostContext

if TYPE_CHECKING:
    from metanet.answers.introductions import Introduction


def introduce_action(ctx: HostContext, request: Request) -> Introduction:
    """Offer an introduction of the person behind the profile in the tab to ``to`` (a
    partner or a person, by name, id or profile URL), as ``metanet introduce`` does."""
    from metanet.services.introductions import introduce_profile

    return introduce_profile(
        ctx.store,
        text_arg(request, "url"),
        text_arg(request, "to"),
        name=optional_text(request, "name"),
        note=optional_text(request, "note"),
    )
