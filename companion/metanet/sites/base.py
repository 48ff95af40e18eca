"""What a site parser is: ``normalise``/``detect``/``parse`` over (url, html).

Parsers are pure functions of (url, html): no database, no network. They return a
:class:`metanet.model.ParseResult`; the capture stores it in one transaction.
"""

from __future__ import annotations

from typing import Protocol

from metanet.model import AccountRef, ParseResult


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
