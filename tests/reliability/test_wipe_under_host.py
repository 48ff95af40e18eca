"""`metanet wipe` while the browser's host runs: the host notices before its next request,
carries on with a new database and loses no capture it acknowledged.

Quick version: 2 rounds; the long run (`python bench/reliability.py wipe`) does more.
Each round: a real `metanet host` captures pages one after the other (each reply awaited,
as the extension does) while `metanet wipe --yes` runs in another process; afterwards
every capture acknowledged after the wipe ended is in the database, and the stored
captures are an unbroken run up to the last (none acknowledged and then lost).
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.host_support import HostProcess
from tests.reliability import frames

ROUNDS = int(os.environ.get("METANET_RELIABILITY_WIPES", "2"))


def wipe(home: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "metanet", "wipe", "--yes"],
        env={**os.environ, "METANET_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr


@dataclass
class Captures:
    """What one capturing thread sent and when each reply came."""

    acked: dict[int, float] = field(default_factory=dict)  # n -> monotonic time of the reply
    failed: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def capture_until_stopped(host: HostProcess, log: Captures, round_: int) -> None:
    n = 0
    while not log.stop.is_set():
        url, html = frames.profile_page(round_, n)
        reply = host.ask({"id": n, "action": "capture", "url": url, "html": html})
        if reply.get("ok") and reply["result"]["outcome"] == "stored":
            log.acked[n] = time.monotonic()
        else:
            log.failed.append(str(reply))
        n += 1


def stored_numbers(database: Path, round_: int) -> set[int]:
    prefix = f"https://people.example.org/w{round_}/p"
    if not database.exists():  # everything went to the removed file
        return set()
    with contextlib.closing(sqlite3.connect(database.as_uri() + "?mode=ro", uri=True)) as db:
        if not db.execute("select 1 from sqlite_master where name = 'captures'").fetchone():
            return set()
        rows = db.execute(
            "select c.url from captures c join accounts a on a.id = c.owner_account_id "
            "where c.outcome = 'stored' and c.url like ?",
            [prefix + "%"],
        ).fetchall()
    return {int(url[len(prefix) :]) for (url,) in rows}


def wipe_round(home: Path, round_: int, rng: random.Random) -> dict[str, int]:
    """One round; returns its counts (the bench prints them)."""
    host = HostProcess(home)
    try:
        assert host.ask({"id": "p", "action": "ping"})["ok"]
        log = Captures()
        worker = threading.Thread(target=capture_until_stopped, args=(host, log, round_))
        worker.start()
        time.sleep(rng.uniform(0.3, 1.0))
        wipe(home)
        wiped_at = time.monotonic()
        time.sleep(rng.uniform(0.5, 1.0))
        log.stop.set()
        worker.join(timeout=60)
        assert log.failed == []
    finally:
        assert host.close() == 0
    stored = stored_numbers(home / "metanet.db", round_)
    after = {n for n, at in log.acked.items() if at > wiped_at}
    lost_after = after - stored
    # stored captures are an unbroken run up to the last: none after the first is missing
    holes = {n for n in log.acked if n > min(stored)} - stored if stored else set()
    return {
        "acknowledged": len(log.acked),
        "acknowledged_after_wipe": len(after),
        "stored_after_wipe": len(stored),
        "lost": len(lost_after | holes),
    }


def test_captures_while_another_process_wipes(tmp_path: Path) -> None:
    rng = random.Random(16)
    for round_ in range(ROUNDS):
        counts = wipe_round(tmp_path, round_, rng)
        assert counts["acknowledged_after_wipe"] > 0, counts
        assert counts["lost"] == 0, counts


def test_a_wiped_person_is_unknown_and_new_captures_stay(tmp_path: Path) -> None:
    """The host answers from the new database at once, also with a graph it had loaded
    (the warm-up after ping) from the old one, and what it stores survives its exit."""
    first_url, first_page = frames.profile_page(0, 1)
    second_url, second_page = frames.profile_page(1, 2)
    host = HostProcess(tmp_path)
    try:
        host.ask({"id": 0, "action": "capture", "url": first_url, "html": first_page})
        host.close()
        host = HostProcess(tmp_path)
        assert host.ask({"id": 1, "action": "ping"})["ok"]  # the warm-up loads the graph
        time.sleep(1.0)
        assert host.ask({"id": 2, "action": "lookup", "url": first_url})["result"]["known"]
        wipe(tmp_path)
        assert not (tmp_path / "metanet.db").exists()
        gone = host.ask({"id": 3, "action": "lookup", "url": first_url})
        assert gone["ok"] and gone["result"]["known"] is False
        stored = host.ask({"id": 4, "action": "capture", "url": second_url, "html": second_page})
        assert stored["result"]["outcome"] == "stored"
        found = host.ask({"id": 5, "action": "lookup", "url": second_url})["result"]
        assert found["known"] is True
        assert sorted(k["name"] for k in found["knows"]) == ["Friend 102", "Friend 2"]
    finally:
        assert host.close() == 0
    assert stored_numbers(tmp_path / "metanet.db", 1) == {2}
    assert stored_numbers(tmp_path / "metanet.db", 0) == set()
