"""The dashboard at ``/``: reach, naive sum, coverage, overlap chart, what is waiting."""

from __future__ import annotations

from metanet.answers import requests
from metanet.store import Store
from tests.db_support import raw
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    Client,
    api,
    assert_escaped,
    page,
)

# fixtures: web_demo, web_client (logged in), web_stranger, web_home
pytest_plugins = ("tests.web_fixtures",)


async def test_dashboard_shows_reach_overlap_and_recent(
    web_demo: Store, web_client: Client
) -> None:
    html = await page(web_client, "/")
    reach = await api(web_client, "/api/reach")
    assert reach["merged"]["degree1"] == 9  # the demo's 8 contacts and the XSS one
    assert f'<span class="big">{reach["merged"]["degree1"]}</span>' in html
    assert f'<span class="big">{reach["merged"]["degree2"]}</span>' in html
    assert "naive sum" in html and "contact lists known" in html
    assert "Overlap between networks" in html and 'class="upset"' in html
    assert '<svg class="bar"' in html and "<rect" in html
    assert "network.json" in html  # the demo's import
    assert 'href="/review"' in html and "Suggested merges to review: 0" in html


async def test_overlap_counts_people_per_network_combination(
    web_demo: Store, web_client: Client
) -> None:
    data = await api(web_client, "/api/dashboard")
    first = {tuple(r["networks"]): r["count"] for r in data["overlap"]["degree1"]}
    assert first[("linkedin", "xing")] == 2 and first[("xing",)] == 3
    assert sum(first.values()) == data["reach"]["merged"]["degree1"]
    assert max(r["share"] for r in data["overlap"]["degree1"]) == 100
    # Bernd is known through Anna's offline relation, Frank through LinkedIn lists.
    second = {tuple(r["networks"]): r["count"] for r in data["overlap"]["degree2"]}
    assert second == {("linkedin",): 1, ("offline",): 1}


async def test_dashboard_lists_new_request_matches(web_demo: Store, web_client: Client) -> None:
    requests.add(web_demo, "Maschinenbau", hops=3)
    requests.add(web_demo, "alert", hops=1)  # finds the contact whose name is markup
    raw(web_demo).execute("update request_matches set seen_at = null")
    raw(web_demo).conn.commit()
    html = await page(web_client, "/")
    assert "New matches for your search requests" in html
    assert "Katharina Berger" in html and "„Maschinenbau“" in html
    assert_escaped(html)


async def test_dashboard_in_german(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, "/?lang=de")
    assert "Übersicht" in html and "Reichweite" in html and "einfache Summe" in html


async def test_dashboard_without_me(web_home: object, web_client: Client) -> None:
    html = await page(web_client, "/")
    assert "Declare your own accounts first" in html


async def test_dashboard_needs_login(web_demo: Store, web_stranger: Client) -> None:
    for path in ("/", "/api/dashboard", "/api/reach"):
        assert (await web_stranger.get(path, headers=SAME_ORIGIN)).status == 401


async def test_api_refuses_cross_site_reads(web_demo: Store, web_client: Client) -> None:
    for path in ("/api/dashboard", "/api/reach"):
        assert (await web_client.get(path, headers=CROSS_SITE)).status == 403


async def test_people_list_moved_to_people(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, "/people")
    assert "Dr. Katharina Berger" in html
    assert_escaped(html)
    assert 'href="/people"' in await page(web_client, "/")
