"""Gendered forms, folding and stems of title words: written any way, they meet."""

from __future__ import annotations

import pytest

from metanet.words.forms import degender, normalise_gender, stem_de, stem_en, tokens


def key(text: str) -> tuple[str, ...]:
    """What the search compares of a title: the German stem of each word's masculine form."""
    return tuple(stem_de(degender(t.text)) for t in tokens(text))


@pytest.mark.parametrize(
    "written",
    [
        "Geschäftsführerin",
        "Geschäftsführerinnen",
        "Geschäftsführer*in",
        "Geschäftsführer*innen",
        "Geschäftsführer:in",
        "Geschäftsführer:innen",
        "Geschäftsführer_in",
        "Geschäftsführer/in",
        "Geschäftsführer/-in",
        "Geschäftsführer(in)",
        "GeschäftsführerIn",
        "GeschäftsführerInnen",
        "Geschäftsführer·in",
        "GESCHÄFTSFÜHRER",
        "Geschaeftsfuehrer",
        "Geschaftsfuhrer",
        "geschäftsführer",
    ],
)
def test_every_spelling_of_geschaeftsfuehrer_meets(written: str) -> None:
    assert key(written) == key("Geschäftsführer")


@pytest.mark.parametrize(
    ("feminine", "masculine"),
    [
        ("Ärztin", "Arzt"),
        ("Oberärztin", "Oberarzt"),
        ("Rechtsanwältin", "Rechtsanwalt"),
        ("Köchin", "Koch"),
        ("Prokuristin", "Prokurist"),
        ("Ingenieurin", "Ingenieur"),
        ("Psychologin", "Psychologe"),
        ("Direktorin", "Direktor"),
        ("Präsidentin", "Präsident"),
        ("Bankkauffrau", "Bankkaufmann"),
        ("Kaufleute", "Kaufmann"),
        ("Beamtin", "Beamter"),
        ("Vorsitzende/r", "Vorsitzender"),
        ("geschäftsführende/r Gesellschafter/-in", "geschäftsführender Gesellschafter"),
        ("Industriekaufmann/-frau", "Industriekaufmann"),
    ],
)
def test_feminine_forms_meet_the_masculine(feminine: str, masculine: str) -> None:
    assert key(feminine) == key(masculine)


@pytest.mark.parametrize(
    "word", ["Termin", "Medizin", "Berlin", "Disziplin", "Vitamin", "Latein", "Admin", "Martin"]
)
def test_words_ending_in_in_that_are_no_feminine_stay(word: str) -> None:
    folded = tokens(word)[0].text
    assert degender(folded) == folded


def test_gender_marks_do_not_swallow_other_words() -> None:
    assert normalise_gender("Sales/Innendienst") == "Sales/Innendienst"
    assert normalise_gender("Mitarbeiter/innen im Innendienst") == (
        "Mitarbeiterinnen im Innendienst"
    )
    assert normalise_gender("LinkedIn Top Voice") == "Linkedin Top Voice"  # harmless


def test_tokens_keep_what_was_written() -> None:
    found = tokens("Dipl.-Ing. Łukasz Wiśniewski, Head of Sales")
    assert [t.text for t in found] == [
        "dipl", "ing", "lukasz", "visnievski", "head", "of", "sales",
    ]  # fmt: skip
    assert found[2].original == "Łukasz"
    assert tokens("Geschäftsführer*in")[0].original == "Geschäftsführerin"
    assert tokens("  ,;  ") == ()


def test_stems_in_both_languages() -> None:
    assert stem_de("leiter") == stem_de("leitern")
    assert stem_en("engineers") == stem_en("engineering") == stem_en("engineer")
    assert stem_de("directors") == stem_de("director")
