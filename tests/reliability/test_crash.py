"""kill -9 the host at random points: the database stays whole and the next start works.

Quick version: 12 kills; the long run (`python bench/reliability.py crash`) does ≥ 100.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import frames
from hostproc import HostProcess

KILLS = int(os.environ.get("METANET_RELIABILITY_KILLS", "12"))


def check_whole(database: Path) -> int:
    """Integrity, and no half-stored capture: every capture row is complete."""
    with sqlite3.connect(database) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("pragma foreign_key_check").fetchall() == []
        tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
        if "captures" not in tables:  # killed before the first migration committed:
            assert tables <= {"_sqlite_migrations"}  # then nothing of it is there
            return 0
        half = db.execute(
            "select count(*) from captures where outcome = 'stored' and "
            "(accounts_seen is null or owner_account_id is null)"
        ).fetchone()
        assert half == (0,)
        # a stored capture's two ties are either both there or the capture is not
        missing = db.execute(
            "select count(*) from captures c where c.outcome = 'stored' and "
            "(select count(*) from tie_evidence e where e.capture_id = c.id) != 2"
        ).fetchone()
        assert missing == (0,)
        return int(db.execute("select count(*) from captures").fetchone()[0])


def test_kill_minus_nine_at_random_points(tmp_path: Path) -> None:
    rng = random.Random(9)
    stored = 0
    for round_ in range(KILLS):
        host = HostProcess(tmp_path)
        for n in range(rng.randrange(1, 30)):  # queue captures without waiting for replies
            url, html = frames.profile_page(round_, n)
            host.send({"id": n, "action": "capture", "url": url, "html": html})
        time.sleep(rng.uniform(0.0, 0.4))
        host.proc.send_signal(signal.SIGKILL)
        host.proc.wait()
        now_stored = (
            check_whole(tmp_path / "metanet.db") if (tmp_path / "metanet.db").exists() else 0
        )
        assert now_stored >= stored
        stored = now_stored
    survivor = HostProcess(tmp_path)
    assert survivor.ask({"id": 1, "action": "ping"})["ok"]
    url, html = frames.profile_page(999, 1)
    assert survivor.ask({"id": 2, "action": "capture", "url": url, "html": html})["ok"]
    assert survivor.close() == 0
    assert check_whole(tmp_path / "metanet.db") == stored + 1
