"""`metanet demo`: the sample network tells the story, and the real command serves it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from metanet.answers.explain import paths_answer
from metanet.answers.service import snapshot_for
from metanet.demo.commands import story
from metanet.demo.seed import load
from metanet.store import Store
from tests.process_support import free_port, start_until_login


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, dict]:  # type: ignore[type-arg]
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    store = Store()
    return store, load(store)


def test_the_facebook_friends_neighbour_is_the_golf_partner(demo: tuple[Store, dict]) -> None:  # type: ignore[type-arg]
    store, loaded = demo
    me, target = loaded["index"]["me"]["person"], loaded["index"]["katharina"]["person"]
    # ranked by tie strength, the story's path is the best one, not merely one of the shortest
    answer = paths_answer(store, snapshot_for(store), target)
    routes = [[(hop["name"], hop["via"]) for hop in path["hops"]] for path in answer["paths"]]
    assert routes[0] == [
        ("Sabine Weber", []),
        ("Anna Schmidt", [{"network": "facebook"}]),
        ("Bernd Keller", [{"network": "offline", "label": "neighbour"}]),
        ("Dr. Katharina Berger", [{"network": "offline", "label": "golf partner"}]),
    ]
    assert len(routes) == 3 and snapshot_for(store).me == me


def test_xing_and_linkedin_contacts_overlap(demo: tuple[Store, dict]) -> None:  # type: ignore[type-arg]
    store, loaded = demo
    thomas = loaded["index"]["thomas"]["person"]
    assert {a["network"] for a in store.person_accounts(thomas)} == {"xing", "linkedin"}
    text = story(store, loaded)
    assert "Thomas Müller (you: LinkedIn, XING; them: LinkedIn)" in text


def test_sample_pages_go_through_the_real_parsers(demo: tuple[Store, dict]) -> None:  # type: ignore[type-arg]
    store, loaded = demo
    assert [c["outcome"] for c in loaded["captures"]] == ["stored", "stored"]
    katharina = store.person_accounts(loaded["index"]["katharina"]["person"])
    assert katharina[0]["headline"] == "Geschäftsführerin bei Berger Maschinenbau GmbH"
    assert store.counts()["persons"] == 12 + 2 + 1  # seed, 2 "also viewed", the speaker


def run_demo(tmp_path: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    """Start ``metanet demo`` and read its output up to the login link."""
    env = {**os.environ, "METANET_HOME": str(tmp_path / "demo")}
    return start_until_login(["demo", "--no-open", "--port", str(port)], env)


def test_metanet_demo_serves_the_summary_page(tmp_path: Path) -> None:
    proc, output = run_demo(tmp_path, free_port())
    try:
        assert "Anna Schmidt (Facebook) → Bernd Keller (offline: neighbour)" in output, output
        url = re.search(r"http://127\.0\.0\.1:\d+/login\?token=\S+", output)
        assert url, output
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url.group(0), timeout=10) as response:
            page = response.read().decode()
        assert "Reach" in page  # the dashboard
        people = url.group(0).split("/login")[0] + "/people"
        with opener.open(people, timeout=10) as response:
            page = response.read().decode()
        assert "Katharina Berger" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_taken_port_moves_the_demo_to_the_next_free_one(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        proc, output = run_demo(tmp_path, port)
        try:
            moved = re.search(rf"Port {port} is in use; the summary page uses port (\d+)", output)
            assert moved, output
            url = re.search(r"http://127\.0\.0\.1:(\d+)/login\?token=\S+", output)
            assert url and url.group(1) == moved.group(1) != str(port), output
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
            with opener.open(url.group(0), timeout=10) as response:
                assert "Reach" in response.read().decode()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
