"""The native host's actions: one small function per action name, grouped by what they are about.

Each handler is a thin adapter: it reads the request's arguments (their JSON types; a wrong
one is a :class:`protocol.BadRequest`) and calls one service (:mod:`metanet.services`),
whose typed result is the reply. Whatever a service raises, the host looks up in the one
error table (:mod:`metanet.services.errors`). Modules are imported cheaply; each handler
imports its service when it runs, so ``ping`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from metanet.actions import answers, circles, identity, introductions, people
from metanet.actions.context import HostContext
from metanet.actions.core import PROTOCOL_VERSION, SummaryUnavailable, open_summary, ping
from metanet.actions.pages import capture, lookup, preview

#: a request in, a JSON-ready result out (a TypedDict of the service)
Handler = Callable[[HostContext, dict[str, Any]], Mapping[str, Any]]

ACTIONS: dict[str, Handler] = {
    "ping": ping,
    "capture": capture,
    "preview": preview,
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
    "circles": circles.circles_action,
    "introduce": introductions.introduce_action,
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
    "preview",
]
