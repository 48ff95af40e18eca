"""The answers through the native host's actions (one implementation behind CLI and host)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from metanet.actions import HostContext
from metanet.answers import disk
from metanet.answers.service import snapshot_for
from metanet.host import handle
from tests.answers_graph import Net
from tests.host_support import HostProcess


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[HostContext, Net]]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    n = Net(tmp_path / "metanet.db")
    n.me()
    n.tie("me", "anna")
    n.acc("kathi", role="Geschäftsführerin", company="Berger Maschinenbau")
    n.tie("anna", "kathi")
    context = HostContext()
    yield context, n
    context.close()


def ask(context: HostContext, **request: object) -> dict:  # type: ignore[type-arg]
    reply = handle(context, {"id": 1, **request})
    assert reply["ok"], reply
    return reply["result"]  # type: ignore[no-any-return]


def test_lookup_brings_paths_and_request_matches(ctx: tuple[HostContext, Net]) -> None:
    context, _ = ctx
    ask(context, action="requests", op="add", query="Maschinenbau")
    result = ask(context, action="lookup", url="https://www.linkedin.com/in/kathi-linkedin/")
    assert result["known"] and [p["name"] for p in result["shared"]] == ["Anna"]
    assert [h["name"] for h in result["paths"][0]["hops"]] == ["Me", "Anna", "Kathi"]
    assert result["request_matches"][0]["query"] == "Maschinenbau"


def test_paths_mutual_reach_search(ctx: tuple[HostContext, Net]) -> None:
    context, n = ctx
    paths = ask(context, action="paths", person_id=n.person["kathi"], k=1)
    assert len(paths["paths"]) == 1 and paths["paths"][0]["length"] == 2
    assert ask(context, action="mutual", person="Kathi")["total"] == 1  # anna
    assert ask(context, action="reach")["merged"] == {"degree1": 1, "degree2": 1}
    found = ask(context, action="search", query="Geschäftsführerin", hops=2)
    assert found["people"][0]["introducer"]["name"] == "Anna"


def test_a_capture_in_the_host_is_seen_by_the_next_question(
    ctx: tuple[HostContext, Net],
) -> None:
    context, n = ctx
    assert ask(context, action="reach")["merged"]["degree2"] == 1
    n.tie("anna", "otto")  # written by another connection, as a capture elsewhere would
    assert ask(context, action="reach")["merged"]["degree2"] == 2


def test_bad_arguments_are_bad_requests(ctx: tuple[HostContext, Net]) -> None:
    context, _ = ctx
    for request in (
        {"action": "paths"},
        {"action": "paths", "person": "Kathi", "k": 0},
        {"action": "search", "query": "  "},
        {"action": "requests", "op": "fly"},
    ):
        reply = handle(context, {"id": 2, **request})
        assert reply["error"]["code"] == "bad_request", (request, reply)
    missing = handle(context, {"id": 3, "action": "paths", "person": "Nobody Here"})
    assert missing["error"]["code"] == "not_found"


def _wait_for(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _small_network(home: Path) -> Net:
    n = Net(home / "metanet.db")
    n.me()
    n.tie("me", "anna")
    n.tie("anna", "kathi")
    return n


KATHI = "https://www.linkedin.com/in/kathi-linkedin/"


def test_a_fresh_host_warms_up_after_ping(tmp_path: Path) -> None:
    """Nothing but a ping: the host imports and loads the graph in the background, and
    without a graph file it has one written (by a process of its own)."""
    n = _small_network(tmp_path)
    n.store.close()
    graph = disk.graph_path(n.store.path)
    log = tmp_path / "logs" / "metanet.log"
    host = HostProcess(tmp_path)
    try:
        assert host.ask({"id": 1, "action": "ping"})["ok"]
        _wait_for(lambda: "warm-up: graph of" in (log.read_text() if log.exists() else ""))
        assert graph.exists()
        reply = host.ask({"id": 2, "action": "lookup", "url": KATHI})
        assert [h["name"] for h in reply["result"]["paths"][0]["hops"]] == ["Me", "Anna", "Kathi"]
    finally:
        host.close()
    assert "(file current)" in log.read_text()


def test_a_host_starts_from_a_current_file(tmp_path: Path) -> None:
    n = _small_network(tmp_path)
    snapshot_for(n.store)
    n.tie("anna", "otto")  # appended after the file was written: caught up, not rebuilt
    n.store.close()
    graph = disk.graph_path(n.store.path)
    written = graph.stat().st_mtime_ns
    log = tmp_path / "logs" / "metanet.log"
    host = HostProcess(tmp_path)
    try:
        assert host.ask({"id": 1, "action": "ping"})["ok"]
        _wait_for(lambda: "warm-up: graph of" in (log.read_text() if log.exists() else ""))
        reply = host.ask({"id": 2, "action": "mutual", "person": "Otto"})
        assert [p["name"] for p in reply["result"]["people"]] == ["Anna"]
    finally:
        host.close()
    assert "(file behind)" in log.read_text() and "rebuild" not in log.read_text()
    assert graph.stat().st_mtime_ns == written


def test_a_host_closed_during_its_warm_up_exits_cleanly(tmp_path: Path) -> None:
    """The browser may close the port right after the ping: the host leaves at once, with
    status 0 and nothing on stderr, while its warm-up is still going."""
    _small_network(tmp_path).store.close()
    host = HostProcess(tmp_path)
    assert host.ask({"id": 1, "action": "ping"})["ok"]
    assert host.proc.stdin is not None
    host.proc.stdin.close()
    assert host.proc.wait(timeout=60) == 0
    assert host.stderr_text() == ""
    host.close()


@pytest.mark.parametrize("person_id", [10**30, -(10**30), 2**63, 0, -1])
def test_a_person_id_out_of_range_is_a_refusal(
    ctx: tuple[HostContext, Net], person_id: int
) -> None:
    context, _ = ctx
    reply = handle(context, {"id": 1, "action": "paths", "person_id": person_id})
    assert reply["ok"] is False and reply["error"]["code"] in ("bad_request", "not_found"), reply
