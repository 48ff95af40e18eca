"""Measure the answers on a generated ego network, beside networkx on the same graph.

Usage (one bounded run; the heavy network needs ~3 GB of disk and a few minutes):
    python bench/answers_generate.py heavy /tmp/answers-heavy.db
    python bench/answers_bench.py /tmp/answers-heavy.db > bench/answers-heavy.json

Phases, each in its own process so memory figures are not mixed:
  ours      the host's path: Snapshot load, lookup, paths, reach, search, a 500-person capture
  host      the real `metanet host`: cold start to first ping, graph ready, lookups via frames
  networkx  the reference: graph.to_networkx() load and networkx's own routines
"""

from __future__ import annotations

import json
import os
import random
import shutil
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


def samples(db: Path, n: int, seed: int = 1) -> dict[str, list[int]]:
    """Persons at degree 1, degree 2 and anywhere, each with a LinkedIn account."""
    import sqlite3

    conn = sqlite3.connect(db)
    rng = random.Random(seed)
    me = conn.execute("select id from persons where is_me = 1").fetchone()[0]
    linked = {
        pid for (pid,) in conn.execute(
            "select person_id from accounts where network = 'linkedin' and key != '__viewer__'"
        )
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


def phase_ours(db: Path) -> dict[str, Any]:
    from metanet.answers import reach as reach_mod
    from metanet.answers.explain import paths_answer
    from metanet.answers.paths import best_routes
    from metanet.answers.search import search
    from metanet.answers.service import snapshot_for
    from metanet.answers.shared import shared_connections
    from metanet.model import AccountRecord
    from metanet.services import answers, pages
    from metanet.store import Store

    out: dict[str, Any] = {}
    picks = samples(db, 300)
    store = Store(db)
    out["rss_before_mb"] = rss_mb()
    load_s, snap = timed(snapshot_for, store)
    out["graph_ready_s"] = round(load_s, 2)
    out["rss_after_load_mb"] = rss_mb()
    out["snapshot_arrays_mb"] = round(snap.memory_bytes() / 2**20, 1)
    out["graph"] = {"persons": snap.size - 1, "tie_entries": len(snap.indices) // 2}
    targets = picks["d1"][:100] + picks["any"][:400]
    d2 = [p for p in picks["any"] if snap.degree_of[p] == 2]
    out["targets"] = {"degree1": 100, "any": 400, "of which degree 2": len(d2[:400])}
    urls = [f"https://www.linkedin.com/in/u{p}/" for p in targets]
    for url in urls[:20]:
        pages.lookup(store, url)  # warm caches as a running host would be
    out["lookup"] = stats([timed(pages.lookup, store, u)[0] for u in urls * 2])
    out["shared_only"] = stats([timed(shared_connections, store, snap, t)[0] for t in targets])
    out["paths_ranking_only"] = stats([timed(best_routes, snap, t)[0] for t in targets])
    out["paths_answer"] = stats([timed(paths_answer, store, snap, t)[0] for t in targets])
    reach_mod._CACHE.clear()
    cold, _ = timed(reach_mod.reach, snap)
    warm = [timed(reach_mod.reach, snapshot_for(store))[0] for _ in range(50)]
    out["reach"] = {"cold_ms": round(cold * 1000, 1), "warm": stats(warm)}
    per_query = {}
    all_search = []
    for words in WORDS:
        runs = [timed(search, store, snap, words, hops=2)[0] for _ in range(10)]
        all_search += runs
        per_query[words] = {
            "total": search(store, snap, words, hops=2)["total"],
            **stats(runs),
        }
    out["search_2_hops"] = {"all": stats(all_search), "per_query": per_query}
    out["search_3_hops"] = stats([timed(search, store, snap, w, hops=3)[0] for w in WORDS[:3]])
    # a capture of 500 people: one contact's list, written in one transaction
    owner = picks["d1"][0]
    owner_account = int(store.person_accounts(owner)[0]["id"])
    network = store.account_by_id(owner_account)["network"]
    stamp = int(time.time())
    with store.write():
        for i in range(500):
            key = f"bench-{stamp}-{i}"
            acc = store.upsert_account(
                AccountRecord(network, key, f"https://example.org/{key}", name=f"New {i}")
            )
            store.add_tie(owner_account, acc, network=network, kind="contact", directed=False)
    full_before = snap.refreshes["full"]
    newcomer = int(store.account_by_id(acc)["person_id"])
    first_s, seen = timed(lambda: answers.mutual(store, newcomer))
    out["capture_500"] = {
        "next_lookup_ms": round(first_s * 1000, 1),
        "full_reloads": snap.refreshes["full"] - full_before,
        "incremental_refreshes": snap.refreshes["incremental"],
        "new_person_seen_with_shared": seen["total"],
    }
    out["lookup_after_capture"] = stats([timed(pages.lookup, store, u)[0] for u in urls[:200]])
    out["rss_end_mb"] = rss_mb()
    return out


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack("=I", len(body)) + body


def read_frame(stream: Any) -> dict[str, Any]:
    (length,) = struct.unpack("=I", stream.read(4))
    return json.loads(stream.read(length))  # type: ignore[no-any-return]


def phase_host(db: Path) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="metanet-bench-"))
    os.symlink(db, home / "metanet.db")
    for suffix in ("-wal", "-shm"):
        if Path(str(db) + suffix).exists():
            os.symlink(str(db) + suffix, home / f"metanet.db{suffix}")
    env = {**os.environ, "METANET_HOME": str(home)}
    exe = [sys.executable, "-m", "metanet", "host"]
    pings = []
    for _ in range(5):
        started = time.perf_counter()
        proc = subprocess.Popen(exe, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        assert proc.stdin and proc.stdout
        proc.stdin.write(frame({"id": 1, "action": "ping"}))
        proc.stdin.flush()
        read_frame(proc.stdout)
        pings.append(time.perf_counter() - started)
        proc.stdin.close()
        proc.wait()
    out: dict[str, Any] = {"cold_start_to_ping": stats(pings)}
    proc = subprocess.Popen(exe, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    assert proc.stdin and proc.stdout

    def ask(message: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        started = time.perf_counter()
        proc.stdin.write(frame(message))  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        reply = read_frame(proc.stdout)
        return time.perf_counter() - started, reply

    ask({"id": 0, "action": "ping"})
    ready, reply = ask({"id": 1, "action": "reach"})
    assert reply["ok"], reply
    out["first_question_incl_graph_load_s"] = round(ready, 2)
    out["host_memory_after_load_mb"] = rss_mb(proc.pid)
    picks = samples(db, 100, seed=2)
    urls = [f"https://www.linkedin.com/in/u{p}/" for p in picks["d1"] + picks["any"]]
    lat = [ask({"id": 2, "action": "lookup", "url": u})[0] for u in urls]
    out["lookup_via_frames"] = stats(lat)
    out["host_memory_end_mb"] = rss_mb(proc.pid)
    proc.stdin.close()
    proc.wait()
    shutil.rmtree(home)
    return out


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


PHASES = {"ours": phase_ours, "host": phase_host, "networkx": phase_networkx}


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
    wanted = os.environ.get("BENCH_PHASES", "ours,host,networkx").split(",")
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
