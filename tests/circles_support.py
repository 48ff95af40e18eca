"""A circle on the demo network for the tests of every front: Sabine's Facebook friend
Petra is in the BNI chapter Isartal (35 members) with Claudia Vogt, whom Sabine reaches
only through that chapter."""

from __future__ import annotations

from metanet.services import circles
from metanet.services.people import find_person
from metanet.store import Store

CHAPTER = "BNI Chapter Isartal"
MEMBERS = 35


def bni_chapter(store: Store) -> tuple[int, int]:
    """The chapter's id and Claudia's person id."""
    circle = circles.create(store, CHAPTER, kind="chapter", place="München")["id"]
    circles.add_member(store, circle, "Petra Huber")
    claudia = circles.add_member(store, circle, "Claudia Vogt", new=True)["person_id"]
    for i in range(MEMBERS - 2):
        circles.add_member(store, circle, f"Mitglied {i}", new=True)
    assert find_person(store, "Claudia Vogt") == claudia
    return circle, claudia
