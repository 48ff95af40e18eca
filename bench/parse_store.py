"""Parse + store time for a 1 MB LinkedIn connections page with 500 cards, end to end.

    python bench/parse_store.py [RUNS]      (default 30; writes bench/REPORT-parse-store.md)

The page is generated from the real "My Network → Connections" page
(shared/fixtures/real/linkedin/connections-list-2025-brocc.html): its first card is
repeated 500 times with a different member each time (slug, name, headline, URN), inside
the real page around it. To land near 1 MB, as the issue asks, each card loses the
inline ghost-head SVG and keeps the first two of its hashed class names; the elements,
``data-view-name`` hooks, links and texts are the real card's.

What is timed, per run: a capture frame written to a freshly started ``metanet host``
(a new, empty database each run, after a ``lookup`` so that start-up and opening the
database are not counted) until
its reply frame is read: frame decoding, parsing, storing 500 accounts and 500 ties in one
transaction, the compressed raw page, and the reply. A second capture of the same page in
the same host (all accounts known) is timed as "re-capture". In-process figures for the
parts are given beside them.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from metanet import capture as capture_module
from metanet.protocol import encode
from metanet.services.pages import capture
from metanet.sites import linkedin, tree
from metanet.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the host helper, shared with the tests

from tests.host_support import HostProcess  # noqa: E402

REAL = (
    ROOT.parent / "shared" / "fixtures" / "real" / "linkedin" / "connections-list-2025-brocc.html"
)
REPORT = ROOT / "bench" / "REPORT-parse-store.md"
URL = "https://www.linkedin.com/mynetwork/invite-connect/connections/"
CARDS = 500
# One card of the real page: from its list wrapper to the next one (or to the button after
# the last card).
_NEXT = r'(?=<div class="[^"]*" data-view-name="connections-list">|<div class="[^"]*"><button)'
_CARD = re.compile(r'<div class="[^"]*" data-view-name="connections-list">.*?' + _NEXT, re.S)


def make_page(cards: int = CARDS, member: str = "member") -> str:
    """The real page with its 10 cards replaced by ``cards`` generated ones (their slugs
    ``<member>-NNNN-x``)."""
    page = REAL.read_text(encoding="utf-8")
    found = list(_CARD.finditer(page))
    if len(found) != 10:
        raise SystemExit(f"expected the real page's 10 cards, found {len(found)}")
    template = re.sub(r"<svg\b.*?</svg>", "", found[0].group(0), flags=re.S)
    template = re.sub(
        r'class="([^"]*)"', lambda m: 'class="' + " ".join(m.group(1).split()[:2]) + '"', template
    )
    generated = []
    for n in range(cards):
        urn = f"ACoAAB{n:06d}BBdx0NVHTz0TfZmiuyJ7LEN1GS3E"[:39]
        generated.append(
            template.replace("kenaizawa", f"{member}-{n:04d}-x")
            .replace("Ken Aizawa", f"Person {n:04d} Example")
            .replace("VP of Engineering at TheTake.ai", f"Engineer {n} at Company {n % 37}")
            .replace("ACoAABfOTBcBBdx0NVHTz0TfZmiuyJ7LEN1GS3E", urn)
        )
    return page[: found[0].start()] + "".join(generated) + page[found[-1].end() :]


NOTES = [
    "## The choice, and where the time goes",
    "",
    "- Every page is read with lxml only (`sites/tree.py`: UTF-8 bytes into a plain etree",
    "  HTML parser, compiled XPath on stable hooks such as `data-view-name`). BeautifulSoup is",
    "  not used by any parser: its tree alone costs several times the whole parse (rows above).",
    "  Profile pages: `bench/parse_profiles.py`. The extension still sends the whole page (it is",
    "  kept for `metanet reparse`); cutting it down in the extension was not needed.",
    "- The store writes the ~2,500 rows of a 500-card capture (per card: a person, an",
    "  account, a `same_as` link, a tie and its evidence) with plain SQL inside the capture's",
    "  one transaction: the new accounts (aliases included) and those stored and named by",
    "  their key in a few `executemany` statements for the whole list (`Store.upsert_accounts`,",
    "  which imports use too), the ties likewise (`Store.add_ties`); a stored account named",
    "  with aliases (a LinkedIn card seen again) goes through `upsert_account` one by one.",
    "  sqlite-utils' `insert()` re-reads the table's metadata on every call, so the hot path",
    "  left it (schema, migrations and FTS stay with sqlite-utils).",
    "- `text.clean_url` keeps a plain absolute link (ASCII host) and `linkedin.normalise`",
    "  keys `https://www.linkedin.com/in/<slug>/` by one regular expression each, without",
    "  `urlsplit`.",
    "- The in-process captures are parsed every time: the latest parses (`capture.parse_once`,",
    "  which serves a popup's preview and the capture after it from one parse) are cleared",
    "  first. Until 2026-12-07 they were not, so the row of the same page then left the",
    "  parse out. The row of members not seen before is what a host's first capture of a",
    "  list costs; its steps are timed inside it (`STEPS`), and issue 15's figure,",
    "  parse + store with the search words, is that capture without the identity",
    "  resolution and the saved requests' notices that follow the store.",
    "- Exact-evidence identity resolution runs inside every capture's transaction",
    "  (`identity.resolve_change`, called by `services.changes.change`).",
    "- A capture's transaction keeps its statement journals in memory",
    "  (`store.journals_in_memory`, `PRAGMA temp_store = MEMORY` while it begins): a row",
    "  written by a statement with triggers or constraints journals the pages it touches,",
    "  and past 64 KiB SQLite spilled that journal into a temporary file (~9,000 writes,",
    "  ~18 MB of page copies for this page). Commits go through the WAL as before.",
    "- The headline row is a capture as a user makes it: the extension pings the companion",
    "  when the browser starts and the host warms up after that reply (imports what a",
    "  capture needs); the capture comes a second later. Without the ping (the row below it,",
    "  the figure this bench printed before 2026-12-06 19:20) the capture also pays for",
    "  those imports. The warm-up's helper processes (graph file, backup check) run at",
    "  `nice` 10 and the backup check starts only after the graph is loaded, so a capture",
    "  arriving meanwhile comes first. Compare figures only with the load average above.",
]


#: the extension pings the companion when the browser starts (background/messages.js), and
#: the host warms up after that reply (actions/context.py); a user's first capture comes
#: later. Issue 13's target counts a capture this long after the ping.
WARM_SECONDS = 1.0


def end_to_end(page: str, runs: int, *, ping: bool) -> tuple[list[float], list[float]]:
    """A fresh host's first capture and a re-capture; ``ping``: as the extension starts it
    (a ping, then the capture a second later), else right after a lookup without a ping
    (the host has not warmed up: the capture also pays for importing what it needs)."""
    frame = encode({"id": 1, "action": "capture", "url": URL, "title": "Connections", "html": page})
    first: list[float] = []
    again: list[float] = []
    for _ in range(runs):
        # the ping's backup check may still write beside the database after the host left
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as home:
            host = HostProcess(Path(home))
            if ping:
                host.ask({"id": 0, "action": "ping"})
            # A lookup opens (and migrates) the database, which ping does not: start-up
            # is not what is measured.
            host.ask({"id": 0, "action": "lookup", "url": "https://example.com/"})
            if ping:
                time.sleep(WARM_SECONDS)
            for times in (first, again):
                start = time.perf_counter()
                host.send_raw(frame)
                reply = host.read()
                times.append((time.perf_counter() - start) * 1000)
                result = reply.get("result") or {}
                if result.get("outcome") != "stored" or result.get("ties_seen") != CARDS:
                    raise SystemExit(f"unexpected reply: {json.dumps(reply)[:300]}")
            host.close()
    return first, again


#: steps of a capture timed inside it: (module, attribute) of the real function each is
STEPS = {
    "parse": ("metanet.capture", "parse_guarded"),
    "search words": ("metanet.services.changes", "index_after_change"),
    "identity resolution": ("metanet.services.changes", "resolve_change"),
    "saved requests' notices": ("metanet.services.changes", "notices_after_change"),
}


@contextlib.contextmanager
def timing_steps(spent: dict[str, float]) -> Iterator[None]:
    """Add the milliseconds each of :data:`STEPS` takes to ``spent`` while the block runs
    (the real functions, wrapped where their callers look them up)."""
    saved = []
    for name, (module_name, attribute) in STEPS.items():
        module = importlib.import_module(module_name)
        real = getattr(module, attribute)

        def timed(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + (time.perf_counter() - start) * 1000

        setattr(module, attribute, timed)
        saved.append((module, attribute, real))
    try:
        yield
    finally:
        for module, attribute, real in saved:
            setattr(module, attribute, real)


def in_process(page: str, runs: int) -> dict[str, list[float]]:
    """The parts, timed in this process: the trees, the parser, a whole capture, and the
    steps of a capture of members this process has not seen."""
    work: dict[str, Callable[[], object]] = {
        "lxml tree only": lambda: tree.load_tree(page, "bench"),
        "linkedin.parse (lxml: what the host runs)": lambda: linkedin.parse(URL, page),
        "BeautifulSoup(lxml) tree only, for comparison": lambda: BeautifulSoup(page, "lxml"),
    }
    ingest_name = "services.pages.capture (parse + store + words + resolve), empty database"
    fresh_name = f"{ingest_name}, members not seen before in this process"
    target_name = (
        "of that: parse + store + search words (issue 15's figure: the capture without "
        "identity resolution and notices)"
    )
    parts: dict[str, list[float]] = {name: [] for name in [*work, ingest_name, fresh_name]}
    parts[target_name] = []
    parts.update({f"of that: {step}": [] for step in STEPS})
    for run in range(runs):
        for name, job in work.items():
            start = time.perf_counter()
            job()
            parts[name].append((time.perf_counter() - start) * 1000)
        # The same page again profits from what a process remembers of its links and
        # names; a host's first capture of a list does not. Neither is served from the
        # latest parses (a popup's preview of the same page would be): the parse is timed.
        for name, html in ((ingest_name, page), (fresh_name, make_page(member=f"run{run}"))):
            spent: dict[str, float] = {}
            capture_module._RECENT.clear()
            with (
                tempfile.TemporaryDirectory() as home,
                Store(Path(home) / "metanet.db") as db,
                timing_steps(spent),
            ):
                start = time.perf_counter()
                capture(db, URL, html)
                total = (time.perf_counter() - start) * 1000
            parts[name].append(total)
            if name == fresh_name:
                for step in STEPS:
                    parts[f"of that: {step}"].append(spent.get(step, 0.0))
                later = spent.get("identity resolution", 0.0) + spent.get(
                    "saved requests' notices", 0.0
                )
                parts[target_name].append(total - later)
    return parts


def quantiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def machine() -> str:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}; "
        f"Python {platform.python_version()}; {platform.platform()}; "
        "load average at the end {:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())
    )


def commit() -> str:
    """The commit measured (a report states it), marked when the tree has changes."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head}{' + uncommitted changes' if dirty else ''}" if head else "unknown"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    page = make_page()
    check = linkedin.parse(URL, page)
    assert len(check.accounts) == CARDS and len(check.ties) == CARDS
    first, again = end_to_end(page, runs, ping=True)
    cold, _ = end_to_end(page, runs, ping=False)
    parts = in_process(page, max(10, runs // 3))
    rows = [
        ("capture, empty database, 1 s after the ping (host, end to end)", first),
        ("re-capture, same page (host, end to end)", again),
        ("capture, empty database, no ping: host not warmed up (host, end to end)", cold),
    ]
    rows += [(f"{name} (in process)", values) for name, values in parts.items()]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# Parse + store: 1 MB connections page, 500 cards",
        "",
        f"Generated by `python bench/parse_store.py {runs}` on {stamp}, at commit `{commit()}`.",
        f"Machine: {machine()}. The machine was shared with other work while this ran.",
        "",
        f"Page: {len(page.encode('utf-8')):,} bytes, {CARDS} cards in the real 2025 card structure "
        "(see the module docstring); the frame is the capture request as the extension sends it.",
        "",
        "| what | runs | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in rows:
        p50, p95, top = quantiles(values)
        lines.append(f"| {name} | {len(values)} | {p50:.1f} | {p95:.1f} | {top:.1f} |")
    lines += ["", *NOTES, ""]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
