"""A search text as FTS5 match expressions, and why an account matched it.

:func:`parse_query` turns what the user typed into a :class:`SearchQuery`: one
:class:`QueryWord` per word, or per role name of several words ("Head of Sales"). Every
query word must match (AND); each may match in one of these ways (OR), each a
:class:`MatchKind` with a quality:

=========  =======  ==========================================================================
kind       quality  a query word matches an account when …
=========  =======  ==========================================================================
word       1.0      the account has the same word: case, accents, ``ä = ae = a``, ``ß = ss``
                    and transliteration folded ("Mueller" = "Müller", "Yilmaz" = "Yılmaz")
form       0.9      another form of it in the title: gender, inflection ("Geschäftsführer"
                    = "Geschäftsführerin", "Geschäftsführer:innen", "Engineers")
synonym    0.8      another name of the same role in the title ("Managing Director" for
                    "Geschäftsführer"), from :mod:`.synonyms`; or of the same city
                    ("Munich" for "München", :mod:`metanet.places`)
compound   0.6      a part of a compound title word ("Vertrieb" in "Vertriebsleiterin",
                    "Leiter" in "Vertriebsleiter"), or the parts of the typed compound as
                    separate title words ("Vertriebsleiter" in "Leiter Vertrieb")
prefix     0.5      the start of a word (typing: "Geschäftsf"; or "Geschäftsführer*"), from
                    4 letters on (2 with a typed ``*``). A word typed without ``*`` that is
                    itself a word of the index is that word only (:meth:`SearchQuery.completing`:
                    "Berg" is the Bergs, "Berg*" also the Bergers); one that is none is a
                    word still being typed, and its completions are searched
=========  =======  ==========================================================================

A role of several words (a synonym such as "Managing Director", or typed so) matches when
each pair of its neighbouring words stands together in one field of the account
(:mod:`.index`: the FTS5 row keeps pairs, not positions).

**Ranking rule** (for the search): a hit is *whole* when each query word matched as word,
form or synonym, else *partial*. All whole hits rank before all partial hits; within each
band the path decides (closer first, then the stronger path, then the lower id). Why: a
whole hit is the role the user asked for in another spelling or language; a partial hit
may be it ("Vertriebsleiterin" for "Vertrieb") or may not ("Leiterplatten-Designer" for
"Leiter"), so no partial hit may push a whole one down, however close the partial hit is.
Inside a band the match quality (the mean over the query words, shown with each hit) orders
nothing: a "CEO" two hops away is as much the Geschäftsführer asked for as a
"Geschäftsführerin" two hops away, and the stronger introduction is the one to ask for.
The two bands are two FTS5 queries (:meth:`SearchQuery.fts` with ``Band.WHOLE``, and
:meth:`SearchQuery.partial_fts`): the search never reads an account's text to rank it;
:meth:`SearchQuery.explain` reads it only for the hits it shows, to say why each matched,
and agrees with the FTS5 expressions account by account (``tests/test_words_query.py``).

Negative cases hold by construction: only whole words, stems, listed synonyms and compound
parts on the split of :mod:`.compounds` match, never a substring: "Steuerberater" does not
find a plain "Beraterin" (its part "berat" would need the query "Berater"), and
"Geschäftsführer" does not find a "Berufskraftfahrer" (neither a form, synonym, part nor
prefix of it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise, product
from statistics import fmean
from typing import Protocol

from metanet.folding import fold_loose
from metanet.places import other_city_names
from metanet.words.compounds import parts
from metanet.words.forms import Token, degender, normalise_gender, stem_de, stem_en, tokens
from metanet.words.index import Document, document, term
from metanet.words.synonyms import Synonyms, Term, load_synonyms


class MatchKind(StrEnum):
    WORD = "word"
    FORM = "form"
    SYNONYM = "synonym"
    COMPOUND = "compound"
    PREFIX = "prefix"


QUALITY = {
    MatchKind.WORD: 1.0,
    MatchKind.FORM: 0.9,
    MatchKind.SYNONYM: 0.8,
    MatchKind.COMPOUND: 0.6,
    MatchKind.PREFIX: 0.5,
}
WHOLE_KINDS = frozenset({MatchKind.WORD, MatchKind.FORM, MatchKind.SYNONYM})


class Band(StrEnum):
    WHOLE = "whole"  # word, form or synonym matches only
    ANY = "any"  # partial matches too


MIN_PREFIX = 4  # letters of a typed word before it also matches as a prefix
MIN_EXPLICIT_PREFIX = 2  # ... when the user typed "*"
MIN_STEM = 4  # shorter stems match as whole words only ("own" is no form of "owner")
_STOP_TEXT = "und and of for für the der die das des dem den im in am an at bei mit with"
_STOP_WORDS = frozenset(fold_loose(w) for w in _STOP_TEXT.split())
_STAR = re.compile(r"[^\W_]+(['’][^\W_]+)*\*")


class NoSearchWords(ValueError):
    """The search text has no word to look for (only punctuation, or nothing)."""


#: the columns of stems: one namespace in the index (a German word's two stems often agree)
STEM_COLUMNS = ("stems", "stems_en")


@dataclass(frozen=True, slots=True)
class Pattern:
    """Tokens in one column of the index; ``prefix``: the one token starts a word.

    Several tokens (a role of several words) match when each pair of neighbours is
    neighbours in one field of the account (:mod:`.index`: the FTS5 row keeps pairs, not
    positions). A stem matches a German or an English stem (one namespace in the index).

    ``titles`` (words only): whether the FTS5 term also reads the words of titles. A word
    that also has a form alternative finds every title that holds it through that stem
    (the same word has the same stem), so its own term leaves titles out and FTS5 reads
    the many title rows once, not twice; :meth:`find` still says "word" for them.
    """

    column: str
    tokens: tuple[str, ...]
    prefix: bool = False
    titles: bool = True

    def fts(self) -> str:
        star = " *" if self.prefix else ""
        if len(self.tokens) == 1:
            return _any_text([f'"{t}"{star}' for t in self._terms(self.tokens)])
        pairs = [_any_text([f'"{t}"' for t in self._terms(pair)]) for pair in pairwise(self.tokens)]
        return "(" + " AND ".join(pairs) + ")"

    def dnf(self) -> Dnf:
        """The rows it matches as sets of FTS5 atoms (see :data:`Dnf`): what :meth:`fts`
        says, one set per way of matching."""
        star = " *" if self.prefix else ""
        if len(self.tokens) == 1:
            return frozenset(frozenset({f'"{t}"{star}'}) for t in self._terms(self.tokens))
        pairs = [[f'"{t}"' for t in self._terms(pair)] for pair in pairwise(self.tokens)]
        return frozenset(frozenset(way) for way in product(*pairs))

    def _terms(self, tokens: tuple[str, ...]) -> list[str]:
        found = [term(self.column, tokens)]
        if self.column == "words" and self.titles:
            found.append(term(self.column, tokens, title=True))
        return found

    def find(self, doc: Document) -> tuple[str, tuple[int, ...]] | None:
        """The column and the positions in it of the tokens that match, or None."""
        for column in STEM_COLUMNS if self.column in STEM_COLUMNS else (self.column,):
            at = self._find_in(doc, column)
            if at is not None:
                return column, at
        return None

    def _find_in(self, doc: Document, column: str) -> tuple[int, ...] | None:
        have = doc.columns[column]
        if len(self.tokens) == 1:
            last = self.tokens[0]
            for at, token in enumerate(have):
                if token.startswith(last) if self.prefix else token == last:
                    return (at,)
            return None
        fields = [o.field for o in doc.origins[column]]
        found: set[int] = set()
        for a, b in pairwise(self.tokens):
            for at in range(len(have) - 1):
                if have[at] == a and have[at + 1] == b and fields[at] == fields[at + 1]:
                    found.update((at, at + 1))
                    break
            else:
                return None
        return tuple(sorted(found))


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way a query word may match: every clause must hold, each by one of its patterns."""

    kind: MatchKind
    clauses: tuple[tuple[Pattern, ...], ...]
    term: str  # what it looks for, as the user or the synonym file wrote it

    def fts(self) -> str:
        parts = [_any_of(clause) for clause in self.clauses]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def dnf(self) -> Dnf:
        """The rows it matches as sets of FTS5 atoms: one way of matching each clause."""
        found: Dnf = frozenset({frozenset()})
        for clause in self.clauses:
            either = frozenset(way for pattern in clause for way in pattern.dnf())
            found = frozenset(a | b for a in found for b in either)
        return found

    def find(self, doc: Document) -> list[tuple[str, tuple[int, ...]]] | None:
        """(column, positions) of each clause's match, or None when it does not match."""
        spans = []
        for clause in self.clauses:
            for pattern in clause:
                found = pattern.find(doc)
                if found is not None:
                    spans.append(found)
                    break
            else:
                return None
        return spans


#: an FTS5 expression in disjunctive normal form: a row matches when it has every atom of
#: one of the sets; an atom is an FTS5 term as the expressions write it (``"s_leit"``)
Dnf = frozenset[frozenset[str]]


def dnf_fts(ways: Dnf) -> str:
    """The FTS5 expression of a :data:`Dnf` (sorted, so the same every time)."""
    texts = sorted(
        next(iter(way)) if len(way) == 1 else "(" + " AND ".join(sorted(way)) + ")" for way in ways
    )
    return _any_text(texts)


class RoleIndex(Protocol):
    """What the index holds beyond words (:mod:`.roles`): a term for the whole-band match
    of some query words, read as one list instead of each of their alternatives."""

    def cover(self, word: QueryWord) -> tuple[str, Dnf] | None:
        """(the index term, the ways of matching it stands for) when it may stand for
        ways ``word`` matches; None when no term does."""


def _any_text(texts: list[str]) -> str:
    """FTS5 texts joined by OR, each once (a German word's two stems are often one)."""
    once = list(dict.fromkeys(texts))
    return once[0] if len(once) == 1 else "(" + " OR ".join(once) + ")"


def _either(alternatives: list[Alternative]) -> str:
    return _any_text([a.fts() for a in alternatives])


def _any_of(patterns: tuple[Pattern, ...]) -> str:
    return _any_text([p.fts() for p in patterns])


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one query word matched: "Managing Director, as Geschäftsführer" is
    ``Reason(query="Geschäftsführer", kind=SYNONYM, matched="Managing Director", …)``."""

    query: str  # the query word as typed
    kind: MatchKind
    matched: str  # the account's words that matched, as written there
    field: str  # name, headline, company, role or location
    term: str  # the name it was looked for as (a synonym's name; else the query word)


@dataclass(frozen=True, slots=True)
class Hit:
    band: Band
    quality: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class QueryWord:
    text: str  # as typed: "Geschäftsführer", "Head of Sales"
    alternatives: tuple[Alternative, ...]
    #: the folded word when its prefix alternative comes from typing, not from a "*"
    typing: str | None = None
    #: the stems its synonyms were looked up by
    stems: tuple[str, ...] = ()

    def fts(self, band: Band = Band.ANY, roles: RoleIndex | None = None) -> str:
        """Accounts matching the word (within ``band``). With ``roles``, the ways of
        matching that an index term stands for are that one term (the rows are the same:
        :mod:`.roles`)."""
        covered = roles.cover(self) if roles is not None else None
        if covered is None:
            chosen = [a for a in self.alternatives if band == Band.ANY or a.kind in WHOLE_KINDS]
            return _either(chosen)
        role_term, ways = covered
        rest = self.whole_dnf() - ways
        whole = [f'"{role_term}"'] + ([dnf_fts(rest)] if rest else [])
        if band == Band.WHOLE:
            return _any_text(whole)
        return _any_text(whole + [a.fts() for a in self.alternatives if a.kind not in WHOLE_KINDS])

    def whole_dnf(self, *, typed: bool = True) -> Dnf:
        """The ways the word matches as a whole word (:data:`Dnf`); without ``typed``, not
        as the word itself (the word as typed: a name or company holding it)."""
        return _ways(
            tuple(
                a for a in self.alternatives
                if a.kind in WHOLE_KINDS and (typed or a.kind != MatchKind.WORD)
            )
        )  # fmt: skip

    def partial_fts(self) -> str | None:
        """The word's compound and prefix alternatives only (None when it has none)."""
        chosen = [a for a in self.alternatives if a.kind not in WHOLE_KINDS]
        return _either(chosen) if chosen else None

    def without_completions(self) -> QueryWord:
        """The word without the prefix it had as a word being typed."""
        kept = tuple(a for a in self.alternatives if a.kind != MatchKind.PREFIX)
        return replace(self, alternatives=kept, typing=None)

    def explain(self, doc: Document) -> Reason | None:
        """The best way this word matches the document (alternatives are best first)."""
        for alternative in self.alternatives:
            spans = alternative.find(doc)
            if spans is not None:
                return _reason(self.text, alternative, doc, spans)
        return None


@lru_cache(maxsize=256)
def _ways(alternatives: tuple[Alternative, ...]) -> Dnf:
    return frozenset(way for a in alternatives for way in a.dnf())


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    words: tuple[QueryWord, ...]
    #: the index's role terms, when they are current (:meth:`using`)
    roles: RoleIndex | None = None

    def using(self, roles: RoleIndex | None) -> SearchQuery:
        """The query reading the index's role terms (None: every alternative itself)."""
        return replace(self, roles=roles)

    def fts(self, band: Band = Band.ANY) -> str:
        """The FTS5 match expression: accounts matching every word (within ``band``)."""
        return " AND ".join(w.fts(band, self.roles) for w in self.words)

    def partial_fts(self) -> str | None:
        """The FTS5 expression of every partial hit: the rows that match, and match some
        word by a compound part or a prefix. Whole hits among them are the caller's to take
        out (they are the rows of :meth:`fts` with ``Band.WHOLE``). None when no word has a
        compound or prefix alternative.

        Written so that FTS5 reads the large lists least: the partial alternatives are
        usually rare, and an AND skips ahead to them. (A ``NOT`` of the whole band in the
        expression cost 18 ms even with no partial alternative present on 1.65 million
        accounts: FTS5 reads it before anything else.)
        """
        partial = [p for w in self.words if (p := w.partial_fts()) is not None]
        if not partial:
            return None
        anywhere = partial[0] if len(partial) == 1 else "(" + " OR ".join(partial) + ")"
        return f"{self.fts(Band.ANY)} AND {anywhere}"

    def completing(self, is_word: Callable[[str], bool]) -> SearchQuery:
        """The query as typed into a search box: a word typed without ``*`` that
        ``is_word`` (a word of the index) is that word, not also the start of longer ones;
        a word that is none ("Geschäftsf") is still searched as a prefix."""
        words = tuple(
            w.without_completions() if w.typing is not None and is_word(w.typing) else w
            for w in self.words
        )
        return replace(self, words=words)

    def explain(self, fields: Mapping[str, str | None] | Document) -> Hit | None:
        """How an account (its fields, or its index document) matches; None when it does not."""
        doc = fields if isinstance(fields, Document) else document(fields)
        reasons = []
        for word in self.words:
            reason = word.explain(doc)
            if reason is None:
                return None
            reasons.append(reason)
        whole = all(r.kind in WHOLE_KINDS for r in reasons)
        return Hit(
            Band.WHOLE if whole else Band.ANY,
            round(fmean(QUALITY[r.kind] for r in reasons), 4),
            tuple(reasons),
        )


def _reason(
    query: str, alternative: Alternative, doc: Document, spans: list[tuple[str, tuple[int, ...]]]
) -> Reason:
    matched: list[str] = []
    first = doc.origins[spans[0][0]][spans[0][1][0]]
    for column, positions in spans:
        # "Head of Sales": three tokens, three words; "Dipl.-Ing.": two tokens, one word;
        # "Vertriebsleiter" as "Leiter Vertrieb": each clause's words
        for at in positions:
            text = doc.origins[column][at].text
            if text not in matched:
                matched.append(text)
    return Reason(query, alternative.kind, " ".join(matched), first.field, alternative.term)


def parse_query(text: str, synonyms: Synonyms | None = None) -> SearchQuery:
    """The query for what the user typed; :class:`NoSearchWords` when there is no word.

    Role names of several words are found first ("Head of Sales München" is the role "Head
    of Sales" and the word "München"); then words like "und", "of" are left out, unless
    nothing else is left.
    """
    synonyms = synonyms or load_synonyms()
    typed = normalise_gender(text)
    starred = {fold_loose(m.group(0).rstrip("*")) for m in _STAR.finditer(typed)}
    found = list(tokens(typed))
    if not found:
        raise NoSearchWords(text)
    words: list[QueryWord] = []
    i = 0
    while i < len(found):
        span = _role_span(found, i, synonyms)
        if span > 1:
            words.append(_phrase_word(found[i : i + span], synonyms))
        else:
            words.append(_single_word(found[i], synonyms, found[i].text in starred))
        i += span
    meaningful = [w for w in words if fold_loose(w.text) not in _STOP_WORDS]
    return SearchQuery(text, tuple(meaningful or words))


def _stems(words: list[Token] | tuple[Token, ...]) -> tuple[str, ...]:
    return tuple(stem_de(degender(t.text)) for t in words)


def _role_span(found: list[Token], start: int, synonyms: Synonyms) -> int:
    """How many words from ``start`` on name a role of several words (1 when none do)."""
    for length in range(min(synonyms.longest, len(found) - start), 1, -1):
        if synonyms.groups_of(_stems(found[start : start + length])):
            return length
    return 1


def _original(words: list[Token] | tuple[Token, ...]) -> str:
    shown: list[str] = []
    for t in words:
        if not shown or shown[-1] != t.original:
            shown.append(t.original)
    return " ".join(shown)


def _term_pattern(words: tuple[str, ...], stems: tuple[str, ...]) -> Pattern:
    """A name on the stems column, or on the words column when its one stem is too short
    to be told from other words ("GF", "CEO" are whole words, not stems)."""
    if len(stems) == 1 and len(stems[0]) < MIN_STEM:
        return Pattern("words", words)
    return Pattern("stems", stems)


def _synonym_alternatives(stems: tuple[str, ...], synonyms: Synonyms) -> list[Alternative]:
    others: list[Term] = synonyms.others(stems)
    return [
        Alternative(MatchKind.SYNONYM, ((_term_pattern(t.words, t.stems),),), t.text)
        for t in others
    ]


def _phrase_word(words: list[Token], synonyms: Synonyms) -> QueryWord:
    text = _original(words)
    folded = tuple(t.text for t in words)
    stems = _stems(words)
    english = tuple(stem_en(degender(t)) for t in folded)
    apart = tuple(  # "Leiter Marketing" in "Leiter Vertrieb & Marketing": the words apart
        (Pattern("words", (t,), titles=False), Pattern("stems", (s,)))
        for t, s in zip(folded, stems, strict=True)
        if t not in _STOP_WORDS
    )
    alternatives = [  # in titles, the words are found through their stems (FORM)
        Alternative(MatchKind.WORD, ((Pattern("words", folded, titles=False),),), text),
        Alternative(
            MatchKind.FORM, ((Pattern("stems", stems), Pattern("stems_en", english)),), text
        ),
        *_synonym_alternatives(stems, synonyms),
        Alternative(MatchKind.FORM, apart, text),
    ]
    return QueryWord(text, tuple(alternatives), stems=stems)


def _single_word(word: Token, synonyms: Synonyms, starred: bool) -> QueryWord:
    text, folded = word.original, word.text
    masculine = degender(folded)
    stem, english = stem_de(masculine), stem_en(masculine)
    forms = [Pattern(column, (s,)) for column, s in (("stems", stem), ("stems_en", english))]
    forms = [p for p in forms if len(p.tokens[0]) >= MIN_STEM]
    # in titles, a word with a form alternative is found through its stem
    as_typed = Pattern("words", (folded,), titles=not forms)
    alternatives = [Alternative(MatchKind.WORD, ((as_typed,),), text)]
    if forms:
        alternatives.append(Alternative(MatchKind.FORM, (tuple(forms),), text))
    alternatives += _synonym_alternatives((stem,), synonyms)
    alternatives += [  # "München" finds "Munich"
        Alternative(MatchKind.SYNONYM, ((Pattern("words", tuple(t.text for t in tokens(c))),),), c)
        for c in other_city_names(text)
    ]
    alternatives.append(Alternative(MatchKind.COMPOUND, ((Pattern("parts", (stem,)),),), text))
    split = parts(folded)
    if split:  # "Vertriebsleiter" typed, "Leiter Vertrieb" written: the parts as words
        clauses = tuple((Pattern("stems", (p,)),) for p in split)
        alternatives.append(Alternative(MatchKind.COMPOUND, clauses, text))
    if len(folded) >= (MIN_EXPLICIT_PREFIX if starred else MIN_PREFIX):
        alternatives.append(
            Alternative(MatchKind.PREFIX, ((Pattern("words", (folded,), prefix=True),),), text)
        )
        return QueryWord(text, tuple(alternatives), None if starred else folded, (stem,))
    return QueryWord(text, tuple(alternatives), stems=(stem,))
