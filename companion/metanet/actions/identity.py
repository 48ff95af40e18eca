"""The popup's "Same person as …?": ``suggestions`` and ``same_person``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from metanet.actions.args import Request, int_arg, text_arg
from metanet.actions.context import HostContext

if TYPE_CHECKING:
    from metanet.services.identity import PageSuggestions, SamePerson


def suggestions_action(ctx: HostContext, request: Request) -> PageSuggestions:
    """Open suggestions about the profile in the tab."""
    from metanet.services import identity

    limit = int_arg(request, "limit", 5, 1, 50)
    return identity.for_page(ctx.store, text_arg(request, "url"), limit=limit)


def same_person_action(ctx: HostContext, request: Request) -> SamePerson:
    """The user's answer in the popup: the profile in the tab is (not) ``other_person_id``."""
    from metanet.services import identity

    decision = request.get("decision")
    return identity.same_person(
        ctx.store,
        text_arg(request, "url"),
        int_arg(request, "other_person_id", 0, 1, 2**62),
        decision if isinstance(decision, str) else "",
    )
