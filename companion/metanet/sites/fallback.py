"""A known site's profile in a layout its parser does not know: read what any page says.

Sites change their markup; a page the user captured still names its person in the
metadata every page publishes for machines and browsers: a JSON-LD ``Person``,
OpenGraph tags, the ``<title>``. When a site parser finds none of the structures it
knows, it hands the page here: the owner is kept with whatever these say, the result is
marked :attr:`~metanet.model.Reading.UNKNOWN_LAYOUT` ("partly read"), and the capture is
stored. Only a page without any name is a parser failure.
"""

from __future__ import annotations

import re

from metanet.model import AccountRef, ParseResult, Reading
from metanet.sites import tree
from metanet.sites.base import ParserError, result
from metanet.sites.embedded import Facts, opengraph_facts, owner_person, person_facts
from metanet.sites.page import json_ld_blocks, top_nodes
from metanet.sites.text import clean

# "(3) Anna Schmidt | Facebook", "rob cheung (@perceptnet) / X", "tiff (@x) • Instagram…"
_COUNTER = re.compile(r"^\(\s*[\d+]+\s*\)\s*")
_SEPARATORS = re.compile(r"\s+(?:\||/|•|·|-|–|—)\s+")
_HANDLE = re.compile(r"\s*\(@[^()]*\)\s*$")
# What a login wall, an error page or a bare site title calls itself: never a person.
_NOT_NAMES = re.compile(
    r"^(?:log\s*in|login|sign\s*in|sign\s*up|anmelden|einloggen|registrieren|error|"
    r"page not found|not found|profile not found|seite nicht gefunden|"
    r"linkedin|facebook|instagram|x|twitter|github|xing|mastodon)\b",
    re.IGNORECASE,
)


def title_name(title: str | None) -> str | None:
    """The person a ``<title>`` names: before the site's part, without counters or handles."""
    text = clean(title)
    if not text:
        return None
    text = _COUNTER.sub("", text)
    name = _HANDLE.sub("", _SEPARATORS.split(text, maxsplit=1)[0]).strip()
    return None if not name or _NOT_NAMES.match(name) else clean(name)


def page_facts(root: tree.Element, html: str, base: str) -> Facts:
    """What the page's metadata says about its person (JSON-LD, OpenGraph, the title)."""
    facts = Facts()
    person = owner_person(top_nodes(json_ld_blocks(html)), [base])
    if person is not None:
        facts.fill(person_facts(person, base))
    facts.fill(opengraph_facts(tree.meta_values(root), base))
    if facts.name is None:
        facts.name = title_name(tree.title(root))
    return facts


def partly_read(
    parser: str,
    version: int,
    kind: str,
    owner: AccountRef,
    profile_url: str,
    root: tree.Element,
    html: str,
    base: str,
) -> ParseResult:
    """The owner from the page's metadata, marked as partly read; a ParserError when the
    page names nobody (a login wall, an error page)."""
    facts = page_facts(root, html, base)
    if facts.name is None:
        raise ParserError(f"{parser}: a {kind} page in an unknown layout, without a name")
    facts.same_as = [url for url in facts.same_as if url != profile_url]
    record = facts.record(owner.network, owner.key, profile_url)
    return result(parser, version, kind, record, partly_read=Reading.UNKNOWN_LAYOUT)
