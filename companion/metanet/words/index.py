"""What the search indexes of one account: its words as people type them, in four kinds.

An account's facts give four columns of folded tokens (a :class:`Document`, what
:meth:`~metanet.words.query.SearchQuery.explain` reads):

``words``
    every word of the name, headline, company, role and location, folded
    (:func:`metanet.folding.fold_loose`): "Müller", "Mueller" and "Muller" are one token,
    "Yılmaz" is "yilmaz". Exact and prefix ("Geschäftsf…") matches look here.
``stems``
    the words of the headline and role, masculine form (:func:`.forms.degender`), German
    Snowball stem: "Geschäftsführerin" and "Geschäftsführer" are "geshaftsfuhr". Other
    forms of a word and role synonyms look here. Names, companies and cities are not
    stemmed: "Berger" is no form of "Berg", a "Gesellschaft mbH" no "Gesellschafter".
``stems_en``
    the same words, English Snowball stem ("engineers", "engineering": "engin").
``parts``
    the modifier and head of each compound title word (:mod:`.compounds`):
    "Vertriebsleiterin" gives "vertrieb leit".

**The FTS5 row** (:func:`word_terms`; :func:`metanet.words.index_row` adds the role terms
of :mod:`.roles`) holds them as one text of *terms*, each kind under a
namespace of its own (:func:`term`): ``yilmaz`` (a word of a name, company or city),
``t_geshaftsfuhrerin`` (a word of a title), ``s_geshaftsfuhr`` (a stem, German or English:
one namespace, so a German word whose two stems agree costs one term), ``p_leit`` (a
compound part); and every two neighbouring words of one field as a pair (``w_anna_roth``,
``t_head_of``, ``s_head_of``), so that a role of several words ("Head of Sales") is every
pair of it. One column without positions (FTS5 ``detail=none``) reads a term's accounts
several times faster than columns with positions: a whole-band search for
"Geschäftsführer" on 1.65 million accounts took 54-103 ms with four columns and phrase
queries, 16 ms this way. A phrase of three words or more matches when each of its pairs is
in one field of the account, in any order ("Head of Sales" and "Sales … Head of" alike);
the explanation (:meth:`~metanet.words.query.Pattern.find`) follows the same rules (pairs;
a stem in either language), so both always agree.

Title words have a namespace of their own because a title word is always found through
its stem as well: the search looks a typed word up among titles by its stem only, and
among names, companies and cities by the word (``geshaftsfuhrer`` is read for the few
companies and names that hold it, not again for every title).

Cost: every step is cached per field value and per word, so an account costs what is new
in it: a capture of 500 people with new names and headlines indexes in ~10 ms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise
from typing import NamedTuple

from metanet.words.compounds import parts
from metanet.words.forms import degender, stem_de, stem_en, token_texts, tokens

COLUMNS = ("words", "stems", "stems_en", "parts")
_COLUMNS = tuple(enumerate(COLUMNS))
#: the fields of an account that are indexed, in this order
FIELDS = ("name", "headline", "company", "role", "location")
#: the fields whose words are job titles: stemmed and split into compound parts
TITLE_FIELDS = frozenset({"headline", "role"})
#: each column's namespace in the FTS5 text: (single token, pair of tokens); the words of
#: titles have their own (:data:`TITLE_WORDS`)
NAMESPACES = {
    "words": ("", "w_"),
    "stems": ("s_", "s_"),
    "stems_en": ("s_", "s_"),  # one namespace with the German stems
    "parts": ("p_", None),  # parts come in (modifier, head) of one word: no pairs
}
TITLE_WORDS = ("t_", "t_")
#: what joins the two tokens of a pair (tokens are letters and digits only)
PAIR = "_"


def term(column: str, tokens: tuple[str, ...] | list[str], *, title: bool = False) -> str:
    """The FTS5 term of one token (or a pair) of a column: ``term("stems", ["leit"])``
    is ``s_leit``, ``term("words", ["head", "of"])`` is ``w_head_of``, and with ``title``
    (a word of a headline or role) ``t_head_of``."""
    single, pair = TITLE_WORDS if title and column == "words" else NAMESPACES[column]
    if len(tokens) == 1:
        return single + tokens[0]
    if len(tokens) != 2 or pair is None:
        raise ValueError(f"no term for {tokens!r} in {column}")
    return pair + tokens[0] + PAIR + tokens[1]


class Origin(NamedTuple):
    """Where an indexed token came from: the field and the word as it was written."""

    field: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """The index columns of one account, each token with its origin (for "why")."""

    columns: Mapping[str, tuple[str, ...]]
    origins: Mapping[str, tuple[Origin, ...]]


class TitleWord(NamedTuple):
    """What a folded title word adds to the stems, English stems and parts columns."""

    stem: str
    stem_en: str
    parts: tuple[str, ...]


@lru_cache(maxsize=100_000)
def title_word(word: str) -> TitleWord:
    if word.isdigit():  # "2", "2024": no stem, no gender, no parts (skips four look-ups)
        return TitleWord(word, word, ())
    masculine = degender(word)
    return TitleWord(stem_de(masculine), stem_en(masculine), parts(word))


class FieldColumns(NamedTuple):
    """One field's tokens per column, with their origins."""

    columns: tuple[tuple[str, ...], ...]  # in the order of COLUMNS
    origins: tuple[tuple[Origin, ...], ...]


@lru_cache(maxsize=50_000)
def _field(field: str, value: str) -> FieldColumns:
    columns: tuple[list[str], ...] = ([], [], [], [])
    origins: tuple[list[Origin], ...] = ([], [], [], [])
    words, stems, english, split = columns
    title = field in TITLE_FIELDS
    for token in tokens(value):
        origin = Origin(field, token.original)
        words.append(token.text)
        origins[0].append(origin)
        if title:
            found = title_word(token.text)
            stems.append(found.stem)
            english.append(found.stem_en)
            split.extend(found.parts)
            origins[1].append(origin)
            origins[2].append(origin)
            origins[3].extend([origin] * len(found.parts))
    return FieldColumns(tuple(tuple(c) for c in columns), tuple(tuple(o) for o in origins))


def _terms(namespace: tuple[str, str | None], found: list[str]) -> list[str]:
    """A field's terms of one kind: each token, then each pair of neighbours."""
    single, pair = namespace
    terms = [single + t for t in found]
    if pair is not None:
        terms += [pair + a + PAIR + b for a, b in pairwise(found)]
    return terms


@lru_cache(maxsize=50_000)
def _field_text(field: str, value: str) -> str:
    """One field's FTS5 terms as text (the index's path: no origins)."""
    words = token_texts(value)
    if field not in TITLE_FIELDS:
        return " ".join(_terms(NAMESPACES["words"], words))
    found = [title_word(w) for w in words]
    german = _terms(NAMESPACES["stems"], [t.stem for t in found])
    known = set(german)
    english = [
        t for t in _terms(NAMESPACES["stems_en"], [t.stem_en for t in found]) if t not in known
    ]
    return " ".join(
        _terms(TITLE_WORDS, words)
        + german
        + english
        + _terms(NAMESPACES["parts"], [p for t in found for p in t.parts])
    )


def word_terms(fields: Mapping[str, str | None]) -> str:
    """The word terms of an account's fields ("" when none has a word)."""
    texts = [_field_text(name, value) for name in FIELDS if (value := fields.get(name))]
    return " ".join(text for text in texts if text)


def document(fields: Mapping[str, str | None]) -> Document:
    """The index document of an account's fields (missing or empty fields are skipped)."""
    found = [_field(name, value) for name in FIELDS if (value := fields.get(name))]
    return Document(
        {name: tuple(chain.from_iterable(f.columns[i] for f in found)) for i, name in _COLUMNS},
        {name: tuple(chain.from_iterable(f.origins[i] for f in found)) for i, name in _COLUMNS},
    )
