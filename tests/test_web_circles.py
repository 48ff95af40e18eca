"""The summary page's circles: the list, a circle's page with its members and how you reach
each, the forms that change it (a member list pasted with bad rows is refused, line by
line, and kept), a person's circles, and a path through a circle on the paths page."""

from __future__ import annotations

from metanet.store import Store
from tests.circles_support import CHAPTER, MEMBERS, bni_chapter
from tests.db_support import raw
from tests.web_support import SAME_ORIGIN, Client, page, person

# fixtures: web_demo, web_client (logged in), web_stranger, web_home
pytest_plugins = ("tests.web_fixtures",)


async def post(client: Client, path: str, data: dict[str, str]) -> tuple[int, str, str]:
    response = await client.post(path, data=data, headers=SAME_ORIGIN, allow_redirects=False)
    return response.status, response.headers.get("Location", ""), await response.text()


async def test_a_circle_is_made_listed_and_shown(web_demo: Store, web_client: Client) -> None:
    status, location, _ = await post(
        web_client, "/circles", {"name": "Golfclub Starnberg", "kind": "club", "place": "Starnberg"}
    )
    assert status == 303 and location.startswith("/circles/")
    html = await page(web_client, "/circles")
    assert "Golfclub Starnberg" in html and "Starnberg" in html
    status, _, _ = await post(web_client, location + "/members", {"who": "Anna Schmidt"})
    assert status == 303
    status, _, _ = await post(web_client, location + "/members", {"who": "Bernd Keller"})
    html = await page(web_client, location)
    assert "Anna Schmidt" in html and "Bernd Keller" in html and "2 members" in html
    assert "you know them" in html  # Anna: a Facebook friend of the user
    assert "through" in html and "Anna Schmidt" in html  # Bernd: through Anna
    status, _, html = await post(web_client, location + "/members", {"who": "Niemand Bekannt"})
    assert status == 400 and "Nobody known by that name" in html


async def test_the_years_of_a_circle_and_a_membership(web_demo: Store, web_client: Client) -> None:
    _, location, _ = await post(web_client, "/circles", {"name": "Abi", "from": "1989", "to": ""})
    circle = int(location.rsplit("/", 1)[1])
    years = "select start_year, end_year from circles where id = ?"
    assert raw(web_demo).execute(years, [circle]).fetchall() == [(1989, None)]
    await post(web_client, location + "/members", {"who": "Anna Schmidt", "from": "1990"})
    held = "select start_year, end_year from circle_members where circle_id = ?"
    assert raw(web_demo).execute(held, [circle]).fetchall() == [(1990, None)]
    status, _, _ = await post(web_client, location + "/edit", {"name": "Abi", "to": "1998"})
    assert status == 303
    assert raw(web_demo).execute(years, [circle]).fetchall() == [(None, 1998)]
    status, _, _ = await post(web_client, location + "/edit", {"name": "Abi", "to": "19x8"})
    assert status == 400


async def test_a_pasted_member_list_with_bad_rows_is_refused_line_by_line(
    web_demo: Store, web_client: Client
) -> None:
    _, location, _ = await post(web_client, "/circles", {"name": "Rotary Club Starnberg"})
    pasted = (
        "Jürgen Größ, Größ Bau\nZoë Ørsted <zoe@orsted.dk>\n, Firma ohne Namen\n"
        "Jürgen Groess, Größ Bau\n"
    )
    status, _, html = await post(web_client, location + "/roster", {"roster": pasted})
    assert status == 400
    assert "line 3: no name" in html and "line 4: the same person as line 1" in html
    assert "Zoë Ørsted &lt;zoe@orsted.dk&gt;" in html  # the text stays in its box
    assert "0 members" in html  # nothing was stored
    status, _, html = await post(
        web_client, location + "/roster", {"roster": pasted.splitlines()[1]}
    )
    assert status == 200 and "Member list imported" in html and "Zoë Ørsted" in html


async def test_a_path_through_a_circle_on_the_paths_and_person_pages(
    web_demo: Store, web_client: Client
) -> None:
    circle, claudia = bni_chapter(web_demo)
    html = await page(web_client, f"/paths/{claudia}")
    assert "Petra Huber" in html and "Claudia Vogt" in html
    assert f"circle: {CHAPTER}" in html
    assert f"both in {CHAPTER}, {MEMBERS} members" in html
    assert f'href="/circles/{circle}"' in html
    html = await page(web_client, f"/people/{claudia}")
    assert 'id="circles"' in html and CHAPTER in html and f"{MEMBERS} members" in html
    html = await page(web_client, f"/circles/{circle}")
    assert html.count('action="/circles/') >= MEMBERS  # a remove button per member
    html = await page(web_client, f"/people/{claudia}?lang=de")
    assert "Kreise" in html
    html = await page(web_client, f"/paths/{claudia}?lang=de")
    assert f"beide in {CHAPTER}, {MEMBERS} Mitglieder" in html


async def test_the_person_page_adds_someone_to_a_circle(
    web_demo: Store, web_client: Client
) -> None:
    circle, _ = bni_chapter(web_demo)
    anna = person(web_demo, "Anna Schmidt")
    status, location, _ = await post(web_client, f"/people/{anna}/circles", {"circle": str(circle)})
    assert status == 303 and location == f"/people/{anna}#circles"
    html = await page(web_client, f"/people/{anna}")
    assert CHAPTER in html and f"{MEMBERS + 1} members" in html
