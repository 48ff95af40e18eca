"""What the host's actions share within one process."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metanet.store import Store


class HostContext:
    """What handlers share within one host process: the store, opened on first use.

    ``ping`` must answer fast on a cold start, so nothing heavy is imported or opened
    until an action needs it.
    """

    def __init__(self) -> None:
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from metanet.store import Store

            self._store = Store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
