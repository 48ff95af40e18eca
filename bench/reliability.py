"""Long runs of the reliability checks, with the figures for docs/RELIABILITY.md.

    python bench/reliability.py fuzz [FRAMES]        random frames through the real host
    python bench/reliability.py concurrency [N]      4 hosts x N captures + a reader
    python bench/reliability.py crash [KILLS]        kill -9 the host at random points

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
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

import frames  # noqa: E402

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
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
