"""What the store raises: each error is one of the kinds in :mod:`metanet.errors`."""

from __future__ import annotations

from metanet import errors


class StoreError(errors.InvalidInput):
    """A store operation was asked for something the data does not allow (a tie of an
    account to itself, a relation without a label)."""


class StoreBusy(errors.Busy, StoreError):
    """Another process held the database longer than we waited; nothing was written."""


class Forgotten(StoreError):
    """The user asked to forget this account; it is not created again by a capture or import."""


class DatabaseUnreadable(errors.Unreadable):
    """The database file is damaged or is not a database."""


class NotFound(errors.NotFound, StoreError):
    """The named account, person or capture does not exist."""
