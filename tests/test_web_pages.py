"""What the summary pages show, after login, from a real SQLite file.

Captured pages are hostile input: names, titles and URLs with markup or ``javascript:``
must come out as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from metanet.model import AccountRecord
from metanet.store import Store
from metanet.web import i18n
from tests.web_support import SAME_ORIGIN, XSS, Client, page

pytest_plugins = ("tests.web_fixtures",)  # web_home, web_client (logged in)


@pytest.fixture
def store(web_home: Path) -> Any:
    with Store(web_home / "metanet.db") as opened:
        yield opened


@pytest.fixture
def client(web_client: Client) -> Client:
    return web_client


def account(network: str, key: str, name: str, **facts: Any) -> AccountRecord:
    return AccountRecord(
        network=network, key=key, profile_url=f"https://{network}.example/{key}", name=name, **facts
    )


def person_of(store: Store, account_id: int) -> int:
    return int(store.account_by_id(account_id)["person_id"])


# -- people --------------------------------------------------------------------------------


async def test_people_list_shows_stored_people(store: Store, client: Client) -> None:
    store.upsert_account(account("xing", "anna", "Anna Schmidt", company="ACME GmbH"))
    store.upsert_account(account("linkedin", "bernd", "Bernd Weber"))
    html = await page(client, "/people")
    assert "Anna Schmidt" in html and "Bernd Weber" in html
    assert "XING" in html and "LinkedIn" in html


async def test_people_list_when_empty(client: Client) -> None:
    assert "No people stored yet" in await page(client, "/people")


async def test_hostile_name_is_escaped_everywhere(store: Store, client: Client) -> None:
    evil = store.upsert_account(
        account("xing", "evil", XSS, headline='"><img src=x onerror=alert(1)>')
    )
    friend = store.upsert_account(account("xing", "friend", "Friend"))
    store.add_tie(friend, evil, network="xing", kind="contact", directed=False)
    pages = [
        await page(client, "/people"),
        await page(client, f"/people/{person_of(store, evil)}"),
        await page(client, f"/people/{person_of(store, friend)}"),  # the name as a tie
    ]
    for html in pages:
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html


async def test_person_page_shows_accounts_and_ties(store: Store, client: Client) -> None:
    anna = store.upsert_account(
        account("xing", "anna", "Anna Schmidt", headline="Engineer", location="München")
    )
    carla = store.upsert_account(account("facebook", "carla", "Carla Klein"))
    store.add_tie(anna, carla, network="xing", kind="contact", directed=False)
    dora = store.add_offline_person("Dora Golf")
    store.relate(person_of(store, anna), dora, "golf partner")
    html = await page(client, f"/people/{person_of(store, anna)}")
    assert "Anna Schmidt" in html and "Engineer" in html and "München" in html
    assert 'href="https://xing.example/anna"' in html
    assert "Carla Klein" in html and f'href="/people/{person_of(store, carla)}"' in html
    assert "Dora Golf" in html and "golf partner" in html


async def test_stored_javascript_url_is_not_a_link(store: Store, client: Client) -> None:
    record = AccountRecord(
        network="xing", key="js", profile_url="javascript:alert(document.cookie)", name="JS"
    )
    html = await page(client, f"/people/{person_of(store, store.upsert_account(record))}")
    assert 'href="javascript:' not in html
    assert "javascript:alert(document.cookie)" in html  # shown as text


async def test_unknown_person_is_404(client: Client) -> None:
    response = await client.get("/people/4242")
    assert response.status == 404
    assert "Not found" in await response.text()


@pytest.mark.parametrize(
    "path",
    [
        "/people?page=0",
        "/people?page=x",
        "/api/people?page=-1",
        "/people?page=" + "9" * 30,
        "/api/people?page=99999999999999999999",
        "/people?page=٣",  # a digit to str.isdigit(), not to a person
    ],
)
async def test_bad_page_number_is_400(client: Client, path: str) -> None:
    assert (await client.get(path, headers=SAME_ORIGIN)).status == 400


async def test_people_api(store: Store, client: Client) -> None:
    anna = store.upsert_account(account("xing", "anna", XSS))
    response = await client.get("/api/people", headers=SAME_ORIGIN)
    assert response.headers["Content-Type"].startswith("application/json")
    data = await response.json()
    assert [(p["name"], p["networks"]) for p in data["people"]] == [(XSS, ["xing"])]
    detail = await client.get(f"/api/people/{person_of(store, anna)}", headers=SAME_ORIGIN)
    body = await detail.json()
    assert body["accounts"][0]["key"] == "anna"
    assert (await client.get("/api/people/999", headers=SAME_ORIGIN)).status == 404


# -- captures ------------------------------------------------------------------------------


def capture_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "url": "https://www.xing.com/profile/anna",
        "title": "Anna Schmidt | XING",
        "site": "xing",
        "kind": "profile",
        "received_at": "2024-05-01T10:22:33+00:00",
        "parser": "xing",
        "parser_version": 3,
        "sha256": "0" * 64,
        "outcome": "stored",
        "error": None,
        "owner_account_id": None,
        "accounts_seen": 1,
        "ties_seen": 0,
    }
    return {**fields, **overrides}


async def test_capture_log_lists_captures(store: Store, client: Client) -> None:
    owner = store.upsert_account(account("xing", "anna", "Anna Schmidt"))
    store.add_capture(capture_fields(owner_account_id=owner), "<html>anna</html>")
    store.add_capture(
        capture_fields(
            url="javascript:alert(1)",
            title=XSS,
            outcome="parser_failed",
            error="no profile header",
            kind="contacts",
        ),
        "<html></html>",
    )
    html = await page(client, "/captures")
    assert "May 1, 2024, 10:22" in html  # the tests run in UTC (conftest)
    assert "stored" in html and "parser failed" in html and "no profile header" in html
    assert "xing v3" in html and "profile" in html and "contact list" in html
    assert 'href="https://www.xing.com/profile/anna"' in html
    assert "Anna Schmidt" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


async def test_captures_api(store: Store, client: Client) -> None:
    store.add_capture(capture_fields(), "<html></html>")
    response = await client.get("/api/captures", headers=SAME_ORIGIN)
    captures = (await response.json())["captures"]
    assert [(c["site"], c["outcome"], c["parser_version"]) for c in captures] == [
        ("xing", "stored", 3)
    ]
    assert "html_z" not in captures[0]


async def test_capture_log_when_empty(client: Client) -> None:
    assert "No pages captured yet" in await page(client, "/captures")


# -- languages -----------------------------------------------------------------------------


async def test_language_follows_accept_language(client: Client) -> None:
    html = await page(client, "/", **{"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert '<html lang="de">' in html and "Personen" in html
    html = await page(client, "/", **{"Accept-Language": "fr-FR, en;q=0.8"})
    assert '<html lang="en">' in html and "People" in html


async def test_language_switch_is_remembered(client: Client) -> None:
    response = await client.get("/captures?lang=de", headers={"Accept-Language": "en"})
    assert "Erfassungsprotokoll" in await response.text()
    cookie = response.headers["Set-Cookie"]
    assert "metanet_lang=de" in cookie and "SameSite=Strict" in cookie
    html = await page(client, "/", **{"Accept-Language": "en"})
    assert '<html lang="de">' in html
    assert "People" in await page(client, "/?lang=en")


async def test_the_language_switch_keeps_the_address(client: Client) -> None:
    """Issue 21: /search?q=Maschinenbau switched to /search?lang=de, dropping the query."""
    html = await page(client, "/search?q=Maschinenbau&hops=3&lang=en")
    assert 'href="/search?q=Maschinenbau&amp;hops=3&amp;lang=de" hreflang="de"' in html
    assert 'href="/search?q=Maschinenbau&amp;hops=3&amp;lang=en" hreflang="en"' in html
    html = await page(client, "/search?q=%3Cb%3E+%26+M%C3%BCller")  # escaped, still one query
    assert 'href="/search?q=%3Cb%3E+%26+M%C3%BCller&amp;lang=de"' in html


async def test_skip_link_and_the_current_page_marked(client: Client) -> None:
    """Issue 21: the first tab stop skips the navigation; the nav says where you are."""
    html = await page(client, "/people?lang=de")
    body = html.split("<body>", 1)[1]
    assert body.lstrip().startswith('<a class="skip" href="#main">Zum Inhalt springen</a>')
    assert '<main id="main"' in html and '<nav id="main-nav" aria-label="Hauptnavigation">' in html
    assert html.count('aria-current="page"') == 1
    assert '<a href="/people" aria-current="page">Personen</a>' in html


async def test_unknown_language_is_ignored(client: Client) -> None:
    response = await client.get("/?lang=<b>")
    assert '<html lang="en">' in await response.text()
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de", "de"),
        ("en-GB,en;q=0.9,de;q=0.8", "en"),
        ("fr,de;q=0.5", "de"),
        ("de;q=0.2,en;q=0.9", "en"),
        ("de;q=0,en;q=0", None),
        ("de;q=abc", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language(header: str | None, expected: str | None) -> None:
    assert i18n.from_accept_language(header) == expected
