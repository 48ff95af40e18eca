"""The snapshot file next to the database: processes start from it, and it is never
trusted blindly (stale, damaged, another database's, or holding a forgotten person)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from metanet.answers import disk
from metanet.answers.build import build
from metanet.answers.service import snapshot_for
from metanet.services import data
from metanet.store import Store
from tests.answers_graph import OLD, Net
from tests.test_answers_snapshot import assert_same_graph


@pytest.fixture
def net(tmp_path: Path) -> Net:
    n = Net(tmp_path / "metanet.db")
    n.me("linkedin", "xing")
    n.tie("me", "anna")
    n.tie("me", "bob", "xing")
    n.tie("anna", "carl")
    n.tie("bob", "carl", "xing")
    n.relate("me", "carl", "golf partner")
    snapshot_for(n.store)  # a first build writes the file
    return n


def fresh_process(n: Net) -> Store:
    """A store of its own, as a new CLI call or host would open it."""
    return Store(n.store.path)


def test_a_new_process_starts_from_the_file(net: Net) -> None:
    path = disk.graph_path(net.store.path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    snap = snapshot_for(fresh_process(net))
    assert snap.origin == "file" and snap.refreshes == {"full": 0, "incremental": 0}
    assert_same_graph(snap, build(net.store.sql("answers")))


def test_rows_appended_since_are_caught_up(net: Net) -> None:
    net.tie("carl", "dora")
    net.tie("me", "erik")
    other = fresh_process(net)
    assert disk.open_file(other.sql("answers"), other.path)[1] == "behind"
    snap = snapshot_for(other)
    assert snap.origin == "file" and snap.refreshes == {"full": 0, "incremental": 1}
    assert_same_graph(snap, build(net.store.sql("answers")))


@pytest.mark.parametrize("limit", ["SAVE_LAG", "SAVE_GARBAGE"])
def test_a_process_that_caught_up_much_writes_the_file_again(
    net: Net, limit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from metanet.answers import service

    monkeypatch.setattr(service, limit, 0)
    other = fresh_process(net)
    snapshot_for(other)
    net.tie("carl", "dora")
    assert disk.open_file(other.sql("answers"), other.path)[1] == "behind"
    snapshot_for(other)
    assert disk.open_file(other.sql("answers"), other.path)[1] == "current"


def test_a_file_from_before_a_merge_is_rebuilt_and_rewritten(net: Net) -> None:
    before = os.stat(disk.graph_path(net.store.path)).st_mtime_ns
    net.acc("anna", "xing")  # the same human on a second network: a merge
    other = fresh_process(net)
    assert disk.open_file(other.sql("answers"), other.path)[1] == "stale"
    snap = snapshot_for(other)
    assert snap.origin == "built" and not snap.stale
    assert_same_graph(snap, build(net.store.sql("answers")))
    assert os.stat(disk.graph_path(net.store.path)).st_mtime_ns != before
    assert disk.open_file(other.sql("answers"), other.path)[1] == "current"


def test_an_old_file_is_rebuilt(net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disk, "MAX_AGE", timedelta(0))  # recency moves with the clock
    assert disk.open_file(net.store.sql("answers"), net.store.path)[1] == "stale"


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "empty", "not ours"])
def test_a_damaged_file_is_rejected_and_replaced(net: Net, damage: str) -> None:
    path = disk.graph_path(net.store.path)
    data = bytearray(path.read_bytes())
    if damage == "flip a byte":
        data[_array_start(data, "w")] ^= 0x40  # a tie's strength
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"SQLite format 3\x00" + bytes(200))
    path.write_bytes(bytes(data))
    other = fresh_process(net)
    assert disk.open_file(other.sql("answers"), other.path) == (None, "rejected")
    snap = snapshot_for(other)
    assert snap.origin == "built"
    assert_same_graph(snap, build(net.store.sql("answers")))
    assert disk.open_file(other.sql("answers"), other.path)[1] == "current"


def _array_start(data: bytearray, name: str) -> int:
    length: int
    _, length, _ = disk._PREFIX.unpack_from(data)
    header = json.loads(bytes(data[disk._PREFIX.size : disk._PREFIX.size + length]))
    start = -(-(disk._PREFIX.size + length) // disk.ALIGN) * disk.ALIGN
    return start + int(header["arrays"][name][2])


def test_the_file_of_another_database_is_rejected(net: Net, tmp_path: Path) -> None:
    other = Net(tmp_path / "other.db")
    other.me()
    other.tie("me", "anna")  # the same rows, but another database
    shutil.copy(disk.graph_path(net.store.path), disk.graph_path(other.store.path))
    assert disk.open_file(other.store.sql("answers"), other.store.path) == (None, "rejected")


def test_a_database_put_back_from_a_backup_is_not_continued(net: Net, tmp_path: Path) -> None:
    net.store.close()
    backup = tmp_path / "backup.db"
    shutil.copy(net.store.path, backup)
    again = Net(net.store.path)
    again.tie("carl", "dora")  # then the file is written with this row
    assert disk.save(again.store.sql("answers"), again.store.path, snapshot_for(again.store))
    again.store.close()
    shutil.copy(backup, net.store.path)  # the database goes back; the file stays
    for suffix in ("-wal", "-shm"):
        Path(str(net.store.path) + suffix).unlink(missing_ok=True)
    restored = Net(net.store.path)
    restored.tie("carl", "emil")  # another row where the file has "dora"
    status = disk.open_file(restored.store.sql("answers"), restored.store.path)[1]
    assert status == "stale"
    assert_same_graph(snapshot_for(restored.store), build(restored.store.sql("answers")))


def test_forget_removes_the_file_and_the_next_one_lacks_the_person(net: Net) -> None:
    anna = net.person["anna"]
    data.forget(net.store, anna)
    assert not disk.graph_path(net.store.path).exists()
    snap = snapshot_for(fresh_process(net))  # written again, without anna
    assert disk.graph_path(net.store.path).exists()
    on_disk, _ = disk.read(net.store.path)
    assert on_disk.degree(anna) == 0
    assert all(anna not in on_disk.row(p)[0] for p in range(on_disk.size))
    assert_same_graph(snap, build(net.store.sql("answers")))


def test_a_rebuild_begun_before_a_forget_cannot_write_its_file(net: Net) -> None:
    before = build(net.store.sql("answers"))  # read while anna was still there
    data.forget(net.store, net.person["anna"])
    assert disk.save(net.store.sql("answers"), net.store.path, before) is False
    assert not disk.graph_path(net.store.path).exists()
    assert not list(net.store.path.parent.glob("*.graph.tmp-*"))


def test_wipe_removes_the_file(net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METANET_HOME", str(net.store.path.parent))
    net.store.close()
    removed = data.wipe()["removed"]
    assert str(disk.graph_path(net.store.path)) in removed
    assert not list(net.store.path.parent.glob("metanet.db*"))


def test_a_rebuild_that_read_a_wiped_database_writes_no_file(
    net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild (or a host) still connected to the removed file must not write its graph,
    which names everyone wiped, next to the new database."""
    monkeypatch.setenv("METANET_HOME", str(net.store.path.parent))
    reader = disk.connect(net.store.path, timeout=5)  # as the rebuild process holds it
    snap = build(reader)
    net.store.close()
    data.wipe()
    assert disk.save(reader, net.store.path, snap) is False
    Store(net.store.path).close()  # a new database at the same path
    assert disk.save(reader, net.store.path, snap) is False
    assert not disk.graph_path(net.store.path).exists()
    reader.close()


def test_removing_a_network_removes_the_file(net: Net) -> None:
    data.forget_network(net.store, "xing")
    assert not disk.graph_path(net.store.path).exists()
    snap = snapshot_for(fresh_process(net))
    assert snap.degree(net.person["bob"]) == 0
    assert_same_graph(snap, build(net.store.sql("answers")))


def test_wipe_removes_the_file_of_a_database_outside_the_data_folder(
    net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary page's wipe of a ``--db`` database (web/views/data.reopen_empty)."""
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "home"))
    net.store.close()
    removed = data.wipe(net.store.path)["removed"]
    assert str(disk.graph_path(net.store.path)) in removed
    assert not disk.graph_path(net.store.path).exists()


def test_old_ties_keep_their_strength_through_the_file(net: Net) -> None:
    """The file keeps the recency cutoff it was built with: a catch-up reads new ties
    with the same rule, so the numbers do not shift between processes."""
    snap, header = disk.read(net.store.path)
    assert header["cutoff"] == snap.cutoff and header["cutoff"] > OLD
