"""Benchmark: import a generated 30,000-row LinkedIn Connections.csv into a fresh database.

Run from the repository root: ``python bench/import_linkedin.py [ROWS]``. It writes the CSV
in the current export layout (Notes preamble, 7 columns, ``DD Mon YYYY`` dates, a BOM,
quoted companies with commas, a share of empty e-mails), imports it with the same
``import_file`` the CLI uses, then imports it again (already imported) and a second export
with 1% of rows changed or removed, and prints a Markdown table of wall-clock times.
"""

from __future__ import annotations

import csv
import io
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
FIRST = ["Jürgen", "Zoë", "José", "Anna", "Mehmet", "Priya", "Lars", "Chloé", "Ólafur", "Ewa"]
LAST = ["Größ", "Ørsted", "Müller", "Yılmaz", "Nowak", "Schmidt", "García", "Dubois", "Kowalski"]
COMPANIES = ["Berger Maschinenbau GmbH", "Acme, Inc.", "Müller & Söhne KG", "Globex", "Initech"]
ROLES = ["Geschäftsführerin", "Prokurist", "Software Engineer", "Sales Manager", "CTO"]


def export(rows: int, seed: int, changed: float = 0.0) -> bytes:
    out = io.StringIO()
    out.write("\ufeff" + PREAMBLE)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    drift = random.Random(seed + 1)
    for i in range(rows):
        rng = random.Random(seed * 1_000_003 + i)  # the same person in every export
        if changed and drift.random() < changed / 2:
            continue  # removed since the last export
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = rng.choice(COMPANIES)
        if changed and drift.random() < changed / 2:
            company = "New Employer AG"
        email = f"{first.lower()}.{i}@example.com" if rng.random() < 0.1 else ""
        month = rng.choice(["Jan", "Mar", "Oct"])
        day = f"{rng.randint(1, 28):02d} {month} {rng.randint(2008, 2026)}"
        writer.writerow(
            [first, last, f"https://www.linkedin.com/in/member-{i:06d}", email, company,
             rng.choice(ROLES), day]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    with tempfile.TemporaryDirectory() as home:
        os.environ["METANET_HOME"] = home
        from metanet.imports.pipeline import parse_parts
        from metanet.services.imports import import_file
        from metanet.store import Store

        first, second = export(rows, seed=1), export(rows, seed=1, changed=0.02)
        timings = []
        start, cpu = time.perf_counter(), time.process_time()
        parse_parts(export(rows, seed=1), "Connections.csv", None)
        parse_only = (time.perf_counter() - start, time.process_time() - cpu)
        with Store(Path(home) / "metanet.db") as store:
            for label, data in (
                ("first import", first),
                ("same file again", first),
                ("newer export (1% changed, 1% removed)", second),
            ):
                start, cpu = time.perf_counter(), time.process_time()
                result = import_file(store, data, "Connections.csv")
                took, cpu = time.perf_counter() - start, time.process_time() - cpu
                timings.append((label, result.entries, len(result.changes), took, cpu))
    python = platform.python_version()
    print(f"Machine: {os.cpu_count()} cores (nproc), {cpu_model()}, Python {python}")
    print(f"Rows: {rows}, file {len(first) / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}")
    print(
        f"Parsing alone (decode, CSV, URL normalisation): {parse_only[0]:.2f} s wall, "
        f"{parse_only[1]:.2f} s CPU\n"
    )
    print("| run | contacts | changes | wall s | CPU s | rows/s (wall) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, entries, changes, took, cpu in timings:
        rate = f"{entries / took:,.0f}" if entries else "-"
        print(f"| {label} | {entries:,} | {changes:,} | {took:.2f} | {cpu:.2f} | {rate} |")


if __name__ == "__main__":
    main()
