"""The native host's actions: one small function per action name, grouped by what they are about.

Each handler takes the :class:`HostContext` and the request object and returns a JSON-ready
result, or raises: :class:`protocol.BadRequest` for wrong arguments, :class:`NotFound`,
:class:`StoreBusy`, :class:`SummaryUnavailable`. The host turns those into error replies
(docs/PROTOCOL.md). Modules are imported cheaply; each handler imports what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from metanet.actions import answers, identity, people
from metanet.actions.context import HostContext
from metanet.actions.core import PROTOCOL_VERSION, SummaryUnavailable, open_summary, ping
from metanet.actions.pages import capture, lookup

Handler = Callable[[HostContext, dict[str, Any]], Any]

ACTIONS: dict[str, Handler] = {
    "ping": ping,
    "capture": capture,
    "lookup": lookup,
    "open_summary": open_summary,
    "relate": people.relate_action,
    "me": people.me,
    "me_add": people.me_add,
    "mutual": answers.mutual,
    "paths": answers.paths_action,
    "reach": answers.reach_action,
    "search": answers.search_action,
    "requests": answers.requests_action,
    "suggestions": identity.suggestions_action,
    "same_person": identity.same_person_action,
}

__all__ = [
    "ACTIONS",
    "PROTOCOL_VERSION",
    "Handler",
    "HostContext",
    "SummaryUnavailable",
    "capture",
    "lookup",
    "open_summary",
    "ping",
]
