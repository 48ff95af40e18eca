"""Helpers for the person, review, data and imports page tests; their fixtures are in
``web_summary_fixtures`` (a plugin module, so pytest can rewrite its asserts)."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient

from metanet.queries import find_person
from metanet.sites.base import AccountRef
from metanet.store import Store

SECRET = b"s" * 32
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EVIL = AccountRef("xing", "evil")
Client = TestClient[web.Request, web.Application]


def person(store: Store, name: str) -> int:
    return find_person(store, name)


def me_id(store: Store) -> int:
    return int(store.db.execute("select id from persons where is_me = 1").fetchone()[0])


def evil_person(store: Store) -> int:
    account = store.account(EVIL)
    assert account is not None
    return int(account["person_id"])


async def page(client: Client, path: str, **headers: str) -> str:
    response = await client.get(path, headers=headers)
    assert response.status == 200, await response.text()
    assert response.headers["Content-Type"].startswith("text/html")
    return await response.text()


def assert_escaped(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert ESCAPED in html
