"""The user and their offline relations: ``me``, ``me_add``, ``relate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from metanet.actions.args import Request, number_arg, optional_text, text_arg
from metanet.actions.context import HostContext

if TYPE_CHECKING:
    from metanet.services.me import Me, MeAdded
    from metanet.services.relations import RelatedProfile


def me(ctx: HostContext, request: Request) -> Me:
    """The user's own person with their declared accounts (``null`` before any is declared)."""
    from metanet.services import me as service

    return service.me(ctx.store)


def me_add(ctx: HostContext, request: Request) -> MeAdded:
    """Declare a profile URL as the user's own account (``metanet me add URL``)."""
    from metanet.services import me as service

    return service.me_add(ctx.store, text_arg(request, "url"), name=optional_text(request, "name"))


def relate_action(ctx: HostContext, request: Request) -> RelatedProfile:
    """The popup's "I know this person offline as …": relate *me* to the profile's person."""
    from metanet.services.relations import relate_profile

    return relate_profile(
        ctx.store,
        text_arg(request, "url"),
        text_arg(request, "label"),
        name=optional_text(request, "name"),
        strength=number_arg(request, "strength"),
    )
