"""The paths page: the k best paths with each hop's evidence, rating a tie from there."""

from __future__ import annotations

import lxml.html

from metanet.answers.service import snapshot_for
from metanet.store import Store
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    api,
    assert_escaped,
    page,
    person,
)

RATING_SELECTS = '//form[@action="/ties/rate"]//select[@name="strength"]'

# fixtures: web_demo, web_client (logged in), web_stranger, web_home
pytest_plugins = ("tests.web_fixtures",)


async def test_paths_page_lists_hops_with_evidence(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    html = await page(web_client, f"/paths/{target}")
    assert "Paths to" in html and "Dr. Katharina Berger" in html
    assert "Anna Schmidt" in html and "Bernd Keller" in html
    assert "offline: neighbour" in html and "offline: golf partner" in html
    assert "Evidence" in html and "strength" in html
    assert f'data-graph-src="/api/paths/{target}/graph"' in html
    assert '<script type="module" src="/static/graph.js"></script>' in html
    assert html.count('action="/ties/rate"') >= 3


async def test_paths_api_is_the_cli_answer(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    data = await api(web_client, f"/api/paths/{target}")
    names = [hop["name"] for hop in data["paths"][0]["hops"]]
    assert names[1:] == ["Anna Schmidt", "Bernd Keller", "Dr. Katharina Berger"]
    assert (await web_client.get("/api/paths/99999", headers=SAME_ORIGIN)).status == 404


async def test_unreachable_says_so(web_demo: Store, web_client: Client) -> None:
    loner = web_demo.add_offline_person("Ludwig Allein")
    html = await page(web_client, f"/paths/{loner}")
    assert "No path within 4 hops." in html
    html = await page(web_client, f"/paths/{loner}?lang=de")
    assert "Kein Weg mit höchstens 4 Schritten." in html


async def test_xss_name_on_a_path_is_text(web_demo: Store, web_client: Client) -> None:
    evil = person(web_demo, XSS)
    assert_escaped(await page(web_client, f"/paths/{evil}"))
    assert_escaped(await page(web_client, f"/paths?who={XSS}"))


async def test_form_finds_a_person_by_name(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    response = await web_client.get("/paths?who=Dr.+Katharina+Berger", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == f"/paths/{target}"
    assert "Nobody known by that name" in await page(web_client, "/paths?who=Niemand+Da")
    assert 'id="paths-who"' in await page(web_client, "/paths")


async def test_rate_a_tie_then_back_to_the_paths(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    anna, bernd = person(web_demo, "Anna Schmidt"), person(web_demo, "Bernd Keller")
    response = await web_client.post(
        "/ties/rate",
        data={"a": str(anna), "b": str(bernd), "strength": "0.9", "back": str(target)},
        headers=SAME_ORIGIN,
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == f"/paths/{target}?rated=1"
    assert snapshot_for(web_demo).ratings[(min(anna, bernd), max(anna, bernd))] == 0.9
    html = await page(web_client, response.headers["Location"])
    assert "Your rating is saved" in html and "your rating" in html


async def test_rate_refuses_nonsense(web_demo: Store, web_client: Client) -> None:
    anna, bernd = person(web_demo, "Anna Schmidt"), person(web_demo, "Bernd Keller")
    for strength in ("2", "0", "nan", "x"):
        form = {"a": str(anna), "b": str(bernd), "strength": strength, "back": "1"}
        response = await web_client.post("/ties/rate", data=form, headers=SAME_ORIGIN)
        assert response.status == 400
    form = {"a": "<b>", "b": str(bernd), "strength": "0.5", "back": "1"}
    assert (await web_client.post("/ties/rate", data=form, headers=SAME_ORIGIN)).status == 400
    form = {"a": "99999", "b": str(bernd), "strength": "0.5", "back": "1"}
    assert (await web_client.post("/ties/rate", data=form, headers=SAME_ORIGIN)).status == 404


async def test_rate_refuses_cross_site_post(web_demo: Store, web_client: Client) -> None:
    anna, bernd = person(web_demo, "Anna Schmidt"), person(web_demo, "Bernd Keller")
    form = {"a": str(anna), "b": str(bernd), "strength": "0.05", "back": "1"}
    response = await web_client.post("/ties/rate", data=form, headers=CROSS_SITE)
    assert response.status == 403
    assert snapshot_for(web_demo).ratings == {}


async def test_paths_need_login(web_demo: Store, web_stranger: Client) -> None:
    for path in ("/paths", "/paths/1", "/api/paths/1"):
        assert (await web_stranger.get(path, headers=SAME_ORIGIN)).status == 401
    form = {"a": "1", "b": "2", "strength": "0.5", "back": "1"}
    assert (await web_stranger.post("/ties/rate", data=form, headers=SAME_ORIGIN)).status == 401
    assert (await web_stranger.get("/paths/1?lang=de")).status == 401


async def test_the_rating_control_saves_only_what_the_user_chose(
    web_demo: Store, web_client: Client
) -> None:
    """Issue 21: every select started on "very well (0.9)", so one click saved 0.9 for a
    tie of computed strength 0.41. Now nothing is chosen until the user chooses, the
    browser requires a choice, and a rated tie shows the user's own value."""
    target = person(web_demo, "Dr. Katharina Berger")
    selects = lxml.html.fromstring(await page(web_client, f"/paths/{target}")).xpath(RATING_SELECTS)
    assert len(selects) >= 3
    for select in selects:
        assert select.get("required") is not None
        assert select.value is None or select.value == ""  # what the form would send
        assert [o.get("value") for o in select.xpath("option[@selected]")] == [""]
    path = (await api(web_client, f"/api/paths/{target}"))["paths"][0]
    a, b = path["hops"][0]["person_id"], path["hops"][1]["person_id"]
    form = {"a": str(a), "b": str(b), "back": str(target), "strength": "0.3"}
    await web_client.post("/ties/rate", data=form, headers=SAME_ORIGIN, allow_redirects=False)
    rated = lxml.html.fromstring(await page(web_client, f"/paths/{target}")).xpath(RATING_SELECTS)[
        0
    ]
    assert rated.value == "0.3"
    assert (
        await web_client.post("/ties/rate", data={**form, "strength": ""}, headers=SAME_ORIGIN)
    ).status == 400
