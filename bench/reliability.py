"""Long runs of the reliability checks, with the figures for docs/RELIABILITY.md.

    python bench/reliability.py fuzz [FRAMES]        random frames through the real host
    python bench/reliability.py concurrency [N]      4 hosts x N captures + a reader
    python bench/reliability.py crash [KILLS]        kill -9 the host at random points
    python bench/reliability.py wipe [ROUNDS]        captures through a host while another
                                                     process wipes: acknowledged vs stored
    python bench/reliability.py forget [ROUNDS]      forget someone named only in encoded
                                                     forms: traces left anywhere
    python bench/reliability.py backup [ROUNDS]      a backup while 4 hosts capture, restored
                                                     into a fresh folder: acknowledged vs kept

The quick versions of the same checks run in CI (tests/reliability/).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the reliability helpers, shared with the tests

from tests.reliability import frames  # noqa: E402

from metanet.protocol import encode  # noqa: E402


def fuzz(total: int, chunk: int = 10_000) -> dict[str, object]:
    """``total`` seeded random frames, ``chunk`` per host process; count replies and faults."""
    started = time.perf_counter()
    sent = answered = internal = tracebacks = failures = 0
    codes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "METANET_HOME": home}
        for seed in range(0, total, chunk):
            count = min(chunk, total - seed)
            data, owed = frames.stream(seed=seed, count=count)
            run = subprocess.run(
                [sys.executable, "-m", "metanet", "host"],
                input=data + encode({"id": "last", "action": "ping"}),
                capture_output=True,
                env=env,
                timeout=3600,
            )
            sent += count
            tracebacks += run.stderr.count(b"Traceback")
            failures += run.returncode != 0
            offset = replies = 0
            while offset < len(run.stdout):
                (length,) = struct.unpack("=I", run.stdout[offset : offset + 4])
                reply = json.loads(run.stdout[offset + 4 : offset + 4 + length])
                offset += 4 + length
                replies += 1
                if not reply["ok"]:
                    code = reply["error"]["code"]
                    codes[code] = codes.get(code, 0) + 1
                    internal += code == "internal"
            answered += replies - 1
            assert replies - 1 == owed, f"seed {seed}: {replies - 1} replies for {owed} frames"
    return {
        "frames": sent,
        "replies": answered,
        "error_replies": codes,
        "internal_errors": internal,
        "tracebacks_on_stderr": tracebacks,
        "host_exit_failures": failures,
        "seconds": round(time.perf_counter() - started, 1),
    }


def pytest_run(test: str, env_name: str, value: int) -> dict[str, object]:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / test)],
        env={**os.environ, env_name: str(value)},
        capture_output=True,
        text=True,
    )
    return {
        env_name: value,
        "passed": run.returncode == 0,
        "summary": run.stdout.strip().splitlines()[-1],
        "seconds": round(time.perf_counter() - started, 1),
    }


def wipe(rounds: int) -> dict[str, object]:
    """Rounds of tests/reliability/test_wipe_under_host.py's round, its counts summed."""
    import random

    from tests.reliability.test_wipe_under_host import wipe_round

    started = time.perf_counter()
    totals: dict[str, int] = {}
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as home:
        for round_ in range(rounds):
            for name, count in wipe_round(Path(home), round_, rng).items():
                totals[name] = totals.get(name, 0) + count
    return {"rounds": rounds, **totals, "seconds": round(time.perf_counter() - started, 1)}


def backup(rounds: int) -> dict[str, object]:
    """Rounds of tests/reliability/test_backup_under_hosts.py's round, its counts summed."""
    from tests.reliability.test_backup_under_hosts import backup_round

    started = time.perf_counter()
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(rounds):
            for name, count in backup_round(Path(folder), round_).items():
                totals[name] = totals.get(name, 0) + count
    totals["backup_ms_mean"] = totals.pop("backup_ms") // max(rounds, 1)
    return {"rounds": rounds, **totals, "seconds": round(time.perf_counter() - started, 1)}


#: how pages name Thomas Müller without his name or key appearing byte for byte
ENCODINGS = [
    "<p>Thomas M&uuml;ller</p>",
    "<p>&#84;homas M&#xFC;ller</p>",
    '<a href="/in/thomas%2Dmueller%2Dconsulting/">Profil</a>',
    '<a href="https://www.xing.com/profile/Thomas%5FMueller42">XING</a>',
    "<p><b>Thomas</b><i>M&#252;ller</i></p>",
    '<script>{"n": "Thomas M\\u00fcller"}</script>',
    '<script>{"u": "https:\\/\\/www.linkedin.com\\/in\\/thomas-mueller-consulting"}</script>',
    "<li>M&uuml;ller, Thomas</li>",
    '<a href="/search?q=Thomas+M%C3%BCller">x</a>',
    "<p>Thomas%20M%26uuml%3Bller</p>",
    "<p>THOMAS&nbsp;MUELLER</p>",
]


def forget(rounds: int) -> dict[str, object]:
    """Per round: the demo, pages naming Thomas only in encoded forms (each encoding alone
    and a random mix, among pages that do not name him), forget him, then look for him
    in every table, the search index, every stored page decoded, the database and WAL."""
    import random

    from tests.test_forget import traces

    from metanet.capture import ingest
    from metanet.demo.seed import load
    from metanet.services import data
    from metanet.services.people import find_person
    from metanet.store import Store

    rng = random.Random(16)
    started = time.perf_counter()
    pages = removed = others_kept = found = 0
    for round_ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            os.environ["METANET_HOME"] = folder
            store = Store()
            load(store)
            naming = [*ENCODINGS, "".join(rng.sample(ENCODINGS, 3))]
            for n, body in enumerate(naming):
                ingest(store, f"https://club{round_}.example.org/p{n}", f"<html>{body}</html>")
            for n in range(5):
                ingest(store, f"https://club{round_}.example.org/o{n}", "<p>Thomasina Meier</p>")
            pages += len(naming)
            report = data.forget(store, find_person(store, "Thomas Müller"))
            removed += report["raw_pages_removed"]
            others_kept += sum(
                1 for c in store.capture_rows() if "/o" in c["url"] and store.capture_html(c["id"])
            )
            found += len(traces(store, home))
    return {
        "rounds": rounds,
        "pages_naming_him": pages,
        "pages_removed": removed,
        "pages_not_naming_him_kept": others_kept,
        "traces_in_tables_fts_pages_wal": found,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    what = sys.argv[1]
    amount = int(sys.argv[2]) if len(sys.argv) > 2 else None
    if what == "fuzz":
        result = fuzz(amount or 100_000)
    elif what == "concurrency":
        result = pytest_run(
            "tests/reliability/test_concurrency.py", "METANET_RELIABILITY_CAPTURES", amount or 500
        )
    elif what == "crash":
        result = pytest_run(
            "tests/reliability/test_crash.py", "METANET_RELIABILITY_KILLS", amount or 100
        )
    elif what == "wipe":
        result = wipe(amount or 20)
    elif what == "forget":
        result = forget(amount or 20)
    elif what == "backup":
        result = backup(amount or 10)
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
