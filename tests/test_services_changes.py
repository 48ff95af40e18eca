"""What every change shares (metanet.services.changes): one transaction, its journals in
memory; the words index and identity resolution inside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.model import AccountRecord
from metanet.services import changes
from metanet.services.changes import change
from metanet.store import Store
from tests.db_support import raw


def test_a_change_keeps_its_journals_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the change's transaction temp_store is MEMORY (its statement journals spill
    into no temporary file), the indexing and resolution included; the default after."""
    seen: list[int] = []

    def resolve(store: Store, *args: object, **kwargs: object) -> None:
        seen.append(int(raw(store).execute("PRAGMA temp_store").fetchone()[0]))

    monkeypatch.setattr(changes, "resolve_change", resolve)
    with Store(tmp_path / "metanet.db") as store:
        with change(store) as done:
            record = AccountRecord("linkedin", "ann-a", "https://www.linkedin.com/in/ann-a/")
            done.touched = [store.upsert_account(record)]
        assert seen == [2]
        assert int(raw(store).execute("PRAGMA temp_store").fetchone()[0]) == 0
        assert store.account(record.ref) is not None
