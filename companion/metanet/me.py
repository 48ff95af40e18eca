"""Declaring the user's own accounts: shared by ``metanet me add`` and the ``me_add`` action."""

from __future__ import annotations

from typing import Any

from metanet import sites
from metanet.model import AccountRecord


class NotAProfile(ValueError):
    """The URL is not a profile address any parser understands."""


def declare_me(store: Any, url: str) -> dict[str, Any]:
    """Make the account behind ``url`` one of the user's own; return what was declared.

    The account is created from the URL alone when it was never captured, so the user can
    declare an account before visiting it.
    """
    ref = sites.normalise(url)
    if ref is None:
        raise NotAProfile(f"not a profile address Metanet understands: {url}")
    account = store.account(ref)
    account_id = (
        int(account["id"])
        if account
        else store.upsert_account(AccountRecord(ref.network, ref.key, url))
    )
    person_id = store.set_me(account_id)
    return {"person_id": person_id, "network": ref.network, "key": ref.key}
