"""Measure the answers on a generated ego network, beside networkx on the same graph.

Usage (one bounded run; the heavy network needs ~3 GB of disk and a few minutes). The
run writes to the database (captures, a merge): measure a copy.
    python bench/answers_generate.py heavy /tmp/heavy.db
    python bench/answers_bench.py /tmp/heavy.db > bench/answers-heavy.json
    BENCH_PHASES=ours,host python bench/answers_bench.py …   (some phases only)

Phases, each in its own process so memory figures are not mixed:
  prepare   a full build (what a rebuild costs) and a current snapshot file
  ours      the host's path in process, from the file: lookup, paths, reach, search;
            captures of 500 people (a contact's list, a list away from the user, the
            user's own list) each followed by a lookup and a search; a merge (answers
            stale while the rebuild runs in its own process, then taken up)
  host      the real `metanet host`: cold start to ping, start to the first lookup's
            answer, a fresh host's first capture, lookups via frames
  cli       `metanet paths X` and `metanet search WORD`: wall time and peak memory
  regression  lookups with issue 13's paths fix and with the regression put back
  networkx  the reference: graph.to_networkx() load and networkx's own routines
  circles   on a network with circles (answers_generate.py circles): lookup and paths with
            the circles and, alternating on the same snapshot, with them left out; targets
            who are in circles; circle changes (a page's 30 members, a 500-member list, a
            member removed, the user joining) each followed by the refresh and a lookup
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WORDS = ("Geschäftsführer", "München", "Maschinenbau München", "CFO Berlin", "Berger",
         "Managing Director", "Software Hamburg", "Prokurist Logistik", "Ärztin",
         "Wien")  # fmt: skip


def rss_mb(pid: int | str = "self") -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            name, value = line.split(":")
            fields[name] = round(int(value.split()[0]) / 1024, 1)
    return fields


def stats(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 3),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 3),
        "max_ms": round(ms[-1], 3),
    }


def timed(fn: Any, *args: Any, **kw: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - started, result


def timed_each(fn: Any, items: list[Any]) -> tuple[dict[str, float], dict[str, float]]:
    """``fn`` on every item: wall-time and CPU-time statistics (on a shared machine the
    wall time is mostly waiting for a core; the CPU time is closer to an idle machine's)."""
    wall, cpu = [], []
    for item in items:
        used = time.process_time()
        wall.append(timed(fn, item)[0])
        cpu.append(time.process_time() - used)
    return stats(wall), stats(cpu)


def samples(db: Path, n: int, seed: int = 1) -> dict[str, list[int]]:
    """Persons at degree 1, degree 2 and anywhere, each with a LinkedIn account."""
    import sqlite3

    conn = sqlite3.connect(db)
    rng = random.Random(seed)
    me = conn.execute("select id from persons where is_me = 1").fetchone()[0]
    linked = {  # generated people (key u<person>), not people a bench run captured or merged
        pid for (pid, key) in conn.execute(
            "select person_id, key from accounts where network = 'linkedin' and key like 'u%'"
        ) if key == f"u{pid}"
    }  # fmt: skip
    d1 = sorted(
        p
        for (p,) in conn.execute(
            "select sb.person_id from ties t join accounts sa on sa.id = t.src_account_id "
            "join accounts sb on sb.id = t.dst_account_id where sa.person_id = ?",
            [me],
        )
        if p in linked
    )
    everyone = sorted(linked)
    conn.close()
    return {"me": [me], "d1": rng.sample(d1, n), "any": rng.sample(everyone, 2 * n)}


def phase_prepare(db: Path) -> dict[str, Any]:
    """A full build (what a rebuild after a merge costs) and a current snapshot file."""
    from metanet.answers import disk
    from metanet.answers.build import build
    from metanet.store import Store

    store = Store(db)
    load_s, snap = timed(build, store.sql("answers"))
    out: dict[str, Any] = {"full_build_s": round(load_s, 2), "rss_mb": rss_mb()}
    save_s, _ = timed(disk.save, store.sql("answers"), db, snap)
    out["file_write_s"] = round(save_s, 2)
    out["file_mb"] = round(disk.graph_path(db).stat().st_size / 2**20, 1)
    out["graph"] = {"persons": snap.size - 1, "tie_entries": snap.entries() // 2}
    out["circle_memberships"] = snap.circles.by_person.used
    return out


def _capture(store: Any, owner_account: int, network: str, tag: str, n: int = 500) -> None:
    """What a capture of a list of ``n`` new people writes: one transaction, their search
    words included (``services.changes.change`` indexes them as every capture does)."""
    from metanet.answers import index_after_change
    from metanet.model import AccountRecord

    with store.write():
        for i in range(n):
            key = f"bench-{tag}-{i}"
            acc = store.upsert_account(
                AccountRecord(network, key, f"https://example.org/{key}", name=f"New {i}")
            )
            store.add_tie(owner_account, acc, network=network, kind="contact", directed=False)
        index_after_change(store)


def phase_ours(db: Path) -> dict[str, Any]:
    """The host's path in process: from the current file, then every answer."""
    from metanet.answers import reach as reach_mod
    from metanet.answers.explain import paths_answer
    from metanet.answers.paths import best_routes
    from metanet.answers.search import search
    from metanet.answers.service import snapshot_for
    from metanet.answers.shared import shared_connections
    from metanet.services import long_lived, pages
    from metanet.store import Store

    long_lived.declare()  # as the host and the summary server do
    out: dict[str, Any] = {}
    picks = samples(db, 300)
    store = Store(db)
    out["rss_before_mb"] = rss_mb()
    ready_s, snap = timed(snapshot_for, store)
    out["graph_ready_from_file_s"] = round(ready_s, 3)
    out["origin"] = snap.origin
    out["rss_after_ready_mb"] = rss_mb()
    targets = picks["d1"][:100] + picks["any"][:400]
    urls = [f"https://www.linkedin.com/in/u{p}/" for p in targets]
    for url in urls[:20]:
        pages.lookup(store, url)  # warm caches as a running host would be
    out["lookup"], out["lookup_cpu"] = timed_each(lambda u: pages.lookup(store, u), urls * 2)
    out["shared_only"] = stats([timed(shared_connections, store, snap, t)[0] for t in targets])
    out["paths_ranking_only"], out["paths_ranking_only_cpu"] = timed_each(
        lambda t: best_routes(snap, t), targets
    )
    out["paths_answer"], out["paths_answer_cpu"] = timed_each(
        lambda t: paths_answer(store, snap, t), targets
    )
    reach_mod._CACHE.clear()
    used = time.process_time()
    cold, _ = timed(reach_mod.reach, snap)
    cold_cpu = time.process_time() - used
    warm = [timed(reach_mod.reach, snapshot_for(store))[0] for _ in range(50)]
    out["reach"] = {
        "cold_ms": round(cold * 1000, 1),
        "cold_cpu_ms": round(cold_cpu * 1000, 1),
        "warm": stats(warm),
    }
    for hops in (2, 3):
        per_query = {}
        every = []
        for words in WORDS:
            runs = [timed(search, store, snap, words, hops=hops)[0] for _ in range(5)]
            every += runs
            found = search(store, snap, words, hops=hops)
            per_query[words] = {"total": found["total"], **stats(runs)}
        out[f"search_{hops}_hops"] = {"all": stats(every), "per_query": per_query}
    out["captures"] = _captures(store, picks, urls)
    out["merge"] = _merge(store, picks, urls)
    out["rss_end_mb"] = rss_mb()
    return out


def _captures(store: Any, picks: dict[str, list[int]], urls: list[str]) -> dict[str, Any]:
    """Captures of 500 new people, each followed by a lookup and a 3-hop search: on a
    contact's list, on a list away from the user, and on the user's own list."""
    from metanet.answers.search import search
    from metanet.answers.service import snapshot_for
    from metanet.services import pages

    snap = snapshot_for(store)
    me = snap.me
    d2 = [p for p in picks["any"] if snap.degree_of[p] == 2]
    mine = int(store.viewer_account("linkedin"))
    owners = {
        "contacts_list": [int(store.person_accounts(p)[0]["id"]) for p in picks["d1"][1:11]],
        "away_from_you": [int(store.person_accounts(p)[0]["id"]) for p in d2[:6]],
        "your_own_list": [mine, mine, mine],
    }
    warm = [timed(pages.lookup, store, u)[0] for u in urls[:200]]
    out: dict[str, Any] = {"warm_lookup": stats(warm)}
    stamp = int(time.time())
    for kind, accounts in owners.items():
        first, refresh, search_first = [], [], []
        for i, account in enumerate(accounts):
            network = store.account_by_id(account)["network"]
            full_before = snapshot_for(store).counters.full
            _capture(store, account, network, f"{stamp}-{kind}-{i}")
            url = urls[(7 * i) % len(urls)]
            started = time.perf_counter()
            snapshot_for(store)
            refresh.append(time.perf_counter() - started)
            pages.lookup(store, url)
            first.append(time.perf_counter() - started)
            assert snapshot_for(store).counters.full == full_before, "a capture rebuilt"
        for i, account in enumerate(accounts[:3]):
            network = store.account_by_id(account)["network"]
            _capture(store, account, network, f"{stamp}-{kind}-s{i}")
            search_first.append(
                timed(search, store, snapshot_for(store), WORDS[i % len(WORDS)], hops=3)[0]
            )
        out[kind] = {
            "first_lookup_after": stats(first),
            "of_which_refresh": stats(refresh),
            "first_search_3_hops_after": stats(search_first),
        }
    snap = snapshot_for(store)
    out["me_unchanged"] = snap.me == me
    out["counters"] = snap.refreshes
    out["lookup_after_captures"] = stats([timed(pages.lookup, store, u)[0] for u in urls[:200]])
    return out


def _merge(store: Any, picks: dict[str, list[int]], urls: list[str]) -> dict[str, Any]:
    """Merge two people: the next lookups answer from the previous snapshot, marked stale,
    while the rebuild runs in a process of its own; then the rebuilt file is taken up."""
    from metanet.answers.service import snapshot_for
    from metanet.identity.persons import Merge, merge_persons
    from metanet.services import pages

    keep, other = picks["any"][-1], picks["any"][-2]
    merge_persons(store, [Merge(keep, other, "bench", "user", None)])
    started = time.perf_counter()
    first = pages.lookup(store, urls[3])
    first_s = time.perf_counter() - started
    stale = [timed(pages.lookup, store, u)[0] for u in urls[:100]]
    flagged = bool(first["paths"]) and snapshot_for(store).stale
    while snapshot_for(store).stale:
        time.sleep(0.05)
    rebuilt_s = time.perf_counter() - started
    after = [timed(pages.lookup, store, u)[0] for u in urls[:200]]
    snap = snapshot_for(store)
    return {
        "first_lookup_after_ms": round(first_s * 1000, 1),
        "lookups_while_rebuilding": stats(stale),
        "answers_marked_stale": flagged,
        "rebuilt_and_taken_up_s": round(rebuilt_s, 1),
        "lookup_after": stats(after),
        "merged_person_degree": snap.degree(keep),
        "origin_after": snap.origin,
    }


def _unfixed_candidates(snap: Any, target: int, max_hops: int = 4) -> Any:
    """``paths.candidates`` as it was before the fix of issue 13 (a079ee5): its bounds
    counted candidates through the user's own contacts, which the detour rule rejects."""
    import numpy as np

    from metanet.answers.paths import GATHER_BUDGET

    ny, wy, _ = snap.row(target)
    b2, b3 = snap.f1[ny] * wy, snap.f2[ny] * wy
    mids = np.flatnonzero(ny != snap.me)
    mids = mids[np.argsort(-wy[mids], kind="stable")]
    cut = int(np.searchsorted(np.cumsum(snap.row_lengths(ny[mids])), GATHER_BUDGET, "right"))
    owner, nx_, wx, _ = snap.gather(ny[mids][:cut])
    y4 = ny[mids][:cut][owner].astype(np.int64)
    return (
        np.concatenate([b2, b3, snap.f2[nx_] * wx * wy[mids][:cut][owner]]),
        np.concatenate([np.full(len(ny), -2), np.full(len(ny), -1), nx_.astype(np.int64)]),
        np.concatenate([ny.astype(np.int64), ny.astype(np.int64), y4]),
        cut < len(mids),
    )


def phase_regression(db: Path) -> dict[str, Any]:
    """The lookup with and without the fix of issue 13's paths regression, alternating
    target by target on the same snapshot (same machine, same moment)."""
    from metanet.answers import paths
    from metanet.answers.service import snapshot_for
    from metanet.services import pages
    from metanet.store import Store

    picks = samples(db, 300)
    store = Store(db)
    snapshot_for(store)
    urls = [f"https://www.linkedin.com/in/u{p}/" for p in picks["d1"][:100] + picks["any"][:400]]
    fixed, unfixed = paths.candidates, _unfixed_candidates
    times: dict[str, list[float]] = {"fixed": [], "unfixed": []}
    same = 0
    for url in urls:
        answers = []
        for name, fn in (("fixed", fixed), ("unfixed", unfixed)):
            paths.candidates = fn  # type: ignore[assignment]
            took, found = timed(pages.lookup, store, url)
            times[name].append(took)
            answers.append([p["score"] for p in found["paths"]])
        same += answers[0] == answers[1]
    paths.candidates = fixed
    return {
        "lookup_with_fix": stats(times["fixed"]),
        "lookup_with_the_regression_put_back": stats(times["unfixed"]),
        "same_answers": f"{same} of {len(urls)}",
    }


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack("=I", len(body)) + body


def read_frame(stream: Any) -> dict[str, Any]:
    (length,) = struct.unpack("=I", stream.read(4))
    return json.loads(stream.read(length))  # type: ignore[no-any-return]


def _home(db: Path) -> Path:
    """A METANET_HOME whose metanet.db is the bench database (with WAL, shm and graph)."""
    home = Path(tempfile.mkdtemp(prefix="metanet-bench-"))
    for suffix in ("", "-wal", "-shm", ".graph"):
        if Path(str(db) + suffix).exists():
            os.symlink(str(db) + suffix, home / f"metanet.db{suffix}")
    return home


def _xing_list(owner: str, tag: str, cards: int = 100) -> str:
    sys.path.insert(0, str(Path(__file__).parent))
    from quick import xing_page

    return xing_page(owner, tag, cards)


def phase_host(db: Path) -> dict[str, Any]:
    """The real ``metanet host``: cold start, warm-up, first answers, lookups via frames."""
    home = _home(db)
    env = {**os.environ, "METANET_HOME": str(home)}
    exe = [sys.executable, "-m", "metanet", "host"]
    picks = samples(db, 100, seed=2)
    urls = [f"https://www.linkedin.com/in/u{p}/" for p in picks["d1"] + picks["any"]]
    out: dict[str, Any] = {}

    def start() -> Any:
        return subprocess.Popen(exe, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def ask(proc: Any, message: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        started = time.perf_counter()
        proc.stdin.write(frame(message))
        proc.stdin.flush()
        reply = read_frame(proc.stdout)
        return time.perf_counter() - started, reply

    def stop(proc: Any) -> None:
        proc.stdin.close()
        proc.wait()

    pings, first_answer, first_capture, first_capture_after_pause = [], [], [], []
    for n in range(5):  # the browser starts: ping, then the popup's lookup at once
        started = time.perf_counter()
        proc = start()
        ask(proc, {"id": 1, "action": "ping"})
        pings.append(time.perf_counter() - started)
        _, reply = ask(proc, {"id": 2, "action": "lookup", "url": urls[n]})
        assert reply["ok"] and reply["result"]["known"], reply
        first_answer.append(time.perf_counter() - started)
        stop(proc)
    conn = sqlite3.connect(db)
    owners = [  # direct contacts with a XING account: their list grows by 100
        str(key)
        for (key,) in conn.execute(
            f"select key from accounts where network = 'xing' and person_id in "
            f"({','.join(str(p) for p in picks['d1'])})"
        )
    ]
    conn.close()
    for n, owner in enumerate(owners[:8]):  # ping, then a capture: at once, or 1 s later
        proc = start()
        ask(proc, {"id": 1, "action": "ping"})
        if n % 2:
            time.sleep(1.0)
        page = _xing_list(owner, f"host-{int(time.time())}-{n}")
        url = f"https://www.xing.com/profile/{owner}/contacts"
        took, reply = ask(proc, {"id": 2, "action": "capture", "url": url, "html": page})
        assert reply["ok"], reply
        (first_capture_after_pause if n % 2 else first_capture).append(took)
        stop(proc)
    out["cold_start_to_ping"] = stats(pings)
    out["start_to_first_lookup_answer"] = stats(first_answer)
    out["first_capture_100_cards_right_after_ping"] = stats(first_capture)
    out["first_capture_100_cards_1s_after_ping"] = stats(first_capture_after_pause)
    proc = start()
    ask(proc, {"id": 0, "action": "ping"})
    ready, reply = ask(proc, {"id": 1, "action": "reach"})
    assert reply["ok"], reply
    out["first_reach_after_ping_s"] = round(ready, 2)
    out["host_memory_after_load_mb"] = rss_mb(proc.pid)
    out["lookup_via_frames"] = stats(
        [ask(proc, {"id": 2, "action": "lookup", "url": u})[0] for u in urls]
    )
    out["host_memory_end_mb"] = rss_mb(proc.pid)
    stop(proc)
    shutil.rmtree(home)
    return out


def phase_cli(db: Path) -> dict[str, Any]:
    """``metanet paths X`` and ``metanet search WORD``: wall time and peak memory each."""
    home = _home(db)
    env = {**os.environ, "METANET_HOME": str(home)}
    picks = samples(db, 20, seed=3)
    runs: dict[str, list[tuple[float, float]]] = {"paths": [], "search": []}
    commands = [("paths", ["paths", str(p)]) for p in picks["any"][:10]] + [
        ("search", ["search", *w.split()]) for w in WORDS
    ]
    for name, args in commands:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "metanet", *args], env=env, stdout=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        assert status == 0, (args, status)
        runs[name].append((time.perf_counter() - started, usage.ru_maxrss / 1024))
    shutil.rmtree(home)
    return {
        name: {
            "wall": stats([w for w, _ in values]),
            "max_rss_mb": round(max(m for _, m in values), 1),
        }
        for name, values in runs.items()
    }


def phase_networkx(db: Path) -> dict[str, Any]:
    import math

    import networkx as nx

    from metanet.answers.service import snapshot_for
    from metanet.graph import to_networkx
    from metanet.store import Store

    picks = samples(db, 300)
    store = Store(db)
    out: dict[str, Any] = {"rss_before_mb": rss_mb()}
    load_s, graph = timed(lambda: to_networkx(store, snapshot_for(store)))
    out["load_s"] = round(load_s, 1)
    out["rss_after_load_mb"] = rss_mb()
    me = picks["me"][0]
    targets = picks["d1"][:100] + picks["any"][:400]
    out["shared_set_intersection"] = stats(
        [timed(lambda t: set(graph[me]) & set(graph[t]), t)[0] for t in targets if t in graph]
    )
    out["bidirectional_shortest_path"] = stats(
        [timed(_bidir, nx, graph, me, t)[0] for t in targets[:200] if t in graph]
    )
    out["all_shortest_paths_first3 (old graph.shortest_paths)"] = stats(
        [timed(_first_shortest, nx, graph, me, t)[0] for t in targets[:50] if t in graph]
    )
    weight_s, _ = timed(_set_costs, graph, math)
    out["set_edge_costs_s"] = round(weight_s, 1)
    ksp = []
    for t in targets[100:103]:
        ksp.append(timed(_k_shortest, nx, graph, me, t)[0])
    out["weighted_k_shortest_simple_paths_k3"] = stats(ksp)
    reach_s, lengths = timed(nx.single_source_shortest_path_length, graph, me, cutoff=2)
    out["reach_bfs_cutoff2_ms"] = round(reach_s * 1000, 1)
    out["reach_counts"] = {
        "degree1": sum(1 for v in lengths.values() if v == 1),
        "degree2": sum(1 for v in lengths.values() if v == 2),
    }
    out["rss_end_mb"] = rss_mb()
    return out


def _bidir(nx: Any, graph: Any, a: int, b: int) -> Any:
    try:
        return nx.bidirectional_shortest_path(graph, a, b)
    except nx.NetworkXNoPath:
        return None


def _first_shortest(nx: Any, graph: Any, a: int, b: int) -> Any:
    try:
        found = []
        for path in nx.all_shortest_paths(graph, a, b):
            found.append(path)
            if len(found) == 3:
                break
        return found
    except nx.NetworkXNoPath:
        return None


def _set_costs(graph: Any, math: Any) -> None:
    """A cost per edge like ours: -log(noisy-or of 0.35 per network or relation)."""
    for _, _, data in graph.edges(data=True):
        data["cost"] = -math.log(1 - 0.65 ** len(data["via"]))


def _k_shortest(nx: Any, graph: Any, a: int, b: int) -> Any:
    found = []
    try:
        for path in nx.shortest_simple_paths(graph, a, b, weight="cost"):
            found.append(path)
            if len(found) == 3:
                break
    except nx.NetworkXNoPath:
        pass
    return found


def _in_circles(db: Path, n: int, seed: int = 3) -> list[int]:
    """Generated people (a LinkedIn account keyed u<person>) who are in a circle."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select distinct a.person_id, a.key from circle_members m join accounts a "
        "on a.id = m.account_id where a.network = 'linkedin'"
    ).fetchall()
    conn.close()
    found = sorted(p for p, key in rows if key == f"u{p}")
    return random.Random(seed).sample(found, min(n, len(found)))


def _alternating(snap: Any, layer: Any, fn: Any, items: list[Any], block: int = 25) -> Any:
    """``fn`` on every item with the circles and without them, in alternating blocks on the
    same snapshot (the same machine, the same moment); each item twice, as a host would
    meet it again. Remembered answers are dropped at every switch."""
    from metanet.answers.circle_graph import CircleLayer

    empty = CircleLayer.empty()
    names = ("with_circles", "without_circles")
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for start in range(0, len(items), block):
        for name, chosen in zip(names, (layer, empty), strict=True):
            snap.circles = chosen
            snap.memo.clear()
            snap._memo_at.clear()
            for item in items[start : start + block] * 2:
                used = time.process_time()
                times[name].append(timed(fn, item)[0])
                cpu[name].append(time.process_time() - used)
    snap.circles = layer
    snap.memo.clear()
    found: dict[str, Any] = {name: stats(times[name]) for name in names}
    # CPU time beside wall time: on a shared machine the wall time is mostly waiting
    found.update({f"{name}_cpu": stats(cpu[name]) for name in names})
    return found


def phase_circles(db: Path) -> dict[str, Any]:
    """Lookup and paths on a network with circles, beside the same without them; the
    refresh after changes of circles."""
    from metanet.answers.explain import paths_answer
    from metanet.answers.paths import best_routes
    from metanet.answers.service import snapshot_for
    from metanet.model import AccountRecord
    from metanet.services import long_lived, pages
    from metanet.store import Store

    long_lived.declare()
    store = Store(db)
    ready_s, snap = timed(snapshot_for, store)
    layer = snap.circles
    out: dict[str, Any] = {
        "graph_ready_from_file_s": round(ready_s, 3),
        "origin": snap.origin,
        "memberships": layer.by_person.used,
        "circles_that_connect": int((layer.base > 0).sum()),
        "user_reaches_through_circles_alone": int(((layer.e1 > 0) & (snap.f1 == 0)).sum()),
        "rss_mb": rss_mb(),
    }
    picks = samples(db, 300)
    members = _in_circles(db, 200)
    targets = picks["d1"][:100] + picks["any"][:400] + members
    urls = [f"https://www.linkedin.com/in/u{p}/" for p in targets]
    for url in urls[:20]:
        pages.lookup(store, url)
    out["lookup"] = _alternating(snap, layer, lambda u: pages.lookup(store, u), urls)
    out["lookup_members_only"] = _alternating(
        snap, layer, lambda u: pages.lookup(store, u), urls[-len(members) :]
    )
    out["paths_ranking_only"] = _alternating(snap, layer, lambda t: best_routes(snap, t), targets)
    out["paths_answer"] = _alternating(snap, layer, lambda t: paths_answer(store, snap, t), targets)
    through = 0
    for target in members:
        found = paths_answer(store, snap, target)
        through += any(
            place["network"] == "circle" for p in found["paths"] for h in p["hops"]
            for place in h["via"]
        )  # fmt: skip
    out["member_targets_with_a_path_through_a_circle"] = f"{through} of {len(members)}"
    out["changes"] = _circle_changes(store, picks, urls, AccountRecord)
    out["rss_end_mb"] = rss_mb()
    return out


def _circle_changes(store: Any, picks: dict[str, list[int]], urls: list[str], record: Any) -> Any:
    """Changes of circles, each followed by the refresh and the first lookup after it."""
    from metanet.answers.service import snapshot_for
    from metanet.services import pages

    conn = store.sql("answers")
    big = [int(r[0]) for r in conn.execute(
        "select circle_id from circle_members group by circle_id having count(*) > 400 limit 5"
    )]  # fmt: skip
    me = snapshot_for(store).me
    accounts = [int(store.person_accounts(p)[0]["id"]) for p in picks["any"][:100]]
    stamp = int(time.time())

    def page_of_30(i: int) -> None:  # a GitHub organisation page: 30 members of one circle
        with store.write():
            for j in range(30):
                key = f"bench-{stamp}-{i}-{j}"
                acc = store.upsert_account(record("github", key, f"https://github.com/{key}"))
                store.add_membership(big[i % len(big)], acc, source="page")

    def roster_of_500(i: int) -> None:  # a member list into a new circle
        with store.write():
            circle = store.add_circle(f"Bench roster {stamp}-{i}", "club", origin="user")
            for j in range(500):
                acc = store.upsert_account(record("offline", f"bench-{stamp}-r{i}-{j}", "",
                                                  name=f"Mitglied {j}"))  # fmt: skip
                store.add_membership(circle, acc, source="roster")

    def member_leaves(i: int) -> None:  # someone leaves a 400+-member circle
        row = conn.execute("select account_id from circle_members where circle_id = ? "
                           "limit 1 offset ?", [big[i % len(big)], i]).fetchone()  # fmt: skip
        store.remove_memberships(big[i % len(big)], [int(row[0])])

    def user_joins(i: int) -> None:  # the user joins a 400+-member circle
        store.add_membership(big[i % len(big)], int(store.person_accounts(me)[0]["id"]),
                             source="user")  # fmt: skip

    def contact_joins(i: int) -> None:  # one of the user's contacts joins a circle
        store.add_membership(big[(i + 2) % len(big)], accounts[i], source="user")

    out: dict[str, Any] = {}
    for name, change in (("page_of_30_members", page_of_30), ("roster_of_500", roster_of_500),
                         ("member_leaves", member_leaves), ("user_joins", user_joins),
                         ("contact_joins", contact_joins)):  # fmt: skip
        refresh, first, refresh_cpu = [], [], []
        full = snapshot_for(store).counters.full
        for i in range(5):
            change(i)
            started, used = time.perf_counter(), time.process_time()
            snapshot_for(store)
            refresh.append(time.perf_counter() - started)
            refresh_cpu.append(time.process_time() - used)
            pages.lookup(store, urls[(11 * i) % len(urls)])
            first.append(time.perf_counter() - started)
        out[name] = {
            "refresh": stats(refresh),
            "refresh_cpu": stats(refresh_cpu),
            "first_lookup_after": stats(first),
            "rebuilt": snapshot_for(store).counters.full != full,
        }
    out["warm_lookup_after"] = stats([timed(pages.lookup, store, u)[0] for u in urls[:200]])
    return out


PHASES = {
    "prepare": phase_prepare,
    "ours": phase_ours,
    "host": phase_host,
    "cli": phase_cli,
    "regression": phase_regression,
    "networkx": phase_networkx,
    "circles": phase_circles,
}


def machine() -> dict[str, str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "?",
    )  # fmt: skip
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "python": sys.version.split()[0]}


if __name__ == "__main__":
    database = Path(sys.argv[1])
    if len(sys.argv) > 2:  # one phase, in a process of its own
        print(json.dumps(PHASES[sys.argv[2]](database)))
        raise SystemExit(0)
    results: dict[str, Any] = {"machine": machine(), "database": str(database)}
    wanted = os.environ.get("BENCH_PHASES", ",".join(PHASES)).split(",")
    for name in wanted:
        done = subprocess.run(
            [sys.executable, __file__, str(database), name], capture_output=True, text=True
        )
        if done.returncode:
            results[name] = {"error": done.stderr[-2000:]}
        else:
            results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name} done", file=sys.stderr)
    print(json.dumps(results, indent=2, ensure_ascii=False))
