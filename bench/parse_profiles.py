"""Warm parse time of every real profile page, beside a bare lxml parse of the same page.

    python bench/parse_profiles.py [RUNS]      (default 15; prints a table, writes nothing)

Issue 13's targets: a 300 kB profile parse ≤ 25 ms warm, a 700 kB one ≤ 40 ms. "Warm"
means in a running host: modules imported and compiled queries cached, so two parses of
each page are done before timing. Each figure is the median (and the fastest) of RUNS
parses of the saved page through ``capture.parse_guarded`` (what a capture runs:
detection, parsing, a parser failure reported), in this process.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the real-page list, shared with the tests

from tests.real_pages import REAL_FIXTURES, REAL_PAGES, expected  # noqa: E402

from metanet.capture import parse_guarded  # noqa: E402


def timed_ms(job: object, runs: int) -> tuple[float, float, float]:
    """(median wall, fastest wall, median CPU) of ``runs`` timed calls after two untimed
    ones. On a machine shared with other work the wall figures drift with its load; the
    fastest run and the process's CPU time drift least."""
    assert callable(job)
    for _ in range(2):
        job()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        job()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    rows = []
    for page in REAL_PAGES:
        if expected(page).get("kind") != "profile":
            continue
        html = (REAL_FIXTURES / page.path).read_text(encoding="utf-8")
        parse = timed_ms(lambda html=html, url=page.url: parse_guarded(url, html), runs)
        bare = timed_ms(lambda html=html: lxml.html.document_fromstring(html), runs)
        rows.append((page.path, len(html.encode("utf-8")) / 1000, bare, parse))
    print(f"{runs} warm runs each; load average {os.getloadavg()[0]:.1f}")
    print("| page | kB | bare lxml.html parse ms | parse ms |")
    print("|---|---:|---:|---:|")
    print("| (each: median wall / fastest wall / median CPU) | | | |")
    for path, size, bare, parse in sorted(rows, key=lambda row: -row[1]):
        print(f"| {path} | {size:.0f} | {_three(bare)} | {_three(parse)} |")


def _three(figures: tuple[float, float, float]) -> str:
    return " / ".join(f"{figure:.1f}" for figure in figures)


if __name__ == "__main__":
    main()
