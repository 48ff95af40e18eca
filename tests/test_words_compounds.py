"""Compound job titles split at a known head, and only there."""

from __future__ import annotations

import pytest

from metanet.words.compounds import HEADS, parts
from metanet.words.forms import stem_de, tokens


def split(word: str) -> tuple[str, ...]:
    return parts(tokens(word)[0].text)


def stem(word: str) -> str:
    return stem_de(tokens(word)[0].text)


@pytest.mark.parametrize(
    ("word", "modifier", "head"),
    [
        ("Vertriebsleiterin", "Vertrieb", "Leiter"),
        ("Vertriebsleiter", "Vertrieb", "Leiter"),
        ("Einkaufsleiter", "Einkauf", "Leiter"),
        ("Steuerberaterin", "Steuer", "Berater"),
        ("Geschäftsführer", "Geschäft", "Führer"),
        ("Oberärztin", "Ober", "Arzt"),
        ("Rechtsanwältin", "Recht", "Anwalt"),
        ("Softwareentwickler", "Software", "Entwickler"),
        ("Sachbearbeiterin", "Sach", "Bearbeiter"),  # the longer head, not "Arbeiter"
        ("Bankkauffrau", "Bank", "Kaufmann"),
        ("Projektmanagerin", "Projekt", "Manager"),
        ("Bauleiter", "Bau", "Leiter"),
    ],
)
def test_compounds_split_into_modifier_and_head(word: str, modifier: str, head: str) -> None:
    assert split(word) == (stem(modifier), stem(head))


@pytest.mark.parametrize(
    "word",
    [
        "Beraterin",  # a head alone is no compound
        "Leiter",
        "Begleiterin",  # ends in "leiter", is no Leiter
        "Wegbegleiter",
        "Verführer",  # a prefix, not a modifier
        "Entwickler",
        "Prokurist",  # no known head
        "Rat",
    ],
)
def test_words_that_are_no_compound_of_a_head_stay_whole(word: str) -> None:
    assert split(word) == ()


def test_heads_are_folded_and_longest_first() -> None:
    assert "fuhrer" in HEADS and "führer" not in HEADS
    assert HEADS.index("sachbearbeiter") < HEADS.index("bearbeiter") < HEADS.index("arbeiter")
