"""Does a stored page name someone, as a reader (or a parser) reads it, not byte for byte?

A page names a person in ways a byte search misses: ``M&uuml;ller`` or ``&#84;homas``
(HTML entities), a link ``/in/thomas%2Dmueller%2Dconsulting/`` (percent-encoding), JSON in
the page (``M\\u00fcller``, ``https:\\/\\/…``), a name split across elements
(``<b>Thomas</b> Müller``), or the spelling without umlauts (``Mueller``). So a page is
read in two forms: its markup with every encoding undone (repeatedly: an entity inside a
percent-encoded link inside JSON), and that with every tag taken for a space (the text a
browser shows, near enough: the words of a name stay apart). Both are folded as names
are everywhere (:mod:`metanet.folding`: lower-case ASCII, ``ü`` = ``ue``), with runs of
white space made one space; the person's names, keys and profile links are folded the same
way and searched as whole words (``anna`` is not found in ``annabelle``).

Used by ``forget`` (``store/erase.py``): a page that names the forgotten person in any of
these forms is emptied.
"""

from __future__ import annotations

import html as entities
import re
from collections.abc import Iterable
from urllib.parse import unquote

from metanet.folding import fold

#: shorter needles (a two-letter name, an offline key) would match half of every page
MIN_NEEDLE = 3
#: rounds of decoding: an entity inside a percent-encoded link inside JSON needs three
DECODE_ROUNDS = 4
# written so that the scan looks for "\u" first (a leading group makes it 40 times slower)
_JSON_ESCAPES = re.compile(r"\\u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})*")
_TAG = re.compile(r"<[^<>]*>")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SPACE = re.compile(r"\s+")


def folded(text: str) -> str:
    """``text`` folded as names are (:func:`metanet.folding.fold`), white space collapsed.

    Folded run by run of non-ASCII letters, each run cached: a page of a few megabytes
    costs a few milliseconds, not a transliteration of every character.
    """
    ascii_text = _NON_ASCII.sub(lambda run: fold(run.group()), text)
    return _SPACE.sub(" ", fold.__wrapped__(ascii_text))


def _json_unescaped(run: re.Match[str]) -> str:
    """A run of ``\\uXXXX`` escapes as its characters (surrogate pairs joined)."""
    units = "".join(chr(int(code, 16)) for code in run.group()[2:].split("\\u"))
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _decoded_once(text: str) -> str:
    if "&" in text:
        text = entities.unescape(text)
    if "\\" in text:
        text = _JSON_ESCAPES.sub(_json_unescaped, text).replace("\\/", "/")
    if "%" in text or "+" in text:  # "+" is a space in a query
        text = unquote(text.replace("+", " "), errors="replace")
    return text


def decoded_markup(html: str) -> str:
    """The markup with entities, JSON escapes and percent-encoding undone until stable."""
    for _ in range(DECODE_ROUNDS):
        decoded = _decoded_once(html)
        if decoded == html:
            break
        html = decoded
    return html


class Mentions:
    """Whether a page or a line of text names one person (their names, keys, links)."""

    def __init__(self, names: Iterable[str], keys: Iterable[str], links: Iterable[str]) -> None:
        needles = {folded(decoded_markup(v)).strip() for v in (*keys, *links) if v}
        for name in names:
            words = folded(decoded_markup(name or "")).split()
            needles.add(" ".join(words))
            if len(words) > 1:  # as lists write it: "Müller Thomas", "Müller, Thomas"
                needles.add(" ".join(words[-1:] + words[:-1]))
                needles.add(f"{words[-1]}, {' '.join(words[:-1])}")
        self.needles = sorted(n for n in needles if len(n) >= MIN_NEEDLE)
        either = "|".join(re.escape(n) for n in sorted(self.needles, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![a-z0-9])(?:{either})(?![a-z0-9])") if either else None

    def in_text(self, text: str | None) -> bool:
        """Whether ``text`` (a title, a URL, any line) names them."""
        if not text or self._pattern is None:
            return False
        return self._pattern.search(folded(decoded_markup(text))) is not None

    def in_page(self, html: str) -> bool:
        """Whether the page names them: in its decoded markup, or in its text with every
        tag taken for a space (a name split across elements: ``<b>Thomas</b>Müller``)."""
        if self._pattern is None or not html:
            return False
        markup = folded(decoded_markup(html))
        if self._pattern.search(markup) is not None:
            return True
        return self._pattern.search(_SPACE.sub(" ", _TAG.sub(" ", markup))) is not None
