"""Several hosts (browser windows/profiles) and the summary page on one database at once.

Quick version: 4 writers x 40 captures while a reader queries; the long run
(`python bench/reliability.py concurrency`) does 4 x 500.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from metanet.services.pages import lookup
from metanet.store import Store
from tests.host_support import HostProcess
from tests.reliability import frames

WRITERS = 4
CAPTURES = int(os.environ.get("METANET_RELIABILITY_CAPTURES", "40"))


def write(home: Path, writer: int, errors: list[str]) -> None:
    host = HostProcess(home)
    try:
        for n in range(CAPTURES):
            url, html = frames.profile_page(writer, n)
            reply = host.ask({"id": n, "action": "capture", "url": url, "html": html})
            if not reply["ok"] or reply["result"]["outcome"] != "stored":
                errors.append(f"writer {writer} capture {n}: {reply}")
    finally:
        host.close()


def test_four_hosts_and_a_reader_lose_nothing(tmp_path: Path, monkeypatch: object) -> None:
    os.environ["METANET_HOME"] = str(tmp_path)
    Store().close()  # create the schema once, as the first start would
    errors: list[str] = []
    threads = [threading.Thread(target=write, args=(tmp_path, w, errors)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    reads = 0
    with Store(tmp_path / "metanet.db") as reader:
        while any(t.is_alive() for t in threads):
            url, _ = frames.profile_page(0, reads % CAPTURES)
            lookup(reader, url)  # the popup's question, while the writers write
            reader.list_people(50)  # the summary page's
            reads += 1
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(tmp_path / "metanet.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select count(*) from captures").fetchone() == (WRITERS * CAPTURES,)
        owners = db.execute("select count(*) from accounts where key like '%/w%/p%'").fetchone()
        assert owners == (WRITERS * CAPTURES,)
        # every page's two "knows" ties arrived, and each friend is one account
        assert db.execute("select count(*) from ties").fetchone() == (2 * WRITERS * CAPTURES,)
        friends = {n % 7 for n in range(CAPTURES)} | {n % 11 + 100 for n in range(CAPTURES)}
        assert db.execute("select count(*) from accounts where key like '%/f%'").fetchone() == (
            len(friends),
        )
    assert reads > 0
