"""Helpers for the dashboard, paths, search and graph API tests (fixtures: see
web_answers_fixtures.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from metanet.queries import find_person
from metanet.store import Store
from metanet.web.app import make_app
from metanet.web.tokens import mint

SECRET = b"q" * 32
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
Client = TestClient[web.Request, web.Application]


def person(store: Store, name: str) -> int:
    return find_person(store, name)


async def make_client(aiohttp_client: Any, home: Path, port: int, *, login: bool) -> Client:
    app = make_app(home / "metanet.db", port=port, secret=lambda: SECRET)
    client: Client = await aiohttp_client(app, server_kwargs={"port": port})
    if login:
        response = await client.get(f"/login?token={mint(SECRET)}", allow_redirects=False)
        assert response.status == 303
    return client


async def page(client: Client, path: str, **headers: str) -> str:
    response = await client.get(path, headers=headers)
    assert response.status == 200, await response.text()
    assert response.headers["Content-Type"].startswith("text/html")
    return await response.text()


async def api(client: Client, path: str) -> Any:
    response = await client.get(path, headers=SAME_ORIGIN)
    assert response.status == 200, await response.text()
    return await response.json()


def assert_escaped(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert ESCAPED in html
