"""Reading a captured page safely: the bound on what is read, and JSON-LD helpers.

Shared by the site parsers (the element tree is ``tree.py``). Everything here assumes
hostile input: sizes are capped before work is done, JSON that does not decode is
skipped, and nothing recurses on page-controlled depth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from metanet.sites.text import clean, clean_url

# The whole page is read, up to what a browser can send a native host at all (64 MiB):
# a contact list of 6,000 cards is about 28 MB and parses in about 2 s (bench/REPORT-popup.md),
# and a list cut here lost people without a word (issue 16, item 14). Only a page handed
# over otherwise (``metanet capture FILE``) can be longer: it is cut, lxml closes whatever
# the cut left open, and the capture says so (``model.Reading.PAGE_CUT``).
MAX_PAGE_CHARS = 64 * 1024 * 1024
# No network shows more people on one list page: LinkedIn caps connections at 30,000,
# Facebook friends at 5,000. The bound only keeps a hostile page from costing without end.
MAX_LIST = 30_000
MAX_JSON_LD_BLOCKS = 20
MAX_JSON_LD_CHARS = 1_000_000
MAX_NODES = 200

_SCRIPT_OR_COMMENT = re.compile(r"<!--|<script\b", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_LD_TYPE = re.compile(r"""type\s*=\s*["']?\s*application/ld\+json""", re.IGNORECASE)


def bounded(html: str) -> str:
    """The part of a page that is looked at. It may hold lone surrogates (a browser can
    send them); :func:`utf8` and :func:`metanet.sites.text.clean` deal with them."""
    return html[:MAX_PAGE_CHARS]


def utf8(text: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate becomes "?" instead of an error."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def json_ld_blocks(html: str) -> list[object]:
    """The decoded ``application/ld+json`` blocks; a block that does not decode is skipped.

    Read from the raw page (a script body is plain text up to ``</script``), so that a
    parser's cheap ``detect`` and its ``parse`` see the same data. One forward scan that
    skips comments as the HTML tokenizer does; every search starts where the previous
    comment or script ended, so no input (not even "<script <script ...") makes it
    quadratic.
    """
    page = bounded(html)
    blocks: list[object] = []
    position = 0
    while len(blocks) < MAX_JSON_LD_BLOCKS:
        opening = _SCRIPT_OR_COMMENT.search(page, position)
        if opening is None:
            break
        if opening.group(0) == "<!--":  # a commented-out script is no script
            close = page.find("-->", opening.end())
            if close < 0:
                break
            position = close + 3
            continue
        tag_end = page.find(">", opening.end())
        end = _SCRIPT_END.search(page, tag_end + 1) if tag_end >= 0 else None
        if end is None:
            break
        position = end.end()
        if _LD_TYPE.search(page, opening.end(), tag_end):
            decoded = decode_json(page[tag_end + 1 : end.start()])
            if decoded is not None:
                blocks.append(decoded)
    return blocks


def decode_json(body: str) -> object | None:
    """JSON from a script body, tolerating HTML comment and CDATA wrappers."""
    if len(body) > MAX_JSON_LD_CHARS:
        return None
    text = body.strip()
    for prefix, suffix in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if text.startswith(prefix) and text.endswith(suffix):
            text = text[len(prefix) : -len(suffix)]
    try:
        decoded: object = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None
    return decoded


def top_nodes(blocks: list[object]) -> list[dict[str, object]]:
    """The typed top-level JSON-LD nodes: block roots, list items and ``@graph`` members."""
    nodes: list[dict[str, object]] = []
    for node in _walk_top(blocks):
        if len(nodes) >= MAX_NODES:
            break
        nodes.append(node)
    return nodes


def _walk_top(blocks: list[object]) -> Iterator[dict[str, object]]:
    # Explicit stack with a depth bound: lists nested in lists and @graph in @graph are
    # legal but shallow in practice; deeper ones are ignored, never recursed into.
    stack: list[tuple[object, int]] = [(block, 0) for block in reversed(blocks)]
    budget = MAX_NODES * 10
    while stack and budget > 0:
        budget -= 1
        item, depth = stack.pop()
        if depth > 3:
            continue
        if isinstance(item, list):
            stack.extend((child, depth + 1) for child in reversed(item[:MAX_NODES]))
        elif isinstance(item, dict):
            if "@type" in item:
                yield item
            graph = item.get("@graph")
            if isinstance(graph, list | dict):
                stack.append((graph, depth + 1))


def types(node: object) -> set[str]:
    """A node's ``@type`` names without vocabulary prefixes (``schema:Person`` -> Person)."""
    if not isinstance(node, dict):
        return set()
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {
        name.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names[:10] if isinstance(name, str)
    }


def ld_text(value: object, depth: int = 0) -> str | None:
    """Text from a JSON-LD value that may be a string, number, list or ``@value`` object."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return clean(str(value))
    if depth >= 3:
        return None
    if isinstance(value, list):
        for item in value[:10]:
            text = ld_text(item, depth + 1)
            if text:
                return text
    if isinstance(value, dict):
        return ld_text(value.get("@value"), depth + 1) or ld_text(value.get("name"), depth + 1)
    return None


def ld_urls(value: object, base: str, depth: int = 0) -> list[str]:
    """Absolute URLs from a JSON-LD value: a string, a list, or an object with an id/url."""
    if isinstance(value, str):
        url = clean_url(value, base)
        return [url] if url else []
    if depth >= 3:
        return []
    if isinstance(value, list):
        return [url for item in value[:50] for url in ld_urls(item, base, depth + 1)]
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id"):
            found = ld_urls(value.get(key), base, depth + 1)
            if found:
                return found
    return []
