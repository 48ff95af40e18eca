"""What the German-reader tests share: the visible text of a page, and what in a text is
English (read from the catalogs: every English piece whose German says something else)."""

from __future__ import annotations

import re
from functools import cache

from bs4 import BeautifulSoup

from metanet.i18n import catalog_path

PARAMETER = re.compile(r"%\(\w+\)s|\{\w+\}|%%")
ENGLISH_NUMBER = re.compile(r"\b[1-9]\d{0,2}(?:,\d{3})+\b|\b0\.\d+\b|\b\d+\.\d{1,2}\b(?!\.\d)")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}")
#: what the user or a site wrote stays as written: these pieces are data, not our words
USER_DATA = re.compile(r"Head of People")


def visible_text(html: str) -> str:
    """What a reader sees: text nodes, and the attributes a browser shows or reads out."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    shown = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        for attribute in ("placeholder", "aria-label", "title", "alt"):
            if tag.get(attribute):
                shown.append(str(tag[attribute]))
    # a URL is an address, not words: "…/profile/…" says nothing in English
    return re.sub(r"\s+", " ", re.sub(r"https?://\S+", " ", " ".join(shown)))


@cache
def english_fragments() -> list[str]:
    """Pieces of our English texts that German pages never say (their German differs)."""
    from babel.messages.pofile import read_po

    with catalog_path("de").open("rb") as po:
        german = read_po(po, locale="de")
    said_in_german = " ".join(
        s
        for m in german
        if m.id
        for s in ([m.string] if isinstance(m.string, str) else m.string or ())
    )
    fragments: set[str] = set()
    for message in german:
        if not message.id:
            continue
        for text in [message.id] if isinstance(message.id, str) else message.id:
            for piece in PARAMETER.split(text):
                piece = piece.strip(" .,:;()“”'!?—–-…#~/")
                if len(re.findall(r"[A-Za-z]{4,}", piece)) and piece not in said_in_german:
                    fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


def english_in(text: str, fragments: list[str]) -> list[str]:
    found = []
    for fragment in fragments:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text):
            context = text[max(0, hit.start() - 40) : hit.end() + 40]
            if not USER_DATA.search(context):
                found.append(f"{fragment!r} in …{context}…")
    return found


def english_problems(where: str, text: str) -> list[str]:
    """Every English word, number or date format in ``text`` (a German reader's view)."""
    fragments = english_fragments()
    text = re.sub(r"https?://\S+", " ", text)  # an address, not words
    return (
        [f"{where}: English {hit}" for hit in english_in(text, fragments)]
        + [f"{where}: English number {m}" for m in ENGLISH_NUMBER.findall(text)]
        + [f"{where}: ISO date {m}" for m in ISO_DATE.findall(text)]
        + [f"{where}: English date {m}" for m in ENGLISH_DATE.findall(text)]
    )
