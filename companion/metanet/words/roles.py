"""Role terms: each shipped role name's whole-band match, indexed as one term per account.

A role word expands to many alternatives: "Geschäftsführer" is the word, its forms and
every other name of the role (Managing Director, CEO, GF, Chief Executive Officer, …);
on 1.65 million accounts FTS5 read about ten lists for it and merged them, 175,927
accounts in all, for every search. So every account also gets, at indexing time, a term
``r_<hash>`` for each shipped role name it matches as a whole word (its forms and its
synonyms, :meth:`~metanet.words.query.QueryWord.whole_dnf` without the word as typed),
and a search for that name reads that one list (:meth:`RoleTerms.cover`).

**Always the same rows.** A term stands for a set of ways of matching (:data:`Dnf`, sets
of FTS5 terms); an account has it when its own terms hold one of the ways, which is how
FTS5 evaluates the alternatives themselves. A query word uses a term only when the term's
ways are all ways the word matches (the word as typed, "Geschäftsführerin" for the name
"Geschäftsführer", and the user's own synonyms are then looked for beside the term): so
the rows are those of the alternatives, exactly, whatever was typed and whatever the
user's synonyms file says. Adding or removing user synonyms changes no indexed term and
needs no reindexing.

**When the shipped roles change** (``roles.txt``, or how words are stemmed or expanded),
the terms change too: :attr:`RoleTerms.stamp` changes with them, the search reads the
alternatives again until the index is rebuilt (``answers.words_index.refill``, from a
migration), and ``tests/test_words_roles.py`` holds the stamp of the shipped list, so such
a change cannot land without that migration.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

from metanet import collector
from metanet.words.index import word_terms
from metanet.words.query import Dnf, QueryWord, parse_query
from metanet.words.synonyms import RoleGroup, Synonyms, shipped

PREFIX = "r_"
#: bump when the meaning of a role term changes without changing its ways (none so far)
FORMAT = "1"


class RoleTerms:
    """The role terms of some role groups (the shipped ones: :func:`shipped_roles`)."""

    def __init__(self, groups: Sequence[RoleGroup]) -> None:
        synonyms = Synonyms(list(groups))
        #: per term, the ways it stands for
        self.ways: dict[str, Dnf] = {}
        self._by_stems: dict[tuple[str, ...], list[str]] = {}
        for group in groups:
            for name in group.terms:
                self._add(name.text, synonyms)
        self._triggers: dict[str, list[tuple[frozenset[str], str]]] = {}
        for role_term, ways in self.ways.items():
            for way in ways:  # an account is checked for a way when it has its first term
                plain = frozenset(atom.strip('"') for atom in way)
                self._triggers.setdefault(min(plain), []).append((plain, role_term))
        #: the terms that trigger a check: an account's other terms are skipped in C
        self._trigger_terms = frozenset(self._triggers)
        digest = hashlib.sha256(FORMAT.encode())
        for role_term in sorted(self.ways):
            digest.update(role_term.encode())
        self.stamp = digest.hexdigest()[:16]

    def _add(self, name: str, synonyms: Synonyms) -> None:
        query = parse_query(name, synonyms)
        if len(query.words) != 1:
            return  # a name the search reads as several words has no term of its own
        word = query.words[0]
        ways = word.whole_dnf(typed=False)
        if not ways or any(atom.endswith("*") for way in ways for atom in way):
            return
        role_term = PREFIX + _digest(ways)
        if role_term not in self.ways:
            self.ways[role_term] = ways
            self._by_stems.setdefault(word.stems, []).append(role_term)

    def of_row(self, terms: Collection[str]) -> list[str]:
        """The role terms of an account whose word terms are ``terms``, sorted."""
        have = terms if isinstance(terms, set | frozenset) else set(terms)
        found: set[str] = set()
        for one in have & self._trigger_terms:
            for way, role_term in self._triggers[one]:
                if role_term not in found and way <= have:
                    found.add(role_term)
        return sorted(found)

    def cover(self, word: QueryWord) -> tuple[str, Dnf] | None:
        """The term (and its ways) that may stand for the most of ``word``'s whole-band
        ways: one whose ways are all ways of the word; None when there is none."""
        return _cover(self, word)


@lru_cache(maxsize=512)
def _cover(roles: RoleTerms, word: QueryWord) -> tuple[str, Dnf] | None:
    candidates = roles._by_stems.get(word.stems, [])
    if not candidates:
        return None
    ways = word.whole_dnf()
    fitting = [(len(roles.ways[t]), t) for t in candidates if roles.ways[t] <= ways]
    if not fitting:
        return None
    role_term = max(fitting)[1]
    return role_term, roles.ways[role_term]


def _digest(ways: Dnf) -> str:
    text = "|".join(sorted(" ".join(sorted(way)) for way in ways))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def shipped_roles() -> RoleTerms:
    """The role terms of the shipped role list (what the index holds).

    Made with the cyclic collector paused: the tens of thousands of sets made here live
    as long as the process, and the collections their making set off walked everything
    the process had imported, again and again (~40 % of the ~80 ms a host took for this
    table, in its warm-up or its first capture)."""
    with collector.paused():
        return RoleTerms(shipped())


def index_row(fields: Mapping[str, str | None]) -> str:
    """The FTS5 text of an account's fields: its word terms (:func:`.index.word_terms`)
    and its role terms ("" when no field has a word)."""
    text = word_terms(fields)
    if not text:
        return text
    roles = shipped_roles().of_row(text.split())
    return f"{text} {' '.join(roles)}" if roles else text
