"""kill -9 the host at random points: the database stays whole and the next start works.

Quick version: 12 kills; the long run (`python bench/reliability.py crash`) does ≥ 100.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.host_support import HostProcess
from tests.reliability import frames

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


def linkedin_export(rows: int, seed: int) -> bytes:
    """A LinkedIn Connections.csv with ``rows`` contacts (the current export layout)."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Jürgen{n},Größ{seed},https://www.linkedin.com/in/m{seed}-{n},,Acme,CEO,12 Mar 2021"
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def check_imports_whole(database: Path) -> int:
    """Every import row is complete, and its accounts and ties are all there."""
    with sqlite3.connect(database) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
        columns = {r[1] for r in db.execute("pragma table_info(imports)")}
        if "imports" not in tables or "entries" not in columns:
            return 0  # killed before the migrations were through: the next start ends them
        for import_id, entries, ties in db.execute("select id, entries, ties_seen from imports"):
            assert entries is not None and ties == entries, "an import was half stored"
            evidence = db.execute(
                "select count(*) from tie_evidence where import_id = ?", [import_id]
            ).fetchone()[0]
            assert evidence == ties
        return int(db.execute("select count(*) from imports").fetchone()[0])


def test_kill_minus_nine_during_imports(tmp_path: Path) -> None:
    rng = random.Random(11)
    env = {**os.environ, "METANET_HOME": str(tmp_path)}
    done = 0
    for round_ in range(KILLS // 3 or 1):
        export = tmp_path / f"Connections-{round_}.csv"
        export.write_bytes(linkedin_export(3000, round_))
        proc = subprocess.Popen(
            [sys.executable, "-m", "metanet", "import", str(export)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now_done = (
            check_imports_whole(tmp_path / "metanet.db")
            if (tmp_path / "metanet.db").exists()
            else 0
        )
        assert now_done >= done
        done = now_done
    final = tmp_path / "final.csv"
    final.write_bytes(linkedin_export(10, 999))
    run = subprocess.run([sys.executable, "-m", "metanet", "import", str(final)], env=env)
    assert run.returncode == 0
    assert check_imports_whole(tmp_path / "metanet.db") == done + 1
