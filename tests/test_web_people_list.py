"""The people list (/people): sorted by name, tie strength, degree or last seen, filtered by
network, company and city with the number of people per value, paged — its state in the
address, in both languages (issue 21). A real SQLite file, the demo network, real HTTP."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from metanet.demo.seed import load
from metanet.model import AccountRecord
from metanet.services.people import people_page
from metanet.store import PeopleFilter, Store
from tests.circles_support import CHAPTER, MEMBERS, bni_chapter
from tests.web_support import SAME_ORIGIN, Client, api, make_client, page


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store(tmp_path / "metanet.db") as store:
        load(store)
    return tmp_path


@pytest.fixture
async def client(aiohttp_client: Any, home: Path, unused_tcp_port: int) -> Client:
    return await make_client(aiohttp_client, home, unused_tcp_port, login=True)


def names(html: str) -> list[str]:
    """The names in the list's table, top to bottom."""
    body = html.split('<table class="people">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/people/\d+">([^<]+)</a>', body)


async def test_sorted_by_name_with_umlauts_where_people_expect_them(client: Client) -> None:
    listed = names(await page(client, "/people?sort=name"))
    assert listed[0] == "Anna Schmidt"
    assert listed.index("Jürgen Größ") < listed.index("Lena Ørsted") < listed.index("Zoë Hartmann")
    assert names(await page(client, "/people?sort=-name")) == listed[::-1]


async def test_sorted_by_strength_and_degree(client: Client, home: Path) -> None:
    data = await api(client, "/api/people?sort=strength")
    strengths = [p["strength"] or 0 for p in data["people"]]
    assert strengths == sorted(strengths, reverse=True) and strengths[0] > 0
    data = await api(client, "/api/people?sort=degree")
    degrees = [p["degree"] for p in data["people"]]
    assert degrees == sorted(degrees) and degrees[0] == 0  # you first, then direct contacts
    assert data["people"][0]["is_me"] == 1


async def test_network_filter_with_counts_and_the_state_in_the_address(client: Client) -> None:
    html = await page(client, "/people?sort=name")
    # Each facet value with the number of people: the demo has 5 people on XING.
    xing = re.search(r'<a href="([^"]+)">XING <span class="count">(\d+)</span>', html)
    assert xing is not None and xing.group(2) == "5"
    address = xing.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(address).query) == {"sort": ["name"], "network": ["xing"]}
    filtered = await page(client, address)
    assert len(names(filtered)) == 5
    assert "1–5 of 5 people" in filtered
    # The chosen value is marked and its link removes the filter, keeping the sort.
    chosen = re.search(r'<a href="([^"]+)" aria-current="true" class="chosen">XING', filtered)
    assert chosen is not None and chosen.group(1) == "/people?sort=name"
    # The sort links keep the filter.
    assert 'href="/people?sort=strength&amp;network=xing"' in filtered


async def test_company_and_city_filters_combine(client: Client) -> None:
    data = await api(client, "/api/people?city=M%C3%BCnchen&network=linkedin")
    assert data["total"] == 4 and data["filters"] == {"network": "linkedin", "city": "München"}
    assert all("linkedin" in p["networks"] and p["city"] for p in data["people"])
    companies = {f["value"]: f["count"] for f in data["facets"]["company"]}
    one = next(iter(companies))
    narrowed = await api(client, f"/api/people?city=M%C3%BCnchen&network=linkedin&company={one}")
    assert narrowed["total"] == companies[one]
    nobody = await page(client, "/people?city=Nowhere")
    assert "Nobody matches these filters." in nobody and "Show everyone" in nobody


async def test_circle_filter_with_counts(client: Client, home: Path) -> None:
    """Issue 21: the list filters by circle too ("the people of my BNI chapter")."""
    with Store(home / "metanet.db") as store:
        bni_chapter(store)
    html = await page(client, "/people")
    chapter = re.search(rf'<a href="([^"]+)">{CHAPTER} <span class="count">(\d+)</span>', html)
    assert chapter is not None and chapter.group(2) == str(MEMBERS)
    data = await api(client, chapter.group(1).replace("/people", "/api/people"))
    assert data["total"] == MEMBERS and data["filters"] == {"circle": CHAPTER}
    assert "Petra Huber" in {p["name"] for p in data["people"]}
    both = await api(client, f"/api/people?circle={CHAPTER}&network=facebook")
    assert [p["name"] for p in both["people"]] == ["Petra Huber"]
    german = await page(client, "/people?lang=de")
    assert '<h3 id="facet-circle">Kreis</h3>' in german


async def test_last_seen_is_said_as_people_say_it(client: Client) -> None:
    """Issue 21: relative times ("3 minutes ago", "vor 3 Minuten"), the exact time on hover."""
    for lang, ago in (
        ("en", r"\d+ (second|minute)s? ago"),
        ("de", r"vor \d+ (Sekunden?|Minuten?)"),
    ):
        html = await page(client, f"/people?lang={lang}")
        body = html.split('<table class="people">', 1)[1].split("</table>", 1)[0]
        times = re.findall(r'<time datetime="[^"]+" title="[^"]+">([^<]+)</time>', body)
        assert times and all(re.fullmatch(ago, t) for t in times), times[:3]


async def test_paged_with_previous_and_next(home: Path) -> None:
    with Store(home / "metanet.db") as store:
        for n in range(7):
            store.upsert_account(
                AccountRecord("xing", f"p{n}", f"https://www.xing.com/profile/p{n}", name=f"P {n}")
            )
        pages = [people_page(store, n, 10, sort="name") for n in (1, 2, 3)]
        assert [p["next_page"] for p in pages] == [2, 3, None]
        assert [p["total"] for p in pages] == [22] * 3 and pages[2]["first"] == 21
        seen = [p["id"] for page in pages for p in page["people"]]
        assert len(seen) == len(set(seen)) == 22  # every person once over the pages
        only = people_page(store, 1, 10, where=PeopleFilter(network="xing"))
        assert only["total"] == 12


async def test_german_list(client: Client) -> None:
    html = await page(client, "/people?lang=de&sort=degree")
    for text in ("Stärke der Verbindung", "Zuletzt gesehen", "direkter Kontakt", "Firma"):
        assert text in html, text
    assert re.search(r"1–\d+ von 15 Personen", html)


@pytest.mark.parametrize(
    "path", ["/people?sort=salary", "/api/people?sort=-", "/people?city=" + "x" * 400]
)
async def test_bad_state_is_400(client: Client, path: str) -> None:
    assert (await client.get(path, headers=SAME_ORIGIN)).status == 400
