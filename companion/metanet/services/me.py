"""The user's own accounts: which they are, and declaring one ("me add URL")."""

from __future__ import annotations

from typing import TypedDict

from metanet.identity.me import set_me
from metanet.services.people import PersonSummary, person_summary, profile_account, profile_ref
from metanet.store import Store


class Me(TypedDict):
    """The user's own person (None until an account is declared)."""

    person: PersonSummary | None


class MeAdded(TypedDict):
    """What ``me add URL`` declared, and the user's person afterwards."""

    person_id: int
    network: str
    key: str
    person: PersonSummary | None


def me(store: Store) -> Me:
    current = store.me()
    return {"person": person_summary(store, int(current["id"])) if current else None}


def me_add(store: Store, url: str) -> MeAdded:
    """Make the account behind ``url`` one of the user's own; its person becomes *me*.

    Any form of the URL finds the one account; it is created from the URL alone when it
    was never captured, so the user can declare an account before visiting it.
    """
    ref = profile_ref(url)
    with store.write():
        person_id = set_me(store, profile_account(store, url))
    return {"person_id": person_id, "network": ref.network, "key": ref.key, **me(store)}
