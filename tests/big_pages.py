"""Big list pages made from a real one: its cards repeated under new addresses.

A user who scrolls a long contact list sends a page of thousands of cards; the real saved
pages hold ten. :func:`connections_page` builds such a page from the real LinkedIn
connections list, changing only the profile addresses and member ids, so every card is a new person.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import lxml.html

MEMBER_URN = re.compile(r"AC[ow]AA[A-Za-z0-9_-]{20,50}")


def connections_page(real_list: Path, cards: int) -> str:
    """The real connections list with ``cards`` cards (each with its own profile address).

    Each card of the real page is a ``connections-list`` block followed by a divider; the
    pairs are repeated in turn, in place of the real ones."""
    root = lxml.html.fromstring(real_list.read_text(encoding="utf-8"))
    blocks = root.xpath('//*[@data-view-name="connections-list"]')
    parent = blocks[0].getparent()
    units = [[part for part in (block, block.getnext()) if part is not None] for block in blocks]
    for unit in units:
        for part in unit:
            parent.remove(part)
    for n in range(cards):
        for part in units[n % len(units)]:
            copied = copy.deepcopy(part)
            for link in copied.iter("a"):
                href = link.get("href") or ""
                if "/in/" in href:
                    href = f"{href.rstrip('/')}-{n}/"
                link.set("href", MEMBER_URN.sub(rf"\g<0>x{n}", href))
            parent.append(copied)
    return str(lxml.html.tostring(root, encoding="unicode"))
