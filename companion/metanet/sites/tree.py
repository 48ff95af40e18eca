"""A fast, read-only element tree for list pages, built by lxml without BeautifulSoup.

Contact lists are the big pages (a scrolled LinkedIn connections page of 500 cards is
about 1 MB). BeautifulSoup spends ~220 ms building its tree of such a page; lxml builds
its own in ~35 ms. List parsers therefore read the page through these few typed helpers
and XPath on stable hooks (``data-*`` attributes, ARIA, URL patterns); profile pages,
which are read once and use CSS selectors, stay on :mod:`metanet.sites.page`.

lxml ships no type information, so its elements are ``Any`` here and nowhere else.
"""

from __future__ import annotations

import functools
from typing import Any

import lxml.html  # type: ignore[import-untyped]

from metanet.sites.base import ParserError
from metanet.sites.page import bounded
from metanet.sites.text import clean, clean_url

Element = Any  # an lxml.html.HtmlElement
_INVISIBLE = frozenset({"script", "style", "template", "noscript"})


def load_tree(html: str, site: str) -> Element:
    """The page's root element; a page with no markup at all is a :class:`ParserError`.

    The page is cut to the same bound as the BeautifulSoup path (``page.bounded``);
    lxml's recovering parser closes whatever a cut or truncated page left open.
    """
    text = bounded(html)
    if not text.strip():
        raise ParserError(f"{site}: the page is empty")
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParserError(f"{site}: the page is not readable HTML ({exc})") from exc


def xpath(node: Element, query: str) -> list[Element]:
    """Elements (or attribute strings) matching ``query`` below ``node``."""
    found = _compiled(query)(node)
    return list(found) if isinstance(found, list) else []


@functools.lru_cache(maxsize=256)
def _compiled(query: str) -> Any:
    """A compiled XPath: list parsers ask the same few queries of every card."""
    return lxml.etree.XPath(query)


def has_class(name: str) -> str:
    """An XPath predicate body: the element's ``class`` list contains ``name`` exactly."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def first(node: Element, query: str) -> Element | None:
    """The first match of ``query``, or None."""
    found = xpath(node, query)
    return found[0] if found else None


def text(node: Element | None) -> str | None:
    """The cleaned visible text of an element (scripts, styles and comments skipped)."""
    if node is None:
        return None
    if isinstance(node, str):
        return clean(node)
    parts: list[str] = []
    _collect_text(node, parts)
    return clean(" ".join(parts))


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
        if element.text:
            parts.append(element.text)
        stack.extend((child, False) for child in reversed(element))


def first_text(node: Element, query: str) -> str | None:
    """The text of the first element matching ``query`` that has any."""
    for match in xpath(node, query)[:5]:
        value = text(match)
        if value:
            return value
    return None


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
