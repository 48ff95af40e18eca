"""Shared connections: the printed count, each named person once, the ties they prove."""

from __future__ import annotations

import pytest

from metanet.model import AccountRef, MutualMention, SharedConnections, TieRecord
from metanet.sites import mutual

OWNER = AccountRef("linkedin", "robertkcheung")
KYLE = AccountRef("linkedin", "kyle")


@pytest.mark.parametrize(
    ("text", "named", "total"),
    [
        ("Kyle Pitzen, Bhaval Patel, and 289 other mutual connections", 2, 291),
        ("Andrew Staub, Greg Einfrank, and 4 other mutual connections", 2, 6),
        ("1 Mutual Connection", 0, 1),
        ("9 shared connections", 0, 9),
        ("75 mutual friends", 0, 75),
        ("Followed by robertkarpay, instadan_027 + 56 more", 2, 58),
        ("Followed by a, b, and 1,204 others you follow", 2, 1206),
        ("Aileen Lee ist ein gemeinsamer Kontakt und 3 weitere", 1, 4),
        ("You and Jeff both know Aileen Lee", 1, 1),
        ("", 0, None),
        (None, 0, None),
    ],
)
def test_printed_total_counts_the_named_people_in(
    text: str | None, named: int, total: int | None
) -> None:
    assert mutual.printed_total(text, named) == total


def test_each_named_person_once_and_the_largest_count() -> None:
    found = mutual.merge(
        [
            SharedConnections(OWNER, "contact", [MutualMention("Kyle", KYLE)], 291),
            SharedConnections(
                OWNER, "contact", [MutualMention("Kyle", KYLE), MutualMention("Ron")]
            ),
            SharedConnections(AccountRef("linkedin", "nobody"), "contact"),  # says nothing
        ]
    )
    assert found == [
        SharedConnections(
            OWNER, "contact", [MutualMention("Kyle", KYLE), MutualMention("Ron")], 291
        )
    ]


def test_named_people_with_an_account_are_tied_to_both_sides() -> None:
    viewer = AccountRef.viewer("linkedin")
    shared = SharedConnections(
        OWNER, "contact", [MutualMention("Kyle", KYLE), MutualMention("Ron")]
    )
    assert mutual.ties([shared]) == [
        TieRecord(viewer, KYLE, "contact"),
        TieRecord(KYLE, OWNER, "contact"),
    ]


def test_followed_by_proves_follows_as_a_mutual_list_does() -> None:
    owner = AccountRef("instagram", "hausoftiffany")
    robert = AccountRef("instagram", "robertkarpay")
    shared = SharedConnections(owner, "follows", [MutualMention("robertkarpay", robert)], 58)
    assert [(t.src.key, t.dst.key, t.directed) for t in mutual.ties([shared])] == [
        ("robertkarpay", "hausoftiffany", True),
        ("~me", "robertkarpay", True),
    ]
