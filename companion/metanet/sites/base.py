"""What a site parser is: ``normalise``/``detect``/``parse`` over (url, html).

Parsers are pure functions of (url, html): no database, no network. They return a
:class:`metanet.model.ParseResult`; the capture stores it in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from metanet.model import (
    AccountRecord,
    AccountRef,
    GroupRecord,
    ParseResult,
    SharedConnections,
    TieRecord,
)


class ParserError(Exception):
    """The page looked like a known kind but its structure did not match the parser.

    Reported as a parser failure (capture log, ``metanet doctor``), never as zero people.
    """


class SiteParser(Protocol):
    """One module per site implements this (see ``sites/linkedin.py``)."""

    NAME: str
    VERSION: int

    def normalise(self, url: str) -> AccountRef | None:
        """The account a profile URL points at, or None if it is not one of this site's."""

    def detect(self, url: str, html: str) -> str | None:
        """A cheap guess of the page kind, or None when this parser does not apply."""

    def parse(self, url: str, html: str) -> ParseResult:
        """Extract accounts and ties; raise :class:`ParserError` on an unexpected layout."""


def result(
    parser: str,
    version: int,
    kind: str,
    owner: AccountRecord | None = None,
    accounts: Iterable[AccountRecord] = (),
    ties: Iterable[TieRecord] = (),
    *,
    site: str | None = None,
    shared: Iterable[SharedConnections] = (),
    groups: Iterable[GroupRecord] = (),
    partly_read: str | None = None,
) -> ParseResult:
    """The one builder of parse results: each account once, in page order, never the owner
    among the others; each tie once. ``site`` defaults to the parser's name."""
    unique: dict[AccountRef, AccountRecord] = {}
    for record in accounts:
        if (owner is None or record.ref != owner.ref) and record.ref not in unique:
            unique[record.ref] = record
    return ParseResult(
        site=site or parser,
        kind=kind,
        parser=parser,
        parser_version=version,
        owner=owner,
        accounts=list(unique.values()),
        ties=list(dict.fromkeys(ties)),
        shared=list(shared),
        groups=list(groups),
        partly_read=partly_read,
    )
