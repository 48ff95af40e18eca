"""A long-lived process's store follows the database file through a wipe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet.services import data
from metanet.services.long_lived import FollowedStore
from metanet.store import Store


@pytest.fixture
def followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FollowedStore]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    store = FollowedStore()
    yield store
    store.close()


def names() -> list[str | None]:
    with Store() as fresh:
        return list(fresh.all_person_names().values())


def test_a_wipe_between_requests_is_noticed_before_the_next(followed: FollowedStore) -> None:
    followed.run(lambda: followed.current().add_offline_person("Anna"))
    data.wipe()  # as `metanet wipe` in another process
    assert followed.moved()
    followed.run(lambda: followed.current().add_offline_person("Bert"))
    assert names() == ["Bert"]


def test_a_request_during_which_the_file_was_wiped_runs_again_on_the_new_one(
    followed: FollowedStore,
) -> None:
    """The capture committed to the file a wipe removed a moment later: acknowledged, it
    must be in the new database."""
    runs: list[int] = []

    def capture() -> int:
        person = followed.current().add_offline_person(f"Anna {len(runs)}")
        runs.append(person)
        if len(runs) == 1:
            data.wipe()  # right after the commit, before the reply
        return person

    followed.run(capture)
    assert len(runs) == 2 and names() == ["Anna 1"]


def test_a_database_moved_into_place_is_followed(followed: FollowedStore, tmp_path: Path) -> None:
    followed.current().add_offline_person("Anna")
    with Store(tmp_path / "other.db") as other:
        other.add_offline_person("Carla")
    followed.close()
    followed.current()
    (tmp_path / "other.db").replace(tmp_path / "metanet.db")
    for end in ("-wal", "-shm"):
        (tmp_path / f"other.db{end}").unlink(missing_ok=True)
    assert followed.moved()
    assert list(followed.current().all_person_names().values()) == ["Carla"]
