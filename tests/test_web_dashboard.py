"""The dashboard at ``/``: reach in sentences, coverage, overlap chart, what is waiting."""

from __future__ import annotations

from metanet.answers import requests
from metanet.store import Store
from tests.db_support import raw
from tests.i18n_support import visible_text
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
    text = visible_text(html)
    reach = await api(web_client, "/api/reach")
    assert reach["merged"]["degree1"] == 9  # the demo's 8 contacts and the XSS one
    # Reach in sentences (issue 21: "Third degree: ~0" and a "Naive sum" column that
    # looked like a row total): the demo's networks count 9 + 3 + 1 + 1 = 12 (LinkedIn 5+1,
    # XING 5+0, Facebook 2+0); 11 people, once each: 8 % are the same people.
    assert "You reach 9 people directly and 2 more through them." in text
    assert "Counted per network you would think 12: 8% of that count are the same" in text
    assert "You know the contact lists of 8 of your 9 contacts" in text
    assert "Naive sum" not in text and "naive sum" not in text
    assert "Third degree" not in text and "~0" not in text
    assert "Overlap between networks" in html and 'class="upset"' in html
    assert '<svg class="bar"' in html and "<rect" in html
    assert "import network.json · 16 accounts, 19 ties" in text  # was "16 / 19"
    assert 'href="/review"' in html and "Suggested merges to review: 0" in html


async def test_overlap_counts_people_per_network_combination(
    web_demo: Store, web_client: Client
) -> None:
    data = await api(web_client, "/api/dashboard")
    first = {tuple(r["networks"]): r["count"] for r in data["overlap"]["degree1"]}
    assert first[("linkedin", "xing")] == 2 and first[("xing",)] == 3
    assert sum(first.values()) == data["reach"]["merged"]["degree1"]
    # Each bar is its row's share of everyone in the chart: equal rows were all drawn
    # at full width before (issue 21).
    shares = {tuple(r["networks"]): r["share"] for r in data["overlap"]["degree1"]}
    assert shares[("linkedin", "xing")] == round(100 * 2 / 9) and shares[("xing",)] == 33
    html = await page(web_client, "/")
    assert '<rect x="0" y="0" height="10" width="22">' in html
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
    text = visible_text(await page(web_client, "/?lang=de"))
    assert "Übersicht" in text and "Reichweite" in text
    assert "Sie erreichen 9 Personen direkt und 2 weitere über diese." in text
    assert "Pro Netzwerk gezählt wären es 12: 8 % davon sind dieselben Personen" in text
    assert "Über sie erreicht" in text and "Anteil" in text


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
