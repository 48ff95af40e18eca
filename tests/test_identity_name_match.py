"""Find a person by the name you say: titles, middle names, spellings and scripts."""

from __future__ import annotations

import pytest

from metanet.identity.name_match import (
    best_match,
    lookup_keys,
    lookup_prefixes,
    match_name,
    rank,
)


@pytest.mark.parametrize(
    ("said", "candidate", "kind"),
    [
        ("Katrin Lehmann", "Dr. Katrin Lehmann", "same"),  # issue 18: the title blocked her
        ("Katrin Lehmann", "Prof. Dr.-Ing. Katrin Lehmann", "same"),
        ("Katrin Lehmann", "Dipl.-Ing. Katrin Lehmann MBA", "same"),
        ("Frau Katrin Lehmann", "Katrin Lehmann", "same"),
        ("Lehmann, Katrin", "Dr. Katrin Lehmann", "same"),
        ("Juergen Mueller", "Jürgen Müller", "same"),
        ("Jurgen Muller", "Jürgen Müller", "spelling"),
        ("Mehmet Yilmaz", "Mehmet Yılmaz", "same"),
        ("Lukasz Wisniewski", "Łukasz Wiśniewski", "same"),
        ("Djordje Djordjevic", "Đorđe Đorđević", "spelling"),
        ("Dmitrij Iwanow", "Дмитрий Иванов", "spelling"),
        ("Giorgos Papadopoulos", "Γιώργος Παπαδόπουλος", "same"),
        ("Anna Schmidt", "Anna Maria Schmidt", "middle"),
        ("Anna Maria Schmidt", "Anna Schmidt", "middle"),
        ("Hans Meier", "Johannes Meier", "nickname"),
        ("Katrin Lehmann", "Katrin Müller-Lehmann", "double_name"),
        ("Lehmann Katrin", "Dr. Katrin Lehmann", "reversed"),
        ("K. Lehmann", "Katrin Lehmann", "initial"),
        ("Herr Becker", "Fritz Becker", "last_name"),
        ("Frau Dr. Lehmann", "Katrin Lehmann", "last_name"),
        ("Lehmann", "Lehmann", "same"),
        ("Fritz", "Friedrich Becker", "first_name"),
    ],
)
def test_a_said_name_fits(said: str, candidate: str, kind: str) -> None:
    found = match_name(said, candidate)
    assert found is not None and found.kind == kind and found.name == candidate


@pytest.mark.parametrize(
    ("said", "candidate"),
    [
        ("Anna Lena Schmidt", "Anna Maria Schmidt"),  # another middle name: another person
        ("Anna Schmidt", "Anna Schmitt"),
        ("Katrin Lehmann", "Bernd Lehmann"),
        ("Katrin Müller-Lehmann", "Katrin Schulze-Lehmann"),
        ("Mehmet Yilmaz", "Mehmet Kaya"),
        ("Dr.", "Dr. Katrin Lehmann"),
        ("", "Katrin Lehmann"),
    ],
)
def test_a_said_name_does_not_fit(said: str, candidate: str) -> None:
    assert match_name(said, candidate) is None


def test_best_match_takes_the_best_of_a_persons_names() -> None:
    found = best_match("Katrin Lehmann", ["K. Lehmann", None, "Dr. Katrin Lehmann"])
    assert found is not None and (found.kind, found.name) == ("same", "Dr. Katrin Lehmann")
    assert best_match("Katrin Lehmann", ["Bernd Becker"]) is None


def test_rank_lists_candidates_best_first() -> None:
    people = {
        1: ["Fritz Becker"],
        10: ["Dr. Fritz Becker", "Friedrich Becker"],
        12: ["Friedrich Becker"],
        20: ["Franz Becker"],
        30: ["Anna Schmidt"],
    }
    assert [(k, m.kind) for k, m in rank("Fritz Becker", people)] == [
        (1, "same"),
        (10, "same"),
        (12, "nickname"),
    ]
    assert [k for k, _ in rank("Becker", people)] == [1, 10, 12, 20]


def test_lookup_keys_cover_both_orders() -> None:
    assert "n:katrin|lehmann" in lookup_keys("Lehmann Katrin")
    assert "n:katrin|lehmann" in lookup_keys("Dr. Katrin Lehmann")
    # one word: a one-word name, a last name (every "i:" key it begins) or a first name
    # (every "n:" key it begins)
    assert lookup_keys("Lehmann") == ("o:lehmann",)
    assert lookup_prefixes("Lehmann") == ("i:lehmann|", "n:lehmann|")
    # Hans and the formal names he may stand for (j as y), and the other names that stand
    # for those (their accounts store a key of their own first name only)
    assert lookup_prefixes("Hans") == (
        "i:hans|", "n:hannes|", "n:hansi|", "n:hans|", "n:yohannes|", "n:yohann|", "n:yo|",
    )  # fmt: skip
    assert lookup_prefixes("Katrin Lehmann") == ()
