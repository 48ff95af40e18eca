"""Every input has a bound, and the host, the command line and the summary page refuse
what is over it the same way, at once, storing nothing (services/limits.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metanet.cli import cli
from metanet.demo.seed import load
from metanet.errors import InvalidInput
from metanet.services import limits, relations, requests
from metanet.services.answers import search
from metanet.store import Store
from tests.db_support import raw
from tests.host_support import HostProcess
from tests.web_support import SAME_ORIGIN, make_client

HUGE_QUERY = "Geschäftsführerin " * 300_000  # 5.4 MB, as in the issue
PARTNER_REQUEST = "Metanet request v1\nquery: " + "Ingenieurin " * 60_000 + "\nhops: 2\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store() as s:
        load(s)
        yield s


def test_the_service_refuses_what_is_over_each_bound(store: Store) -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidInput, match="at most 300 are accepted"):
        search(store, HUGE_QUERY)
    assert time.perf_counter() - started < 1.0
    with pytest.raises(InvalidInput, match="17 words; at most 16"):
        search(store, " ".join(["Ingenieurin"] * 17))
    with pytest.raises(InvalidInput, match="'text' is"):
        requests.import_text(store, PARTNER_REQUEST)
    short = "Metanet request v1\nquery: " + "Koch " * 20 + "\nhops: 2\n"
    with pytest.raises(InvalidInput, match="20 words"):
        requests.import_text(store, short)
    with pytest.raises(InvalidInput, match="'note'"):
        requests.add(store, "Ingenieurin", note="x" * (limits.NOTE_CHARS + 1))
    with pytest.raises(InvalidInput, match="'name'"):
        relations.add_person(store, "A" * (limits.NAME_CHARS + 1))
    assert raw(store).table("search_requests").count == 0


def test_saved_requests_are_bounded_in_number(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "SAVED_REQUESTS", 3)
    for word in ("Ingenieurin", "Ärztin", "Gärtner"):
        requests.add(store, word)
    with pytest.raises(InvalidInput, match="3 search requests are saved already"):
        requests.add(store, "Bäcker")


def test_the_host_answers_a_5_mib_query_at_once(tmp_path: Path) -> None:
    host = HostProcess(tmp_path)
    try:
        started = time.perf_counter()
        reply = host.ask({"id": 1, "action": "search", "query": HUGE_QUERY})
        assert time.perf_counter() - started < 10  # was: no answer in 180 s
        assert reply["error"]["code"] == "bad_request" and "'query'" in reply["error"]["message"]
        request = {"id": 2, "action": "requests", "op": "add", "query": "Ingenieurin " * 60_000}
        assert host.ask(request)["error"]["code"] == "bad_request"
        assert host.ask({"id": 3, "action": "ping"})["ok"]
    finally:
        host.close()


def test_the_command_line_says_it_in_one_line(store: Store, tmp_path: Path) -> None:
    store.close()
    too_long = CliRunner().invoke(cli, ["search", *["Koch"] * 20])
    assert too_long.exit_code == 1
    assert too_long.output.strip().splitlines() == [
        "Error: 'query' has 20 words; at most 16 are accepted"
    ]
    request_file = tmp_path / "request.txt"
    request_file.write_text(PARTNER_REQUEST, encoding="utf-8")
    partner = CliRunner().invoke(cli, ["requests", "import", str(request_file)])
    assert partner.exit_code == 1 and len(partner.output.strip().splitlines()) == 1
    assert "Traceback" not in partner.output


async def test_the_summary_page_answers_400(
    store: Store, aiohttp_client: Any, tmp_path: Path, unused_tcp_port: int
) -> None:
    client = await make_client(aiohttp_client, tmp_path, unused_tcp_port, login=True)
    response = await client.get(
        "/api/search", params={"q": "Ingenieurin " * 30}, headers=SAME_ORIGIN
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "bad_request"
    form = {"q": "Ingenieurin " * 60_000, "hops": "2"}
    posted = await client.post("/requests", data=form, headers=SAME_ORIGIN)
    assert posted.status == 400, await posted.text()
    assert raw(store).table("search_requests").count == 0
