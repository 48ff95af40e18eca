"""Person names reduced to comparable parts, for German and international spellings.

Two spellings of one name must reduce to the same parts: "Dr. Jürgen Müller",
"Juergen Mueller", "MÜLLER, Jürgen" and "Jurgen Muller" (umlauts typed as plain vowels, as
some sites do); "Mehmet Yılmaz" and "Mehmet Yilmaz"; "Дмитрий Иванов" and "Dmitrij Iwanow".
The letters are folded by :mod:`metanet.folding` (the one folding of the whole package):
the *strict* form (:func:`fold`) keeps the ``ae/oe/ue`` transliteration; the *loose* form
(:func:`loose`) also folds those back to single vowels and transliteration variants
together, for blocking and "same name, other spelling": it finds more candidates and
scoring then tells how close they really are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from metanet.folding import fold, loose
from metanet.identity import nicknames

__all__ = ["PARTICLES", "TITLES", "Name", "first_forms", "fold", "last_key", "loose",
           "parse_name"]  # fmt: skip

# Academic titles, honorifics and suffixes that are not part of whom a name identifies.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words(
    """dr drs prof professor dipl diplom ing dipling dipl-ing dipl-kfm dipl-inf dipl-psych
    dipl-oec dipl-math dipl-phys dipl-volksw kfm mag mba msc bsc ba ma llm phd med rer nat
    pol phil jur oec habil hc h.c mult herr frau hr fr mr mrs ms miss sir jr sr ii iii
    mdb mdl b.sc m.sc m.a b.a ll.m dr.-ing dr-ing"""
)
# Name particles kept as part of the last name ("van der Berg", "von Weizsäcker").
PARTICLES = _words("von van der den de del della di du da dos le la zu vom zum ten ter")

_NON_LETTERS = re.compile(r"[^a-z\- ]+")


class Name(NamedTuple):
    """A parsed name: lower-case ASCII tokens, titles removed, "Last, First" reordered.

    A named tuple rather than a frozen dataclass: names key the caches of blocking and
    scoring, and a tuple is hashed in C where a dataclass is hashed by a Python method (a
    full resolution hashes names millions of times)."""

    first: str  # "" when only a last name is known
    middle: tuple[str, ...]
    last: str

    @property
    def initial(self) -> str:
        return self.first[:1]

    @property
    def first_is_initial(self) -> bool:
        return len(self.first) == 1

    @property
    def first_forms(self) -> frozenset[str]:
        """The first name and every formal name it may be short for (nicknames)."""
        return first_forms(self.first)

    def initials_match(self, other: Name) -> bool:
        """ "J." fits Josef and his nickname Sepp alike, "G." Małgorzata, who goes by Gosia:
        initials of every form and short form of the first name."""
        return bool(initials(self.first) & initials(other.first))

    def display(self) -> str:
        return " ".join(part for part in (self.first, *self.middle, self.last) if part)


@lru_cache(maxsize=4096)
def first_forms(first: str) -> frozenset[str]:
    """The first name and the formal names it may stand for (:mod:`.nicknames`)."""
    return frozenset((first, *nicknames.forms(first)))


@lru_cache(maxsize=4096)
def initials(first: str) -> frozenset[str]:
    forms = first_forms(first) | nicknames.short_forms(first)
    return frozenset(form[:1] for form in forms if form)


_INITIAL = re.compile(r"\b([^\W\d_])\.")


def _initial(match: re.Match[str]) -> str:
    return fold(match.group(1))[:1] + "."


def _tokens(text: str) -> list[str]:
    # an initial stays one letter: "Ö." is O (not "oe"), Greek Chi with a dot C (not "ch")
    text = _INITIAL.sub(_initial, text)
    cleaned = _NON_LETTERS.sub(" ", fold(text).replace(".", ". "))
    words = []
    for raw in cleaned.split():
        word = raw.strip("-")
        if not word or word in TITLES or word.replace("-", "") in TITLES:
            continue
        words.append(word)
    return words


@lru_cache(maxsize=200_000)
def parse_name(text: str | None) -> Name | None:
    """Parse a display name; None when nothing name-like is left ("Dr.", "", None)."""
    if not text:
        return None
    text = re.sub(r"\(.*?\)", " ", text)  # "Max (Maxi) Muster", "Anna Schmidt (geb. Meier)"
    if "," in text:
        last_part, _, first_part = text.partition(",")
        last_words, first_words = _tokens(last_part), _tokens(first_part)
        if last_words and first_words:  # "Müller, Jürgen"; "Müller, Dr." keeps order
            text = " ".join(first_words + last_words)
            words = first_words + last_words
        else:
            words = _tokens(text.replace(",", " "))
    else:
        words = _tokens(text)
    if not words:
        return None
    if len(words) == 1:
        return Name("", (), words[0])
    # Particles before the last word belong to the last name: "Ursula von der Leyen".
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in PARTICLES:
        cut -= 1
    last = " ".join(words[cut:])
    return Name(words[0], tuple(words[1:cut]), last)


@lru_cache(maxsize=300_000)
def last_key(name: Name) -> str:
    """The loose form of a last name without particles: "von der Leyen" → "leyen"."""
    core = [w for w in name.last.split() if w not in PARTICLES] or name.last.split()
    return loose("".join(core).replace("-", ""))
