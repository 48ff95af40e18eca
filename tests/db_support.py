"""Reading a store's rows in a test.

The store keeps its connection private (``metanet.store``); a test that checks what was
written, row by row, reads it here, in the store's own connection and transaction.
"""

from __future__ import annotations

from typing import Any

from metanet.store import Store


def raw(store: Store) -> Any:
    """The store's sqlite-utils database (``.execute``, ``.query``, ``.table(name)``)."""
    return store._db
