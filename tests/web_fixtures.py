"""Fixtures for the summary-page handler tests (a pytest plugin module).

Loaded with ``pytest_plugins = ("tests.web_fixtures",)``. The names carry a ``web_`` prefix
because plugin fixtures are global: they must not collide with other modules' fixtures.
``web_demo`` is the bundled demo network plus one XING contact of the user whose name is
an XSS payload, so every page can be checked for showing it as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.seed import load
from metanet.store import Store
from tests.web_support import Client, add_hostile_contact, make_client


@pytest.fixture
def web_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def web_demo(web_home: Path) -> Iterator[Store]:
    with Store(web_home / "metanet.db") as store:
        load(store)
        add_hostile_contact(store)
        yield store


@pytest.fixture
async def web_client(aiohttp_client: Any, web_home: Path, unused_tcp_port: int) -> Client:
    """Logged in."""
    return await make_client(aiohttp_client, web_home, unused_tcp_port, login=True)


@pytest.fixture
async def web_stranger(
    aiohttp_client: Any, web_home: Path, unused_tcp_port_factory: Callable[[], int]
) -> Client:
    """Not logged in (on a port of its own: a test may use both clients)."""
    return await make_client(aiohttp_client, web_home, unused_tcp_port_factory(), login=False)
