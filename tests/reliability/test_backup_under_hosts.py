"""Backups taken and restored while browsers' hosts write: nothing acknowledged is lost.

* a backup taken while 4 real `metanet host` processes capture (each reply awaited, as
  the extension does) restores to a database that passes ``PRAGMA integrity_check`` and
  holds every capture acknowledged before the backup began;
* a restore while a host captures: the host carries on with the restored database;
  every capture acknowledged before the restore began is in the database kept aside,
  every one acknowledged after it ended is in the restored one; a person forgotten in the
  backup's database stays forgotten (its key came with it).

The long run (`python bench/reliability.py backup N`) does more rounds and prints figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.host_support import HostProcess
from tests.reliability import frames
from tests.reliability.test_wipe_under_host import Captures, capture_until_stopped, stored_numbers

HOSTS = 4
ROUNDS = int(os.environ.get("METANET_RELIABILITY_BACKUPS", "1"))


def metanet(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "metanet", *args],
        env={**os.environ, "METANET_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run


def integrity(database: Path) -> str:
    with contextlib.closing(sqlite3.connect(database.as_uri() + "?mode=ro", uri=True)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def wait_for_captures(logs: list[Captures], count: int, timeout: float = 60) -> None:
    """Until every host acknowledged ``count`` captures (they start slowly on 2 cores)."""
    deadline = time.monotonic() + timeout
    while any(len(log.acked) < count for log in logs) and time.monotonic() < deadline:
        time.sleep(0.05)


def backup_round(tmp: Path, round_: int) -> dict[str, int]:
    """4 hosts capture; a backup is taken meanwhile and restored into a fresh folder."""
    home, fresh = tmp / f"home{round_}", tmp / f"fresh{round_}"
    home.mkdir()
    hosts = [HostProcess(home) for _ in range(HOSTS)]
    logs = [Captures() for _ in hosts]
    target = tmp / f"backup{round_}.zip"
    try:
        for host in hosts:
            assert host.ask({"id": "p", "action": "ping"})["ok"]
        workers = [
            threading.Thread(target=capture_until_stopped, args=(h, log, 10 * round_ + i))
            for i, (h, log) in enumerate(zip(hosts, logs, strict=True))
        ]
        for worker in workers:
            worker.start()
        wait_for_captures(logs, 5)
        began = time.monotonic()
        taken = json.loads(metanet(home, "backup", str(target), "--json").stdout)
        ended = time.monotonic()
        wait_for_captures(logs, max(len(log.acked) for log in logs) + 3)
        for log in logs:
            log.stop.set()
        for worker in workers:
            worker.join(timeout=60)
        assert all(log.failed == [] for log in logs), [log.failed[:2] for log in logs]
    finally:
        for host in hosts:
            assert host.close() == 0
    metanet(fresh, "restore", str(target))
    restored = fresh / "metanet.db"
    assert integrity(restored) == "ok"
    before = lost = during = 0
    for i, log in enumerate(logs):
        stored = stored_numbers(restored, 10 * round_ + i)
        acked_before = {n for n, at in log.acked.items() if at < began}
        before += len(acked_before)
        lost += len(acked_before - stored)
        during += len({n for n, at in log.acked.items() if began <= at <= ended})
    return {
        "acknowledged_before": before,
        "during_backup": during,
        "lost": lost,
        "captures_in_backup": taken["counts"]["captures"],
        "backup_ms": round(1000 * taken["seconds"]),
    }


def test_backup_during_four_hosts_captures_restores_whole(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        counts = backup_round(tmp_path, round_)
        assert counts["acknowledged_before"] > 0 and counts["lost"] == 0, counts


def test_restore_while_a_host_captures(tmp_path: Path) -> None:
    # the backup's database: one person captured, another captured and forgotten
    source, home = tmp_path / "source", tmp_path / "home"
    source.mkdir()
    home.mkdir()
    kept_url, kept_page = frames.profile_page(90, 1)
    gone_url, gone_page = frames.profile_page(90, 2)
    writer = HostProcess(source)
    try:
        for n, (url, page) in enumerate([(kept_url, kept_page), (gone_url, gone_page)]):
            assert writer.ask({"id": n, "action": "capture", "url": url, "html": page})["ok"]
    finally:
        assert writer.close() == 0
    metanet(source, "forget", gone_url, "--yes")
    metanet(source, "backup", str(tmp_path / "b.zip"))

    host = HostProcess(home)
    log = Captures()
    try:
        assert host.ask({"id": "p", "action": "ping"})["ok"]
        worker = threading.Thread(target=capture_until_stopped, args=(host, log, 91))
        worker.start()
        wait_for_captures([log], 5)
        began = time.monotonic()
        restored = metanet(home, "restore", str(tmp_path / "b.zip"), "--yes", "--json")
        ended = time.monotonic()
        wait_for_captures([log], len(log.acked) + 5)
        log.stop.set()
        worker.join(timeout=60)
        assert log.failed == []
        known = host.ask({"id": "k", "action": "lookup", "url": kept_url})["result"]
        assert known["known"] is True
        again = host.ask({"id": "g", "action": "capture", "url": gone_url, "html": gone_page})
        assert again["ok"]
        forgotten = host.ask({"id": "f", "action": "lookup", "url": gone_url})["result"]
        assert forgotten["known"] is False  # the backup's key came with it
    finally:
        assert host.close() == 0
    aside = Path(json.loads(restored.stdout)["aside"])
    before = {n for n, at in log.acked.items() if at < began}
    after = {n for n, at in log.acked.items() if at > ended}
    assert before and after
    assert before <= stored_numbers(aside, 91)
    assert after <= stored_numbers(home / "metanet.db", 91)
    assert stored_numbers(home / "metanet.db", 90) == {1}


def test_a_running_host_takes_the_daily_backup(tmp_path: Path) -> None:
    """A folder chosen and no backup yet: the host's warm-up after its first ping starts
    the automatic backup in a process of its own; the folder gets one, the host answers."""
    from metanet.services import backup
    from metanet.store import Store

    home, folder = tmp_path / "home", tmp_path / "usb"
    home.mkdir()
    folder.mkdir()
    with Store(home / "metanet.db") as store:
        backup.set_folder(store, folder)
    host = HostProcess(home)
    try:
        assert host.ask({"id": "p", "action": "ping"})["ok"]
        deadline = time.monotonic() + 60
        while not list(folder.glob("metanet-auto-*.zip")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert host.ask({"id": "q", "action": "ping"})["ok"]
    finally:
        assert host.close() == 0
    assert len(list(folder.glob("metanet-auto-*.zip"))) == 1
    with Store(home / "metanet.db") as store:
        assert backup.status(store)["last_at"] is not None
