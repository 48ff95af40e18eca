"""Search within 1-3 hops and saved search requests (add, list with matches, remove)."""

from __future__ import annotations

from metanet.answers import requests
from metanet.store import Store
from tests.db_support import raw
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    api,
    assert_escaped,
    page,
)

# fixtures: web_demo, web_client (logged in), web_stranger, web_home
pytest_plugins = ("tests.web_fixtures",)


async def test_search_shows_matches_with_introducer(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, "/search?q=Maschinenbau&hops=3")
    assert "Dr. Katharina Berger" in html
    assert "introducer" in html and 'href="/paths/' in html
    assert 'value="Maschinenbau"' in html and '<option value="3" selected>' in html


async def test_search_api_is_the_cli_answer(web_demo: Store, web_client: Client) -> None:
    data = await api(web_client, "/api/search?q=Maschinenbau&hops=3")
    assert data["hops"] == 3
    berger = next(p for p in data["people"] if p["name"] == "Dr. Katharina Berger")
    assert berger["degree"] >= 2 and berger["introducer"]["name"]
    response = await web_client.get("/api/search?q=%20", headers=SAME_ORIGIN)
    assert response.status == 400


async def test_search_escapes_query_and_names(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, "/search?q=" + XSS.replace("<", "%3C").replace(">", "%3E"))
    assert "<script>alert(1)" not in html
    assert_escaped(await page(web_client, "/search?q=alert&hops=1"))


async def test_search_nobody_and_bad_hops(web_demo: Store, web_client: Client) -> None:
    assert "Nobody within 3 hops matches." in await page(web_client, "/search?q=Zzyzx")
    near = await page(web_client, "/search?q=Maschinenbau&hops=1")
    assert "Nobody within 1 hop matches." in near and "1 person within 2 hops matches." in near
    assert 'href="/search?q=Maschinenbau&amp;hops=2"' in near
    assert (await web_client.get("/search?q=a&hops=9")).status == 400
    assert 'id="search-q"' in await page(web_client, "/search")


async def test_requests_add_list_remove(web_demo: Store, web_client: Client) -> None:
    response = await web_client.post(
        "/requests",
        data={"q": "Maschinenbau", "hops": "3", "note": XSS},
        headers=SAME_ORIGIN,
        allow_redirects=False,
    )
    assert response.status == 303 and response.headers["Location"] == "/requests"
    html = await page(web_client, "/requests")
    assert "„Maschinenbau“" in html and "Dr. Katharina Berger" in html
    assert "introducer" in html
    assert_escaped(html)  # the note
    listed = await api(web_client, "/api/requests")
    (saved,) = listed["requests"]
    assert saved["query"] == "Maschinenbau" and saved["shown"]
    response = await web_client.post(
        f"/requests/{saved['id']}/remove", headers=SAME_ORIGIN, allow_redirects=False
    )
    assert response.status == 303
    assert "No saved search requests." in await page(web_client, "/requests")
    assert (await web_client.post("/requests/999/remove", headers=SAME_ORIGIN)).status == 404


async def test_new_matches_stay_new_until_the_user_marks_them_seen(
    web_demo: Store, web_client: Client
) -> None:
    saved = requests.add(web_demo, "Maschinenbau", hops=3)
    raw(web_demo).execute(
        "update request_matches set seen_at = null where request_id = ?", [saved["id"]]
    )
    raw(web_demo).conn.commit()
    assert (await api(web_client, "/api/requests"))["notices"]
    html = await page(web_client, "/requests")
    assert 'class="new"' in html and 'action="/requests/seen"' in html
    # Opening the page (a GET any local page could trigger with an <img>) changes nothing.
    assert requests.notices(web_demo) != []
    assert 'class="new"' in await page(web_client, "/requests")
    refused = await web_client.post("/requests/seen", headers={"Origin": "http://127.0.0.1:1"})
    assert refused.status == 403 and requests.notices(web_demo) != []
    response = await web_client.post("/requests/seen", headers=SAME_ORIGIN, allow_redirects=False)
    assert response.status == 303
    assert requests.notices(web_demo) == []
    assert 'class="new"' not in await page(web_client, "/requests")


async def test_empty_request_is_refused(web_demo: Store, web_client: Client) -> None:
    response = await web_client.post("/requests", data={"q": " ", "hops": "2"}, headers=SAME_ORIGIN)
    assert response.status == 400
    assert "Enter at least one word" in await response.text()


async def test_requests_refuse_cross_site_posts(web_demo: Store, web_client: Client) -> None:
    response = await web_client.post("/requests", data={"q": "x", "hops": "2"}, headers=CROSS_SITE)
    assert response.status == 403
    saved = requests.add(web_demo, "Maschinenbau")
    response = await web_client.post(f"/requests/{saved['id']}/remove", headers=CROSS_SITE)
    assert response.status == 403
    assert [r["id"] for r in requests.list_requests(web_demo)] == [saved["id"]]


async def test_search_and_requests_need_login(web_demo: Store, web_stranger: Client) -> None:
    for path in ("/search?q=x", "/requests", "/api/search?q=x", "/api/requests"):
        assert (await web_stranger.get(path, headers=SAME_ORIGIN)).status == 401
    response = await web_stranger.post("/requests", data={"q": "x"}, headers=SAME_ORIGIN)
    assert response.status == 401
    assert (await web_stranger.post("/requests/1/remove", headers=SAME_ORIGIN)).status == 401
