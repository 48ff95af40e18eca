"""Words as people write them: tokens, gendered forms and stems.

A word of a job title goes through four steps, the same for what is indexed and for what
is searched, so both meet:

1. :func:`normalise_gender` on the raw text: gender marks become one word
   ("Geschäftsführer*in", "Geschäftsführer:innen", "Geschäftsführer_in",
   "Geschäftsführer/-in", "Geschäftsführer(in)", Binnen-I "GeschäftsführerIn" →
   "Geschäftsführerin"; "geschäftsführende/r" → "geschäftsführende";
   "Kaufmann/-frau" → "Kaufmann").
2. :func:`tokens`: each word folded by :func:`metanet.folding.fold_loose` (case, accents,
   ``ä = ae = a``, ``ß = ss``, every script transliterated), split where the folded text
   has no letter or digit.
3. :func:`degender`: the feminine form as the masculine ("geschaftsfuhrerin" →
   "geschaftsfuhrer", "arztin" → "arzt", "kauffrau" → "kaufmann"), but only after an
   ending of a person noun, so "Termin", "Medizin" or "Berlin" stay as they are.
4. :func:`stem_de` and :func:`stem_en`: the Snowball stemmers (PyStemmer, the C build of
   the Snowball algorithms), so "Leiter"/"Leitern", "Engineer"/"Engineers",
   "Managing"/"Management" meet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from metanet.folding import fold, loose

_BINNEN_I = re.compile(r"(?<=[a-zäöüß])I(nnen|n)\b")
_GENDER_MARK = re.compile(r"(?<=\w)(?:[*:_/·]-?|\()(innen|in)\)?(?!\w)", re.IGNORECASE)
_OTHER_ENDING = re.compile(r"(?<=\w)(?:/-?|\()(?:r|n|s|e|er|frau)\)?(?!\w)", re.IGNORECASE)
_MARKS = re.compile(r"[*:_/·(]|[a-zäöüß]I")  # text without these has no gender mark
_RUN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Endings of person nouns whose feminine adds -in / -innen (loose-folded): Berater-in,
# Direktor-in, Präsident-in, Prakti-kant-in, Jur-ist-in, Ingeni-eur-in, Diplom-at-in,
# Pil-ot-in, Psycholog-in, Kolleg-in, Archit-ekt-in, Är-zt-in, Anw-alt-in, Kö-ch-in,
# Bea-mt-in, Therap-eut-in, Landw-irt-in, Fotogr-af-in, Ch-ef-in, Ökon-om-in,
# Doktor-and-in, Exp-ert-in, Chir-urg-in.
_PERSON_ENDINGS = ("er", "or", "ent", "ant", "ist", "eur", "at", "ot", "og", "eg", "ekt",
                   "zt", "alt", "ch", "mt", "ut", "irt", "af", "ef", "om", "and", "ert",
                   "urg")  # fmt: skip
_MIN_STEM = 3  # "Frau" alone is no feminine of "M"


@lru_cache(maxsize=20_000)
def normalise_gender(text: str) -> str:
    """Gender marks in raw text joined into the word they belong to (see module doc)."""
    if not _MARKS.search(text):
        return text
    text = _BINNEN_I.sub(lambda m: "i" + m.group(1), text)
    text = _GENDER_MARK.sub(lambda m: m.group(1).lower(), text)
    return _OTHER_ENDING.sub("", text)


class Token(NamedTuple):
    """One folded word and the text it came from ("Geschäftsführerin")."""

    text: str  # fold_loose form: lower-case ASCII letters and digits
    original: str


def tokens(text: str) -> tuple[Token, ...]:
    """The words of raw text, gender marks joined, folded; with what each was written as."""
    return _tokens(text)


@lru_cache(maxsize=100_000)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(part, original)
        for original in _RUN.findall(normalise_gender(text))
        for part in _run_tokens(original)
    )


def token_texts(text: str) -> list[str]:
    """The folded tokens of raw text, without what each was written as (the index's path)."""
    return [part for run in _RUN.findall(normalise_gender(text)) for part in _run_tokens(run)]


@lru_cache(maxsize=200_000)
def _run_tokens(run: str) -> tuple[str, ...]:
    """The folded tokens of one written word (one lookup where three would be: the search
    index folds every new name a capture brings)."""
    return tuple(part for part in _NOT_ALNUM.split(loose(fold(run))) if part)


@lru_cache(maxsize=100_000)
def degender(word: str) -> str:
    """A folded word's masculine form when it is a feminine person noun, else the word."""
    for suffix in ("innen", "in"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= _MIN_STEM and stem.endswith(_PERSON_ENDINGS):
            return stem
    if word.endswith("frau") and len(word) > 4:  # Kauffrau, Fachfrau: Kaufmann, Fachmann
        return word[:-4] + "mann"
    if word.endswith("leute") and len(word) > 5:  # Kaufleute
        return word[:-5] + "mann"
    return word


_GERMAN = Stemmer.Stemmer("german")
_ENGLISH = Stemmer.Stemmer("english")


@lru_cache(maxsize=100_000)
def stem_de(word: str) -> str:
    """German Snowball stem of a folded word."""
    return str(_GERMAN.stemWord(word))


@lru_cache(maxsize=100_000)
def stem_en(word: str) -> str:
    """English Snowball stem of a folded word."""
    return str(_ENGLISH.stemWord(word))


@lru_cache(maxsize=20_000)  # scoring compares the roles of a million pairs: few distinct
def title_key(text: str) -> tuple[str, ...]:
    """What two titles are compared by: each word's masculine form, German stem.

    "Geschäftsführerin", "Geschäftsführer*in" and "GESCHAEFTSFUEHRER" have one key.
    """
    return tuple(stem_de(degender(t.text)) for t in tokens(text))
