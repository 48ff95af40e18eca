"""The person page (360°) and its forms: relate, note, split; undo from the merge history."""

from __future__ import annotations

import re

import pytest

from metanet.identity.decisions import confirm
from metanet.model import AccountRecord, AccountRef
from metanet.store import Store
from tests.db_support import raw
from tests.i18n_support import visible_text
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    assert_escaped,
    page,
    person,
)

pytest_plugins = ("tests.web_fixtures",)  # the web_* fixtures


def relations_between(store: Store, a: int, b: int) -> list[tuple[str, float | None]]:
    lo, hi = sorted((a, b))
    return [
        (row[0], row[1])
        for row in raw(store).execute(
            "select label, strength from relations where a_person_id = ? and b_person_id = ?",
            [lo, hi],
        )
    ]


def me(store: Store) -> int:
    return int(raw(store).execute("select id from persons where is_me = 1").fetchone()[0])


async def test_person_page_shows_the_360_view(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    html = await page(web_client, f"/people/{target}")
    assert "Dr. Katharina Berger" in html and "Berger Maschinenbau" in html
    assert "Offline relations" in html and "golf partner" in html and "Bernd Keller" in html
    assert "Best introduction paths" in html and '<ol class="paths">' in html
    assert html.count('<li><span class="score">') == 3
    assert "Anna Schmidt" in html  # the best path goes through Anna and Bernd
    assert f'href="/paths/{target}"' in html
    assert f'<div class="graph" data-graph-src="/api/people/{target}/ego"></div>' in html
    assert '<script type="module" src="/static/graph.js"></script>' in html
    assert "Merge history" in html and "Note" in html


async def test_shared_connections_say_where_each_side_knows_them(
    web_demo: Store, web_client: Client
) -> None:
    html = await page(web_client, f"/people/{person(web_demo, 'Frank Wagner')}")
    assert "Shared connections" in html and "People you both know: 3" in html
    assert "Thomas Müller" in html and "Mehmet Yılmaz" in html


async def test_conflicting_facts_are_shown(web_demo: Store, web_client: Client) -> None:
    thomas = person(web_demo, "Thomas Müller")
    accounts = web_demo.person_accounts(thomas)
    assert accounts[0]["profile_url"] is not None
    web_demo.upsert_account(
        AccountRecord(
            accounts[0]["network"],
            accounts[0]["key"],
            accounts[0]["profile_url"],
            name=accounts[0]["name"],
            company="Ganz Andere AG",
        ),
        seen_at="2030-01-01T00:00:00+00:00",
    )
    html = await page(web_client, f"/people/{thomas}")
    assert "Facts that differ between networks" in html and "Ganz Andere AG" in html


async def test_relate_adds_an_offline_relation_with_strength(
    web_demo: Store, web_client: Client
) -> None:
    frank = person(web_demo, "Frank Wagner")
    response = await web_client.post(
        f"/people/{frank}/relate",
        data={"label": "Tennis <b>partner</b>", "strength": "0,7"},
        headers=SAME_ORIGIN,
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == f"/people/{frank}#relations"
    assert relations_between(web_demo, me(web_demo), frank) == [("Tennis <b>partner</b>", 0.7)]
    html = await page(web_client, f"/people/{frank}")
    assert "Tennis &lt;b&gt;partner&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("form", "text"),
    [
        ({"label": "  "}, "Please enter how you know this person"),
        ({"label": "neighbour", "strength": "2"}, "The strength must be a number from 0 to 1"),
        ({"label": "neighbour", "strength": "strong"}, "The strength must be a number"),
    ],
)
async def test_relate_refuses_bad_input_clearly(
    web_demo: Store, web_client: Client, form: dict[str, str], text: str
) -> None:
    frank = person(web_demo, "Frank Wagner")
    response = await web_client.post(f"/people/{frank}/relate", data=form, headers=SAME_ORIGIN)
    assert response.status == 400
    assert text in await response.text()
    assert relations_between(web_demo, me(web_demo), frank) == []


async def test_relate_without_me_says_what_to_do(web_home: object, web_client: Client) -> None:
    with Store() as store:
        someone = store.add_offline_person("Someone")
    response = await web_client.post(
        f"/people/{someone}/relate", data={"label": "neighbour"}, headers=SAME_ORIGIN
    )
    assert response.status == 400
    assert "Declare your own accounts first" in await response.text()


async def test_note_is_saved_escaped_and_removable(web_demo: Store, web_client: Client) -> None:
    anna = person(web_demo, "Anna Schmidt")
    response = await web_client.post(
        f"/people/{anna}/note", data={"note": XSS}, headers=SAME_ORIGIN, allow_redirects=False
    )
    assert response.status == 303
    assert web_demo.person(anna)["note"] == XSS
    assert_escaped(await page(web_client, f"/people/{anna}"))
    await web_client.post(f"/people/{anna}/note", data={"note": ""}, headers=SAME_ORIGIN)
    assert web_demo.person(anna)["note"] is None


async def test_split_then_undo_from_the_history(web_demo: Store, web_client: Client) -> None:
    thomas = person(web_demo, "Thomas Müller")
    accounts = web_demo.person_accounts(thomas)
    assert len(accounts) == 2
    html = await page(web_client, f"/people/{thomas}")
    assert "Split accounts off this person" in html
    response = await web_client.post(
        f"/people/{thomas}/split",
        data={"account": str(accounts[1]["id"])},
        headers=SAME_ORIGIN,
        allow_redirects=False,
    )
    assert response.status == 303
    assert [a["id"] for a in web_demo.person_accounts(thomas)] == [accounts[0]["id"]]
    moved_to = int(web_demo.account_by_id(accounts[1]["id"])["person_id"])
    assert moved_to != thomas
    html = await page(web_client, f"/people/{thomas}")
    decision = raw(web_demo).execute("select max(id) from merge_decisions").fetchone()[0]
    assert f'action="/decisions/{decision}/undo"' in html and "split off by you" in html
    response = await web_client.post(
        f"/decisions/{decision}/undo", headers=SAME_ORIGIN, allow_redirects=False
    )
    assert response.status == 303
    assert (
        len(web_demo.person_accounts(int(web_demo.account_by_id(accounts[0]["id"])["person_id"])))
        == 2
    )
    again = await web_client.post(f"/decisions/{decision}/undo", headers=SAME_ORIGIN)
    assert again.status == 409 and "Cannot undo" in await again.text()


async def test_undo_of_a_confirmed_merge(web_demo: Store, web_client: Client) -> None:
    a = web_demo.upsert_account(
        AccountRecord("github", "gh-x", "https://github.com/gh-x", name="X")
    )
    b = web_demo.upsert_account(
        AccountRecord("xing", "x-x", "https://www.xing.com/profile/x", name="X")
    )
    decision = confirm(web_demo, a, b)
    merged = decision.person_id
    html = await page(web_client, f"/people/{merged}")
    assert f'action="/decisions/{decision.id}/undo"' in html
    await web_client.post(f"/decisions/{decision.id}/undo", headers=SAME_ORIGIN)
    assert web_demo.account_by_id(a)["person_id"] != web_demo.account_by_id(b)["person_id"]


@pytest.mark.parametrize("accounts", [[], "all", "foreign"])
async def test_split_refuses_nothing_everything_or_others_accounts(
    web_demo: Store, web_client: Client, accounts: object
) -> None:
    thomas = person(web_demo, "Thomas Müller")
    own = [str(a["id"]) for a in web_demo.person_accounts(thomas)]
    other = [str(a["id"]) for a in web_demo.person_accounts(person(web_demo, "Anna Schmidt"))]
    chosen = {"all": own, "foreign": other[:1]}.get(str(accounts), [])
    response = await web_client.post(
        f"/people/{thomas}/split", data=[("account", v) for v in chosen], headers=SAME_ORIGIN
    )
    assert response.status == 400
    assert "Choose at least one account" in await response.text()
    assert len(web_demo.person_accounts(thomas)) == 2


async def test_hostile_name_is_text_on_the_person_page(web_demo: Store, web_client: Client) -> None:
    evil = web_demo.account(AccountRef("xing", "evil"))
    assert evil is not None
    assert_escaped(await page(web_client, f"/people/{evil['person_id']}"))
    assert_escaped(await page(web_client, f"/people/{me(web_demo)}"))  # the name as a tie


async def test_unknown_person_is_404(web_demo: Store, web_client: Client) -> None:
    assert (await web_client.get("/people/999999")).status == 404
    response = await web_client.post("/people/999999/note", data={"note": "x"}, headers=SAME_ORIGIN)
    assert response.status == 404


@pytest.mark.parametrize("action", ["relate", "note", "split"])
async def test_forms_need_login_and_same_origin(
    web_demo: Store, web_client: Client, web_stranger: Client, action: str
) -> None:
    anna = person(web_demo, "Anna Schmidt")
    path = f"/people/{anna}/{action}"
    form = {"label": "spy", "note": "spy", "account": "1"}
    assert (await web_stranger.post(path, data=form, headers=SAME_ORIGIN)).status == 401
    assert (await web_client.post(path, data=form, headers=CROSS_SITE)).status == 403
    assert (await web_client.post(path, data=form)).status == 403  # no fetch metadata, no origin
    assert web_demo.person(anna)["note"] is None
    assert relations_between(web_demo, me(web_demo), anna) == []


async def test_person_page_needs_login(web_demo: Store, web_stranger: Client) -> None:
    assert (await web_stranger.get(f"/people/{person(web_demo, 'Anna Schmidt')}")).status == 401
    assert (await web_stranger.post("/decisions/1/undo", headers=SAME_ORIGIN)).status == 401


async def test_person_page_in_german(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, f"/people/{person(web_demo, 'Frank Wagner')}?lang=de")
    assert "Gemeinsame Kontakte" in html and "Offline-Beziehungen" in html
    assert "Ich kenne diese Person offline als" in html


def card_text(html: str) -> str:
    """What the person card says."""
    return visible_text(html.split('<section class="person-card"')[1].split("</section>")[0])


async def test_person_card_says_who_and_how_to_reach_them(
    web_demo: Store, web_client: Client
) -> None:
    """Issue 21: the card at the top: name, job, city, networks as links, the tie in
    words, through whom, the best introduction in one line, and the actions."""
    target = person(web_demo, "Dr. Katharina Berger")
    html = await page(web_client, f"/people/{target}")
    card = card_text(html)
    assert "> KB Dr. Katharina Berger Geschäftsführerin" in card  # initials stand in for a photo
    assert "Geschäftsführerin at Berger Maschinenbau GmbH, München, Bayern, Deutschland" in card
    assert 'href="https://de.linkedin.com/in/katharina-berger-maschinenbau"' in html
    assert re.search(r"Not your contact; you reach them through Anna Schmidt \( ?know each", card)
    assert "Best introduction: you → Anna Schmidt → Bernd Keller → Dr. Katharina Berger" in card
    for action in ("Note", "Relate", "Rate the ties", "Export vCard"):
        assert action in card
    assert f'href="/people/{target}/vcard"' in html
    # The strength is said in words, the number on hover.
    assert re.search(r'<span class="strength" title="strength 0\.\d\d">know each', html)
    german = visible_text(await page(web_client, f"/people/{target}?lang=de"))
    assert "Geschäftsführerin bei Berger Maschinenbau GmbH" in german
    assert re.search(
        r"Kein direkter Kontakt; Sie erreichen die Person über Anna Schmidt \( ?kennen", german
    )
    assert "Als vCard exportieren" in german


async def test_direct_contact_card_says_the_tie_in_words(
    web_demo: Store, web_client: Client
) -> None:
    html = await page(web_client, f"/people/{person(web_demo, 'Anna Schmidt')}")
    card = card_text(html)
    assert re.search(r"You and they: know each other (very well|well|loosely)?", card)
    assert "Best introduction" not in card  # a direct contact needs none


async def test_accounts_are_sections_not_a_wide_table(web_demo: Store, web_client: Client) -> None:
    """The nine-column table scrolled sideways at 390 px: each account is now a block with
    its facts as a definition list, and times say how long ago (the exact time on hover)."""
    html = await page(web_client, f"/people/{person(web_demo, 'Dr. Katharina Berger')}")
    assert "<th>Headline</th>" not in html
    assert '<section class="account"' in html and '<dl class="facts">' in html
    assert re.search(
        r'<dd><time datetime="[^"]+" title="[^"]+">\d+ (second|minute)s? ago</time>', html
    )
    german = await page(web_client, f"/people/{person(web_demo, 'Dr. Katharina Berger')}?lang=de")
    assert re.search(r">vor \d+ (Sekunden?|Minuten?)</time>", german)


async def test_person_vcard_download(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    response = await web_client.get(f"/people/{target}/vcard")
    assert response.status == 200 and response.content_type == "text/vcard"
    assert "attachment" in response.headers["Content-Disposition"]
    text = await response.text()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dr. Katharina Berger\r\n")
    assert "ORG:Berger Maschinenbau GmbH" in text
    assert (await web_client.get("/people/99999/vcard")).status == 404


def knows_section(html: str) -> str:
    return html.split('id="knows"')[1].split('id="relations"')[0]


async def test_a_long_knows_list_shows_the_strongest_says_the_total_and_shows_all(
    web_demo: Store, web_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub knows ~1,800 people: the page lists the strongest first (KNOWS_SHOWN), says
    how many there are, and "Show all" lists every one — in English and German."""
    from metanet.services.people import known_by
    from metanet.web.views import person as view

    target = person(web_demo, "Anna Schmidt")
    known = [k["person_id"] for k in known_by(web_demo, target)]
    assert len(known) >= 3
    monkeypatch.setattr(view, "KNOWS_SHOWN", 2)

    def listed(html: str) -> list[int]:
        return [int(p) for p in re.findall(r'<td><a href="/people/(\d+)">', knows_section(html))]

    first = await page(web_client, f"/people/{target}")
    assert listed(first) == known[:2]  # the strongest two, in order
    text = visible_text(knows_section(first))
    assert f"Showing the strongest 2 of {len(known)} people they know. Show all" in text
    assert f'href="/people/{target}?knows=all#knows"' in first

    everyone = await page(web_client, f"/people/{target}?knows=all")
    assert listed(everyone) == known
    assert "Showing the strongest" not in everyone
    assert "?knows=all#knows" not in knows_section(everyone)

    german = await page(web_client, f"/people/{target}?lang=de")
    text = visible_text(knows_section(german))
    assert f"Gezeigt: die 2 stärksten von {len(known)} Bekannten. Alle zeigen" in text
    german_all = await page(web_client, f"/people/{target}?knows=all&lang=de")
    assert listed(german_all) == known and "Gezeigt:" not in german_all


async def test_a_short_knows_list_says_no_total(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, f"/people/{person(web_demo, 'Anna Schmidt')}")
    assert "Showing the strongest" not in html and "?knows=all" not in knows_section(html)
