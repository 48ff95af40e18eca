"""A fast, read-only element tree for every page, built by lxml without BeautifulSoup.

Pages are big (a logged-in LinkedIn profile is 700 kB, a scrolled connections list 1 MB).
BeautifulSoup spends 5-15 times as long building its tree as lxml does, and its CSS
selectors are interpreted on every call; parsers therefore read pages through these few
typed helpers and XPath on stable hooks (``data-*`` attributes, ARIA, URL patterns),
each query compiled once per process.

lxml ships no type information, so its elements are ``Any`` here and nowhere else.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

import lxml.etree  # untyped: ignore_missing_imports in pyproject.toml

from metanet.sites.base import ParserError
from metanet.sites.page import MAX_JSON_LD_BLOCKS, bounded, decode_json, utf8
from metanet.sites.text import clean, clean_url

Element = Any  # an lxml.etree._Element
_LOCAL = threading.local()  # an lxml parser serves one thread at a time
_INVISIBLE = frozenset({"script", "style", "template", "noscript"})
_SPACE_BEFORE_COMMA = re.compile(r"\s+(?=[,;])")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)""")
# Attributes that hold a picture's address, lazy-loading ones first.
_IMAGE_ATTRIBUTES = ("data-delayed-url", "data-li-src", "data-src", "src")


def load_tree(html: str, site: str) -> Element:
    """The page's root element; a page with no markup at all is a :class:`ParserError`.

    The page is cut to ``page.bounded``; lxml's recovering parser closes whatever a cut
    or truncated page left open. It is handed UTF-8 bytes with the encoding named (the
    browser decoded the page already; a ``<meta charset>`` inside must not change that),
    and builds plain ``etree`` elements: both about halve the time of
    ``lxml.html.document_fromstring`` on a 700 kB page.
    """
    text = bounded(html)
    if not text.strip():
        raise ParserError(f"{site}: the page is empty")
    try:
        root = lxml.etree.fromstring(utf8(text), _parser())
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ParserError(f"{site}: the page is not readable HTML ({exc})") from exc
    if root is None:
        raise ParserError(f"{site}: the page has no elements")
    return root


def load_fragment(html: str) -> Element:
    """A piece of HTML (a template, a commented-out pagelet) as one element to query."""
    root = lxml.etree.fromstring(utf8(f"<div>{bounded(html)}</div>"), _parser())
    return root if root is not None else lxml.etree.Element("div")


def _parser() -> Any:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = lxml.etree.HTMLParser(encoding="utf-8")
    return parser


def string(node: Element) -> str:
    """All text below ``node``, as it is (a script's or a ``<code>`` block's body)."""
    return "".join(node.itertext())


def xpath(node: Element, query: str) -> list[Element]:
    """Elements (or attribute strings) matching ``query`` below ``node``."""
    found = _compiled(query)(node)
    return list(found) if isinstance(found, list) else []


@functools.lru_cache(maxsize=256)
def _compiled(query: str) -> Any:
    """A compiled XPath: list parsers ask the same few queries of every card."""
    return lxml.etree.XPath(query)


def has_class(name: str) -> str:
    """An XPath predicate body: the element's ``class`` list contains ``name`` exactly.

    The plain ``contains`` first is a cheap filter: libxml2 stops at it for almost every
    element, and only builds the padded string for the few that pass.
    """
    padded = 'concat(" ", normalize-space(@class), " ")'
    return f'contains(@class, "{name}") and contains({padded}, " {name} ")'


def first(node: Element, query: str) -> Element | None:
    """The first match of ``query``, or None."""
    found = xpath(node, query)
    return found[0] if found else None


def classes(*names: str) -> str:
    """An XPath predicate body: the element has every one of these classes."""
    return " and ".join(f"({has_class(name)})" for name in names)


def text(node: Element | None) -> str | None:
    """The cleaned visible text of an element (scripts, styles and comments skipped); an
    image's ``alt``, an abbreviation's ``title``."""
    if node is None:
        return None
    if isinstance(node, str):
        return clean(node)
    if node.tag == "img":
        return clean(node.get("alt"))
    if node.tag == "abbr" and node.get("title"):
        return clean(node.get("title"))
    if not len(node) and isinstance(node.tag, str) and node.tag not in _INVISIBLE:
        parts = [node.text] if node.text else []  # no children: no walk (most card fields)
    else:
        parts = []
        _collect_text(node, parts)
    # Parts are joined by a space (elements may be blocks); one before a comma is an
    # artefact of that ("<span>M.S.</span>, Biology").
    return clean(_SPACE_BEFORE_COMMA.sub("", " ".join(parts)))


def _collect_text(node: Element, parts: list[str]) -> None:
    # A walk without recursion: page-controlled nesting depth must not reach Python's
    # recursion limit. Each element gives its text, its children, then its tail.
    stack: list[tuple[Element, bool]] = [(node, False)]
    while stack:
        element, done = stack.pop()
        if done:
            if element is not node and element.tail:
                parts.append(element.tail)
            continue
        stack.append((element, True))
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
            continue  # comments, processing instructions, scripts: only their tail counts
        if element.tag == "img" and element is not node:
            # Sites draw emoji in names as pictures ("ben g<img alt="🥦">"): an emoji's
            # alt is part of the text; a photo's ("Ken Aizawa's profile picture") is not.
            alt = element.get("alt") or ""
            if 0 < len(alt) <= 4 and not any(ch.isalnum() or ch.isspace() for ch in alt):
                if parts:  # drawn inline: no space is added before it
                    parts[-1] += alt
                else:
                    parts.append(alt)
            continue
        if element.text:
            parts.append(element.text)
        stack.extend((child, False) for child in reversed(element))


def first_text(node: Element, query: str) -> str | None:
    """The text of the first element matching ``query`` that has any."""
    return first_text_of(xpath(node, query))


def first_text_of(found: list[Element]) -> str | None:
    """The text of the first of these elements that has any (the first five are read)."""
    for match in found[:5]:
        value = text(match)
        if value:
            return value
    return None


def descendants(node: Element, tag: str) -> list[Element]:
    """The elements named ``tag`` below ``node``, in document order: ``.//tag`` without
    an XPath call (a list parser reads a few per card, 500 cards a page)."""
    return list(node.iterdescendants(tag))


def with_parent(root: Element, tag: str, attribute: str, value: str) -> list[Element]:
    """The ``tag`` elements whose parent has ``attribute`` = ``value``, in document order:
    ``//*[@attribute="value"]/tag``, read in one pass (libxml2's ``//*`` with a
    predicate took about twice as long on a 1 MB page)."""
    return [
        element
        for element in root.iter(tag)
        if (parent := element.getparent()) is not None and parent.get(attribute) == value
    ]


def attr(node: Element | None, name: str) -> str | None:
    """An attribute's raw value, or None."""
    if node is None or isinstance(node, str):
        return None
    value = node.get(name)
    return value if isinstance(value, str) else None


def href(node: Element | None, base: str) -> str | None:
    """A link's absolute http(s) URL, or None."""
    return clean_url(attr(node, "href"), base)


def title(root: Element) -> str | None:
    """The document's ``<title>``."""
    return first_text(root, "//head/title | //title")


def canonical(root: Element, base: str) -> str | None:
    """The ``<link rel="canonical">`` URL."""
    return href(first(root, '//link[@rel="canonical"]'), base)


def meta(root: Element, name: str) -> str | None:
    """The content of the first ``<meta property|name=…>``."""
    node = first(root, f'//meta[@property="{name}" or @name="{name}"]')
    return clean(attr(node, "content"))


def meta_values(root: Element) -> dict[str, str]:
    """``<meta>`` contents by lowercased ``property`` or ``name`` (first one wins).

    Both attributes are read: LinkedIn, for one, writes ``name="og:description"``.
    """
    values: dict[str, str] = {}
    for node in xpath(root, "//meta[@content][@property or @name]")[:500]:
        key = node.get("property") or node.get("name") or ""
        values.setdefault(key.strip().lower(), node.get("content") or "")
    return values


def link_href(root: Element, rel: str, base: str) -> str | None:
    """The absolute URL of the first ``<link rel=…>`` with that relation."""
    for node in xpath(root, "//link[@rel][@href]")[:200]:
        if rel in (node.get("rel") or "").lower().split():
            return href(node, base)
    return None


def image_url(node: Element | None, base: str) -> str | None:
    """A picture's URL from an ``img`` (lazy-loading attributes first) or a CSS background."""
    if node is None or isinstance(node, str):
        return None
    for name in _IMAGE_ATTRIBUTES:
        url = clean_url(node.get(name), base)
        if url:
            return url
    match = _CSS_URL.search(node.get("style") or "")
    return clean_url(match.group(1), base) if match else None


def json_ld(root: Element) -> list[object]:
    """The decoded ``application/ld+json`` blocks of a parsed page (see
    :func:`metanet.sites.page.json_ld_blocks` for the same from raw text)."""
    blocks: list[object] = []
    for script in xpath(root, '//script[contains(@type, "ld+json")]')[:MAX_JSON_LD_BLOCKS]:
        decoded = decode_json(script.text or "")
        if decoded is not None:
            blocks.append(decoded)
    return blocks


def inside(node: Element, query: str) -> bool:
    """Whether an ancestor of ``node`` matches the XPath predicate body ``query``."""
    return bool(xpath(node, f"ancestor::*[{query}][1]"))
