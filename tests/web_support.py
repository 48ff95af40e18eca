"""Helpers for the summary-page handler tests; their fixtures are in ``web_fixtures`` (a
plugin module, so pytest can rewrite its asserts). Also used by the browser tests to seed
the demo network with a hostile contact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from metanet.model import AccountRecord, AccountRef
from metanet.services.people import find_person
from metanet.store import Store, now
from metanet.web.app import make_app
from metanet.web.tokens import mint
from tests.db_support import raw

SECRET = b"s" * 32
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EVIL = AccountRef("xing", "evil")
Client = TestClient[web.Request, web.Application]


def add_hostile_contact(store: Store) -> int:
    """A XING contact of the user whose name is an XSS payload; its account id."""
    xing = next(a for a in store.person_accounts(me_id(store)) if a["network"] == "xing")
    evil = store.upsert_account(
        AccountRecord(EVIL.network, EVIL.key, "https://www.xing.com/profile/evil", name=XSS)
    )
    store.add_tie(int(xing["id"]), evil, network="xing", kind="contact", directed=False)
    return evil


def add_merge_suggestion(store: Store) -> None:
    """An open suggestion that XING's "Maxi Muster" and GitHub's "Max Muster" are one."""
    maxi = store.upsert_account(
        AccountRecord("xing", "maxi", "https://www.xing.com/profile/maxi", name="Maxi Muster")
    )
    max_ = store.upsert_account(
        AccountRecord("github", "maxm", "https://github.com/maxm", name="Max Muster")
    )
    with store.write():
        raw(store).table("identity_suggestions").insert(
            {
                "a_account_id": maxi,
                "b_account_id": max_,
                "score": 0.81,
                "reason": "nickname of the same first name; same last name",
                "status": "open",
                "created_at": now(),
                "updated_at": now(),
            }
        )


def person(store: Store, name: str) -> int:
    return find_person(store, name)


def me_id(store: Store) -> int:
    return int(raw(store).execute("select id from persons where is_me = 1").fetchone()[0])


def evil_person(store: Store) -> int:
    account = store.account(EVIL)
    assert account is not None
    return int(account["person_id"])


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
