"""The user's own accounts: which they are, and declaring one ("me add URL")."""

from __future__ import annotations

from typing import TypedDict

from metanet.identity.me import set_me
from metanet.model import AccountRecord
from metanet.services.people import PersonSummary, person_summary, profile_account, profile_ref
from metanet.store import Store

#: the longest name the user can give themselves
MAX_NAME = 200


class Me(TypedDict):
    """The user's own person (None until an account is declared)."""

    person: PersonSummary | None


class MeAdded(TypedDict):
    """What ``me add URL`` declared, and the user's person afterwards."""

    person_id: int
    network: str
    key: str
    person: PersonSummary | None
    named: bool  # whether Metanet knows the user's name (given, or read from their profile)


def me(store: Store) -> Me:
    current = store.me()
    return {"person": person_summary(store, int(current["id"])) if current else None}


def me_add(store: Store, url: str, *, name: str | None = None) -> MeAdded:
    """Make the account behind ``url`` one of the user's own; its person becomes *me*.

    Any form of the URL finds the one account; it is created from the URL alone when it
    was never captured, so the user can declare an account before visiting it. ``name`` is
    the user's name on that account (the CLI asks for it when no captured profile says it);
    a captured own profile names them anyway.
    """
    ref = profile_ref(url)
    name = (name or "").strip()[:MAX_NAME] or None
    with store.write():
        account_id = profile_account(store, url)
        if name:
            account = store.account_by_id(account_id)
            store.upsert_account(AccountRecord(ref.network, account["key"], url.strip(), name=name))
        person_id = set_me(store, account_id)
    found = me(store)
    person = found["person"]
    named = person is not None and any(account["name"] for account in person["accounts"])
    return {"person_id": person_id, "network": ref.network, "key": ref.key, **found,
            "named": named}  # fmt: skip


def my_name(store: Store, url: str) -> str | None:
    """The name a captured profile gives the account behind ``url`` (the CLI asks for one
    when there is none)."""
    account = store.account(profile_ref(url))
    return account["name"] if account is not None else None
