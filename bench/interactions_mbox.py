"""Scanning a large mbox for interaction (issue 25): throughput and memory.

    python bench/interactions_mbox.py generate /tmp/big.mbox 1024   # MiB, seeded
    python bench/interactions_mbox.py scan /tmp/big.mbox            # headers → events
    python bench/interactions_mbox.py import /tmp/big.mbox          # into a fresh database

Each measuring phase runs in a process of its own and reports wall time, CPU time, MB/s
and the process's peak resident memory (``ru_maxrss``), as one JSON line. The generated
mailbox looks like a Gmail Takeout: long header blocks (Received chains, DKIM, ARC),
plain and HTML bodies, some base64 attachments, 300 correspondents, ten years of dates,
``From `` separators with ``>From`` escaping in bodies. Nothing generated is committed.
"""

from __future__ import annotations

import base64
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ME = "sabine.weber@example.com"


def _people(rng: random.Random) -> list[tuple[str, str]]:
    first = ["Anna", "Jürgen", "Zoë", "Bernd", "Clara", "Łukasz", "Mia", "Ömer", "Lena", "Tom"]
    last = ["Schmidt", "Größ", "Ørsted", "Keller", "Vogel", "Nowak", "Yılmaz", "Meier", "Roth"]
    people = []
    for i in range(300):
        f, la = rng.choice(first), rng.choice(last)
        people.append(
            (
                f"{f} {la}",
                f"{f.lower()}.{la.lower()}{i}@example.org".encode("ascii", "ignore").decode(),
            )
        )
    return people


def _encoded(name: str) -> str:
    if name.isascii():
        return f'"{name}"'
    return "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?="


def _headers(
    rng: random.Random, when: datetime, sender: tuple[str, str], to: list[tuple[str, str]], n: int
) -> str:
    received = "".join(
        f"Received: from mail{rng.randrange(1000)}.example.net (mail.example.net "
        f"[10.0.{rng.randrange(255)}.{rng.randrange(255)}])\n"
        f"        by mx.google.com with ESMTPS id {rng.getrandbits(64):x}\n"
        f"        for <{ME}>; {format_datetime(when)}\n"
        for _ in range(rng.randrange(2, 6))
    )
    dkim = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\n" + "".join(
        f"        b={base64.b64encode(rng.randbytes(48)).decode()}\n" for _ in range(4)
    )
    rcpt = ",\n ".join(f"{_encoded(nm)} <{ad}>" for nm, ad in to)
    reply = (
        f"In-Reply-To: <{n - 1}@bench.example>\nReferences: <{n - 1}@bench.example>\n"
        if n % 3
        else ""
    )
    return (
        f"From {sender[1]} {when.strftime('%a %b %d %H:%M:%S %Y')}\n"
        f"X-GM-THRID: {rng.getrandbits(60)}\nX-Gmail-Labels: Inbox,Important\n"
        f"Delivered-To: {ME}\n{received}{dkim}"
        f"From: {_encoded(sender[0])} <{sender[1]}>\nTo: {rcpt}\n"
        f"Subject: =?UTF-8?Q?Betreff_{n}_Gr=C3=BC=C3=9Fe?=\n"
        f"Date: {format_datetime(when)}\nMessage-ID: <{n}@bench.example>\n{reply}"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
    )


def generate(path: Path, mebibytes: int) -> None:
    rng = random.Random(25)
    people = _people(rng)
    me = ("Sabine Weber", ME)
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. From the office.\n" * 200
    blob = base64.encodebytes(rng.randbytes(3 * 1024 * 1024)).decode()
    start = datetime(2016, 1, 1, tzinfo=UTC)
    target = mebibytes * 1024 * 1024
    written = n = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while written < target:
            n += 1
            when = start + timedelta(minutes=rng.randrange(0, 10 * 365 * 24 * 60))
            other = rng.sample(people, rng.choice((1, 1, 1, 2, 3)))
            sender, to = (me, other) if rng.random() < 0.4 else (other[0], [me, *other[1:]])
            kind = rng.random()
            if kind < 0.7:
                body = text[: rng.randrange(500, 8000)]
            elif kind < 0.97:
                body = "<html><body>" + text[: rng.randrange(8000, 14000)] * 3 + "</body></html>\n"
            else:
                size = rng.randrange(50_000, 1_000_000)
                at = rng.randrange(0, len(blob) - size)
                body = (
                    text[:2000]
                    + "--b1\nContent-Transfer-Encoding: base64\n\n"
                    + blob[at : at + size]
                )
            body = body.replace("\nFrom ", "\n>From ")
            chunk = _headers(rng, when, sender, to, n) + "--b1\n" + body + "\n--b1--\n\n"
            out.write(chunk)
            written += len(chunk.encode())
    print(json.dumps({"generated": str(path), "bytes": written, "messages": n}))


def _measure(label: str, path: Path, run: object) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    count = run()  # type: ignore[operator]
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    size = path.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "phase": label,
                "bytes": size,
                "events": count,
                "wall_s": round(wall, 2),
                "cpu_s": round(used, 2),
                "mb_per_s_wall": round(size / 1e6 / wall, 1),
                "mb_per_s_cpu": round(size / 1e6 / used, 1),
                "peak_rss_mib": round(peak_kib / 1024, 1),
                "load": os.getloadavg(),
            }
        )
    )


def scan(path: Path) -> None:
    from metanet.imports.interactions.files import Me, read

    me = Me(emails=frozenset({ME}))
    _measure("scan", path, lambda: sum(1 for _ in read(path, me)))


def import_(path: Path) -> None:
    from metanet.answers.interactions import record
    from metanet.imports.interactions.files import Me, read
    from metanet.store import Store

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        me = Me(emails=frozenset({ME}))
        _measure("import", path, lambda: record(store, read(path, me)).new)


if __name__ == "__main__":
    command, file = sys.argv[1], Path(sys.argv[2])
    if command == "generate":
        generate(file, int(sys.argv[3]) if len(sys.argv) > 3 else 1024)
    elif command == "scan":
        scan(file)
    elif command == "import":
        import_(file)
    else:
        raise SystemExit(__doc__)
