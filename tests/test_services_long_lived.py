"""A long-lived process's store follows the database file through a wipe; it keeps the
memory one answer frees for the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


#: in a process of its own: 16 MB taken, freed and taken again, as two answers do; how many
#: page faults the second took (each page it gets from the system anew is one)
FAULTS_OF_SECOND = """
import json, resource, sys
from metanet.services.long_lived import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == "keep" else False
first = b"a" * (16 << 20)
del first
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
second = b"b" * (16 << 20)
print(json.dumps([kept, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before]))
"""


def faults_of_second(how: str) -> tuple[bool, int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        env.pop(name, None)
    out = subprocess.run(
        [sys.executable, "-c", FAULTS_OF_SECOND, how], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    kept, faults = json.loads(out.stdout)
    return bool(kept), int(faults)


def glibc() -> bool:
    try:
        return str(os.confstr("CS_GNU_LIBC_VERSION")).startswith("glibc")
    except (AttributeError, ValueError):  # not Unix, or no glibc
        return False


def huge_pages_always() -> bool:
    """Whether the kernel backs every large mapping with 2 MB pages (a fault per 2 MB)."""
    try:
        mode = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    except OSError:
        return False
    return "[always]" in mode


@pytest.mark.skipif(not glibc(), reason="glibc's malloc only")
def test_memory_freed_by_one_answer_is_kept_for_the_next() -> None:
    """16 MB are 4,096 pages: without the setting glibc unmaps the freed block and the
    second takes every page again; with it, the heap keeps them."""
    kept, faults = faults_of_second("keep")
    assert kept and faults < 100
    kept, faults = faults_of_second("default")
    assert not kept
    if not huge_pages_always():  # there the second block's pages come 2 MB at a time
        assert faults > 3_500
