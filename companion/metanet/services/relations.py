"""What the user tells Metanet about people: someone known only offline, an offline
relation ("golf partner"), a note.

The rules of the user's input are checked here, once, for every front: a label of at
most :data:`MAX_LABEL` characters, a strength from 0 to 1.
"""

from __future__ import annotations

from typing import TypedDict

from metanet.errors import InvalidInput
from metanet.services import limits
from metanet.services.people import (
    PersonSummary,
    me_id,
    person_summary,
    profile_account,
)
from metanet.store import Store

MAX_LABEL = 200  # an offline relation's label ("golf partner", "met at the Rotary club")


class Added(TypedDict):
    person_id: int
    name: str


class Related(TypedDict):
    relation_id: int
    a: int
    b: int
    label: str
    strength: float | None


class RelatedProfile(TypedDict):
    """The popup's "I know this person offline as …"."""

    relation_id: int
    label: str
    strength: float | None
    person: PersonSummary


def check_label(label: str) -> str:
    """The label as stored (trimmed), or :class:`InvalidInput`."""
    label = label.strip()
    if not label:
        raise InvalidInput("'label' must be a non-empty string", field="label")
    if len(label) > MAX_LABEL:
        raise InvalidInput(f"'label' must be at most {MAX_LABEL} characters", field="label")
    return label


def check_strength(strength: float | None) -> float | None:
    if strength is not None and not 0 <= strength <= 1:
        raise InvalidInput("'strength' must be a number from 0 to 1", field="strength")
    return strength


def add_person(store: Store, name: str, *, note: str | None = None) -> Added:
    """Someone known offline (no network account needed)."""
    name = (limits.name(name) or "").strip()
    limits.note(note)
    if not name:
        raise InvalidInput("a person needs a name", field="name")
    return {"person_id": store.add_offline_person(name, note=note), "name": name}


def relate(store: Store, a: int, b: int, label: str, *, strength: float | None = None) -> Related:
    """Record that persons ``a`` and ``b`` know each other offline, as ``label``."""
    label, strength = check_label(label), check_strength(strength)
    relation_id = store.relate(a, b, label, strength=strength)
    return {"relation_id": relation_id, "a": a, "b": b, "label": label, "strength": strength}


def relate_profile(
    store: Store, url: str, label: str, *, name: str | None = None, strength: float | None = None
) -> RelatedProfile:
    """Relate *me* to the person behind a profile URL.

    The profile need not be captured yet: its account is created from the URL (with
    ``name`` if the popup read it). Before the user has declared an account of their own,
    *me* is the placeholder person that holds their first-degree ties.
    """
    label, strength = check_label(label), check_strength(strength)
    limits.name(name)
    with store.write():
        account_id = profile_account(store, url, name=name)
        account = store.account_by_id(account_id)
        person_id = int(account["person_id"])
        me = (
            me_id(store)
            if store.me()
            else int(store.account_by_id(store.viewer_account(account["network"]))["person_id"])
        )
        relation_id = store.relate(me, person_id, label, strength=strength)
    return {
        "relation_id": relation_id,
        "label": label,
        "strength": strength,
        "person": person_summary(store, person_id),
    }


def set_note(store: Store, person_id: int, note: str) -> None:
    """Replace the person's note; an empty one removes it."""
    store.set_note(person_id, (limits.note(note) or "").strip() or None)
