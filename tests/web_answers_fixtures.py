"""Fixtures for the dashboard, paths, search and graph API tests, loaded by each test
module with ``pytest_plugins = ("web_answers_fixtures",)``.

``answers_demo`` is the bundled demo network (the user, Anna, Bernd, Dr. Katharina
Berger, …) plus one contact of the user whose name is an XSS payload, so every page can
be checked for showing it as text. The names carry a prefix because plugin fixtures are
visible to every test module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.seed import load
from metanet.sites.base import AccountRecord
from metanet.store import Store
from web_answers_support import XSS, Client, make_client


@pytest.fixture
def answers_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def answers_demo(answers_home: Path) -> Iterator[Store]:
    """The demo network, with a hostile name among the user's XING contacts."""
    with Store(answers_home / "metanet.db") as store:
        load(store)
        me = store.db.execute("select id from persons where is_me = 1").fetchone()[0]
        mine = store.person_accounts(int(me))
        xing = next(a for a in mine if a["network"] == "xing")
        evil = store.upsert_account(
            AccountRecord("xing", "evil", "https://www.xing.com/profile/evil", name=XSS)
        )
        store.add_tie(int(xing["id"]), evil, network="xing", kind="contact", directed=False)
        yield store


@pytest.fixture
async def answers_client(aiohttp_client: Any, answers_home: Path, unused_tcp_port: int) -> Client:
    return await make_client(aiohttp_client, answers_home, unused_tcp_port, login=True)


@pytest.fixture
async def answers_stranger(
    aiohttp_client: Any, answers_home: Path, unused_tcp_port_factory: Callable[[], int]
) -> Client:
    return await make_client(aiohttp_client, answers_home, unused_tcp_port_factory(), login=False)
