"""The kinds of failure a user can act on, shared by every layer.

Domain code raises a subclass of one of these (the store's ``NotFound``, identity's
``DecisionError``, a parser-independent ``CaptureInputError`` …); the fronts never translate
them one by one. The one error table (:mod:`metanet.services.errors`) maps each kind to the
native-messaging error code, the command line's message and exit status, and the summary
page's HTTP status. Anything that is not a :class:`MetanetError` is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class MetanetError(Exception):
    """A failure the user can act on; its message says what to do, in one line.

    ``details`` is data a front shows beside the message (every front: the host's error
    object, the CLI's ``--json``, the summary page's ``/api/``), never words.
    """

    @property
    def details(self) -> dict[str, Any]:
        return {}


class InvalidInput(MetanetError):
    """The request itself is wrong (a missing or malformed argument, a rule it breaks).

    ``field`` names the argument at fault, so a form can mark it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def one_line_name(name: str, *, limit: int, field: str, messages: Mapping[str, str]) -> str:
    """``name`` with its white space folded to single spaces, or ``InvalidInput`` on ``field``
    with the caller's own words: ``messages["empty"]`` where nothing is left,
    ``messages["too_long"]`` (``{limit}`` filled in) where it is longer than ``limit``."""
    text = " ".join(name.split())
    if not text:
        raise InvalidInput(messages["empty"], field=field)
    if len(text) > limit:
        raise InvalidInput(messages["too_long"].format(limit=limit), field=field)
    return text


class BadFile(InvalidInput):
    """A file to import cannot be read; nothing from it was stored."""


class NotFound(MetanetError):
    """The named person, account, page, decision or request does not exist."""


class Ambiguous(NotFound):
    """A name fits several people: ``details`` lists them (``candidates``: each person's
    id, name, company, role, city and networks, best fit first; ``total``: how many)."""

    def __init__(
        self, message: str, said: str, candidates: list[dict[str, Any]], total: int
    ) -> None:
        super().__init__(message)
        self.said = said
        self.candidates = candidates
        self.total = total

    @property
    def details(self) -> dict[str, Any]:
        return {"candidates": self.candidates, "total": self.total}


class Refused(MetanetError):
    """The request is well formed but cannot be done in the current state (already merged,
    already undone, already decided)."""


class Busy(MetanetError):
    """Another process held the database longer than we waited; nothing was written."""


class Unreadable(MetanetError):
    """A file Metanet keeps cannot be read: the database is damaged, or is not one."""


class Unavailable(MetanetError):
    """A part Metanet needs could not be started (the summary page's server)."""
