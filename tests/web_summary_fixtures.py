"""Fixtures for the person, review, data and imports page tests (a pytest plugin module).

Loaded with ``pytest_plugins = ("web_summary_fixtures",)``. The names carry a ``summary_``
prefix because plugin fixtures are global: they must not collide with other test modules'
``home``/``client`` fixtures.

``summary_demo`` is the bundled demo network plus one XING contact of the user whose name
is an XSS payload, so every page can be checked for showing it as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.seed import load
from metanet.sites.base import AccountRecord
from metanet.store import Store
from metanet.web.app import make_app
from metanet.web.tokens import mint
from web_summary_support import EVIL, SECRET, XSS, Client, me_id


@pytest.fixture
def summary_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def summary_demo(summary_home: Path) -> Iterator[Store]:
    with Store(summary_home / "metanet.db") as store:
        load(store)
        me = me_id(store)
        xing = next(a for a in store.person_accounts(me) if a["network"] == "xing")
        evil = store.upsert_account(
            AccountRecord(EVIL.network, EVIL.key, "https://www.xing.com/profile/evil", name=XSS)
        )
        store.add_tie(int(xing["id"]), evil, network="xing", kind="contact", directed=False)
        yield store


async def _client(aiohttp_client: Any, home: Path, port: int, *, login: bool) -> Client:
    app = make_app(home / "metanet.db", port=port, secret=lambda: SECRET)
    client: Client = await aiohttp_client(app, server_kwargs={"port": port})
    if login:
        response = await client.get(f"/login?token={mint(SECRET)}", allow_redirects=False)
        assert response.status == 303
    return client


@pytest.fixture
async def summary_client(aiohttp_client: Any, summary_home: Path, unused_tcp_port: int) -> Client:
    """Logged in."""
    return await _client(aiohttp_client, summary_home, unused_tcp_port, login=True)


@pytest.fixture
async def summary_stranger(
    aiohttp_client: Any, summary_home: Path, unused_tcp_port_factory: Any
) -> Client:
    """Not logged in (on a port of its own: a test may use both clients)."""
    return await _client(aiohttp_client, summary_home, unused_tcp_port_factory(), login=False)
