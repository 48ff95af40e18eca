"""Site parsers: one module per site, each with ``normalise``, ``detect`` and ``parse``.

The registry below is the only place that knows the list. Site-specific parsers are tried
first; the generic parser (JSON-LD, OpenGraph, hCard, rel="me") is the fallback for any
other page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from metanet.model import AccountRef, ParseResult
from metanet.sites import facebook, generic, github, instagram, linkedin, mastodon, x, xing
from metanet.sites.base import SiteParser

SITE_PARSERS: tuple[SiteParser, ...] = (
    linkedin,
    xing,
    facebook,
    instagram,
    x,
    github,
    mastodon,  # last: it claims /@user paths on any host
)
FALLBACK: SiteParser = generic


def normalise(url: str) -> AccountRef | None:
    """The one account key for a profile URL, whatever form of the URL was given."""
    for parser in SITE_PARSERS:
        ref = parser.normalise(url)
        if ref is not None:
            return ref
    return FALLBACK.normalise(url)


def parser_for(url: str, html: str) -> tuple[SiteParser, str] | None:
    """The parser that claims the page, with the page kind it detected."""
    for parser in (*SITE_PARSERS, FALLBACK):
        kind = parser.detect(url, html)
        if kind is not None:
            return parser, kind
    return None


def kind_of_address(url: str) -> str | None:
    """The page kind the address alone tells (a profile, a contact list, a search), or None.

    The popup asks before it reads a page: a profile it knows is answered at once, a list
    is offered as "Add these N contacts" once the page was read."""
    found = parser_for(url, "")
    return found[1] if found else None


def parse_page(url: str, html: str) -> ParseResult | None:
    """Parse a captured page; None when no parser understands it ("unsupported")."""
    found = parser_for(url, html)
    if found is None:
        return None
    parser, _kind = found
    return parser.parse(url, html)


def site_of(url: str) -> str:
    """A short site name for the capture log (``linkedin``, or the host name)."""
    for parser in SITE_PARSERS:
        # Whole host labels: a substring test would call every host with an "x" in it X.
        labels = (urlsplit(url).hostname or "").split(".")
        if parser.normalise(url) is not None or parser.NAME in labels:
            return parser.NAME
    return (urlsplit(url).hostname or "unknown").removeprefix("www.")
