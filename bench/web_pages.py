"""Server time of the summary pages on a generated network (dashboard, person, paths, …).

Usage (after ``python bench/answers_generate.py heavy /tmp/answers-heavy.db``; the run
opens the database read-write — migrations, a few test ties — so use a copy):
    cp /tmp/answers-heavy.db /tmp/web-bench-heavy.db
    python bench/web_pages.py /tmp/web-bench-heavy.db > bench/web-heavy.json

The real aiohttp app (``metanet.web.app.make_app``, every security middleware included)
runs in this process behind aiohttp's test server on 127.0.0.1; a client logs in with a
token and fetches each page. "Server time" is measured by an extra outermost middleware
around the whole handler chain; the client's round trip is reported beside it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, unused_port
from aiohttp.typedefs import Handler
from answers_bench import WORDS, machine, samples, stats

from metanet.web.app import make_app
from metanet.web.tokens import mint

SECRET = b"b" * 32
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


async def run(db: Path) -> dict[str, Any]:
    picks = samples(db, 20)
    contacts, anyone = picks["d1"][:20], picks["any"][:30]
    server_ms: list[float] = []
    server_cpu: list[float] = []  # the process's CPU time: less noisy on a shared machine

    @web.middleware
    async def timing(request: web.Request, handler: Handler) -> web.StreamResponse:
        started, cpu = time.perf_counter(), time.process_time()
        response = await handler(request)
        server_ms.append(time.perf_counter() - started)
        server_cpu.append(time.process_time() - cpu)
        return response

    port = unused_port()  # the Host allow-list and the cookie name need it up front
    app = make_app(db, port=port, secret=lambda: SECRET)
    app.middlewares.insert(0, timing)
    client = TestClient(TestServer(app, host="127.0.0.1", port=port))
    await client.start_server()
    out: dict[str, Any] = {"machine": machine(), "database": str(db)}
    try:
        login = await client.get(f"/login?token={mint(SECRET)}", allow_redirects=False)
        assert login.status == 303, await login.text()

        async def fetch(path: str) -> tuple[float, float, float]:
            started = time.perf_counter()
            response = await client.get(path, headers=SAME_ORIGIN)
            await response.read()
            assert response.status == 200, (path, response.status)
            return server_ms[-1], time.perf_counter() - started, server_cpu[-1]

        async def measure(paths: list[str]) -> dict[str, Any]:
            return timings([await fetch(p) for p in paths])

        first, _, _ = await fetch("/")
        out["dashboard_first_ms (graph load included)"] = round(first * 1000, 1)
        out["dashboard"] = await measure(["/"] * 30)
        out["person_page_direct_contact"] = await measure([f"/people/{p}" for p in contacts[:5]])
        out["person_page_anyone"] = await measure([f"/people/{p}" for p in anyone[:5]])
        out["ego_graph_direct_contact"] = await measure([f"/api/people/{p}/ego" for p in contacts])
        # what the page reads when the list of a graph's ties is opened (since web-speed2)
        graph = await (
            await client.get(f"/api/people/{contacts[0]}/ego", headers=SAME_ORIGIN)
        ).json()
        if "evidence" in graph:
            evidence = [f"/api/people/{p}/ego/evidence" for p in contacts]
            out["ego_evidence_direct_contact"] = await measure(evidence)
        out["ego_graph_anyone"] = await measure([f"/api/people/{p}/ego" for p in anyone])
        out["paths_page"] = await measure([f"/paths/{p}" for p in contacts[:10] + anyone[:10]])
        out["search_page_2_hops"] = await measure([f"/search?q={w}&hops=2" for w in WORDS])
        out["dashboard_after_a_change"] = await dashboard_after_changes(db, fetch, contacts)
    finally:
        await client.close()
    return out


async def dashboard_after_changes(db: Path, fetch: Any, people: list[int]) -> Any:
    """Each round writes one new relation between two contacts (another connection, as the
    host would), then loads the dashboard: reach and overlap are computed again."""
    import sqlite3

    from metanet.store import now

    rounds = []
    conn = sqlite3.connect(db)
    try:
        for a, b in zip(people[:5], people[5:10], strict=True):
            lo, hi = min(a, b), max(a, b)
            conn.execute(
                "insert or ignore into relations (a_person_id, b_person_id, label, source, "
                "created_at) values (?, ?, 'bench', 'bench', ?)",
                [lo, hi, now()],
            )
            conn.commit()
            rounds.append(await fetch("/"))
        conn.execute("delete from relations where label = 'bench'")
        conn.commit()
    finally:
        conn.close()
    return timings(rounds)


def timings(rounds: list[tuple[float, float, float]]) -> dict[str, Any]:
    """Server time, the client's round trip and the server's CPU time, each as stats."""
    return {
        "server": stats([s for s, _, _ in rounds]),
        "round_trip": stats([r for _, r, _ in rounds]),
        "server_cpu": stats([c for _, _, c in rounds]),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(Path(sys.argv[1]))), indent=2))
