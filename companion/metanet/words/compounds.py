"""Parts of German compound job titles: "Vertriebsleiterin" is Vertrieb + Leiter.

German writes a role as one word whose *head* (the last part) says what the person is and
whose *modifier* says of what: Vertriebs|leiter, Steuer|berater, Ober|arzt, Software|entwickler.
A search for "Leiter" or "Vertrieb" should find the Vertriebsleiterin, and a search for
"Vertriebsleiter" the "Leiter Vertrieb".

Splitting is done on a list of heads, not by statistics: a title word is split when it
ends in a known head and at least three letters are left before it. The modifier is what
is left, stemmed (the linking ``s`` of "Vertriebs" goes with the stem). Unknown heads mean
no split, which costs a compound match, never a wrong one. Known traps are listed:
"Begleiter" ends in "leiter" but is no kind of Leiter, "Verführer" is no Führer.

(Libraries that split compounds statistically exist — compound-split, charsplit-fst — but
they are unmaintained or young, need a large model file, and split words that are no job
title; job titles need this one rule.)
"""

from __future__ import annotations

from functools import lru_cache

from metanet.folding import fold_loose
from metanet.words.forms import degender, stem_de

# Heads of German job-title compounds, longest first when one ends another
# ("Sachbearbeiter" is Sach + Bearbeiter, not Sachbe + Arbeiter).
_HEAD_WORDS = """
    leiter leitung berater beratung führer fahrer arzt anwalt manager managerin ingenieur
    entwickler kaufmann assistent referent planer prüfer techniker meister designer
    architekt trainer lehrer direktor chef sprecher vorstand spezialist experte koordinator
    analyst händler vertreter verkäufer helfer pfleger therapeut wirt wissenschaftler
    mitarbeiter arbeiter sachbearbeiter bearbeiter inhaber gesellschafter partner
    consultant makler verwalter betreuer buchhalter controller redakteur journalist
    fachmann kraft angestellter angestellte beauftragter beauftragte administrator
    programmierer elektroniker mechaniker mechatroniker monteur vorsitzender vorsitzende
"""
HEADS: tuple[str, ...] = tuple(
    sorted({fold_loose(w) for w in _HEAD_WORDS.split()}, key=lambda h: (-len(h), h))
)
# Folded words that end in a head without being a compound of it.
_NOT_COMPOUND_WORDS = "begleiter gleiter wegbegleiter verleiter verführer verfahrer erfahrer"
NOT_COMPOUNDS = frozenset(fold_loose(w) for w in _NOT_COMPOUND_WORDS.split())
# Heads by their last three letters: a word is tested only against heads it may end in.
_HEADS_BY_END: dict[str, tuple[str, ...]] = {}
for _head in HEADS:
    _HEADS_BY_END[_head[-3:]] = (*_HEADS_BY_END.get(_head[-3:], ()), _head)
# What is left before a head that is a prefix, not a word ("ver|führer", "ent|wickler").
_NOT_MODIFIERS = frozenset({"ver", "ent", "zer", "emp", "beg", "vor"})
MIN_MODIFIER = 3


@lru_cache(maxsize=100_000)
def parts(word: str) -> tuple[str, ...]:
    """The stemmed modifier and head of a folded title word; () when it is no compound.

    >>> parts("vertriebsleiterin")
    ('vertrieb', 'leit')
    """
    word = degender(word)
    if word in NOT_COMPOUNDS:
        return ()
    for head in _HEADS_BY_END.get(word[-3:], ()):
        modifier = word[: -len(head)].rstrip("-")
        if word.endswith(head) and len(modifier) >= MIN_MODIFIER:
            if modifier in _NOT_MODIFIERS:
                return ()
            return stem_de(modifier), stem_de(head)
    return ()
