"""Search and saved search requests limited to circles ("Geschäftsführerin in my BNI
chapter"): in ``metanet search`` and ``metanet requests`` (English and German), over the
native host's ``search`` and ``requests`` actions, and on the summary page's search form.

The demo network: Sabine's Facebook friend Petra is in the BNI chapter Isartal
(``circles_support``); Dr. Katharina Berger, Geschäftsführerin at Berger Maschinenbau, is
three ties away from Sabine and joins the chapter here. Frank Wagner (Maschinenbau too) is
in no circle.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metanet.actions import HostContext
from metanet.cli import cli
from metanet.demo.seed import load
from metanet.host import handle
from metanet.services import circles
from metanet.store import Store
from tests.circles_support import CHAPTER, bni_chapter
from tests.web_support import CROSS_SITE, SAME_ORIGIN, Client, page

pytest_plugins = ("tests.web_fixtures",)

KATHARINA = "Dr. Katharina Berger"


def chapter_with_katharina(store: Store) -> int:
    circle, _ = bni_chapter(store)
    circles.add_member(store, circle, KATHARINA)
    return circle


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store() as store:
        load(store)
        chapter_with_katharina(store)
    runner = CliRunner()

    def invoke(*args: str, lang: str = "en") -> Any:
        env = {"LANG": f"{lang}_DE.UTF-8"}
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def test_search_in_a_circle_finds_its_members_only(run: Any) -> None:
    everyone = run("search", "Maschinenbau", "--hops", "3").output
    assert "Frank Wagner" in everyone and KATHARINA in everyone
    text = run("search", "Maschinenbau", "--hops", "3", "--circle", CHAPTER).output
    assert text.splitlines() == [
        "1 person within 3 hops matches “Maschinenbau”",
        f"only members of {CHAPTER}",
        f"  #4 {KATHARINA}: Geschäftsführerin bei Berger Maschinenbau GmbH, München, Bayern, "
        "Deutschland",
        "     degree 2, introducer Petra Huber, path strength 0.04",
        "     matches: Maschinenbau",
    ]  # Petra shares the chapter with her: no longer three ties away
    german = run("search", "Maschinenbau", "--circle", CHAPTER, lang="de").output
    assert f"nur Mitglieder von {CHAPTER}" in german and "Grad 2, Vermittler Petra Huber" in german


def test_one_hop_further_in_a_circle_says_the_command_with_the_circle(run: Any) -> None:
    text = run("search", "Maschinenbau", "--hops", "1", "--circle", CHAPTER).output
    assert text.splitlines()[-1] == (
        f"1 person within 2 hops matches: metanet search Maschinenbau --circle '{CHAPTER}' --hops 2"
    )  # the hint keeps the circle: without it the search finds other people


def test_a_member_of_your_own_circle_is_one_hop_away(run: Any) -> None:
    assert "is now in" in run("circle", "add", CHAPTER, "me").output
    data = json.loads(run("search", "Maschinenbau", "--circle", CHAPTER, "--json").output)
    (found,) = data["people"]
    assert found["name"] == KATHARINA and found["degree"] == 1 and found["introducer"] is None
    assert [c["name"] for c in data["circles"]] == [CHAPTER]


def test_an_unknown_circle_is_one_clear_error(run: Any) -> None:
    done = run("search", "Maschinenbau", "--circle", "Kein Kreis")
    assert done.exit_code == 1
    assert done.output == "Error: no circle is called 'Kein Kreis': metanet circle list\n"


def test_a_saved_request_keeps_its_circle(run: Any) -> None:
    text = run("requests", "add", "Maschinenbau", "--hops", "3", "--circle", CHAPTER).output
    assert text.splitlines()[0] == (
        f"Request #1 saved: “Maschinenbau” (only members of {CHAPTER}): 1 match"
    )
    assert "Frank Wagner" not in text and KATHARINA in text
    listed = run("requests", "list", lang="de").output
    assert (
        f"#1 “Maschinenbau” (3 Schritte, Ihrer): 1 Treffer, 0 neu; nur Mitglieder von {CHAPTER}"
        in listed
    )
    with Store() as store:
        circle = circles.find_circle(store, CHAPTER)
        new = circles.add_member(store, circle, "Hans Maschinenbau-Huber", new=True)
    notices = json.loads(run("requests", "list", "--json").output)["notices"]
    assert [n["person_id"] for n in notices] == [new["person_id"]]  # a new member matches


def test_merging_and_deleting_the_circle_carry_the_limit(run: Any) -> None:
    run("requests", "add", "Maschinenbau", "--circle", CHAPTER)
    made = json.loads(run("circle", "create", "BNI Isartal (alt)", "--json").output)
    with Store() as store:
        chapter = circles.find_circle(store, CHAPTER)
        circles.merge(store, made["id"], chapter)  # the chapter's members move into it
    listed = run("requests", "list").output
    assert "only members of BNI Isartal (alt)" in listed
    run("circle", "delete", str(made["id"]), "--yes")
    listed = run("requests", "list").output
    assert "only members of a deleted circle" in listed
    with Store() as store:
        circles.add_member(store, circles.create(store, "Neu", kind="club")["id"], KATHARINA)
    assert json.loads(run("requests", "list", "--json").output)["notices"] == []  # nobody


def test_the_host_searches_in_circles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store() as store:
        load(store)
        circle = chapter_with_katharina(store)
    context = HostContext()
    try:
        reply = handle(context, {"id": 1, "action": "search", "query": "Maschinenbau",
                                 "hops": 3, "circles": [circle]})  # fmt: skip
        assert reply["ok"], reply
        assert [p["name"] for p in reply["result"]["people"]] == [KATHARINA]
        assert reply["result"]["circles"] == [{"circle_id": circle, "name": CHAPTER}]
        for bad in ("BNI", [True], [0], {"id": 1}):
            reply = handle(context, {"id": 2, "action": "search", "query": "x", "circles": bad})
            assert reply["error"]["code"] == "bad_request", bad
        reply = handle(context, {"id": 3, "action": "search", "query": "x", "circles": [999]})
        assert reply["error"]["code"] == "not_found"
        reply = handle(context, {"id": 4, "action": "requests", "op": "add",
                                 "query": "Maschinenbau", "circles": [circle]})  # fmt: skip
        assert [m["name"] for m in reply["result"]["matches"]] == [KATHARINA]
        assert reply["result"]["circles"] == [{"circle_id": circle, "name": CHAPTER}]
    finally:
        context.close()


async def test_the_search_page_limits_to_a_circle(web_demo: Store, web_client: Client) -> None:
    circle = chapter_with_katharina(web_demo)
    html = await page(web_client, "/search?q=Maschinenbau&hops=3")
    assert f'<option value="{circle}">{CHAPTER}</option>' in html  # the form offers it
    assert "Frank Wagner" in html
    html = await page(web_client, f"/search?q=Maschinenbau&hops=3&circle={circle}&lang=de")
    assert f"nur Mitglieder von {CHAPTER}" in html
    assert KATHARINA in html and "Frank Wagner" not in html
    assert f'<option value="{circle}" selected>' in html
    assert f'<input type="hidden" name="circle" value="{circle}">' in html  # save it so
    html = await page(web_client, f"/search?q=Maschinenbau&hops=1&circle={circle}")
    assert f'href="/search?q=Maschinenbau&amp;hops=2&amp;circle={circle}"' in html  # still in it
    response = await web_client.get("/search?q=Maschinenbau&circle=BNI")
    assert response.status == 400
    response = await web_client.get("/search?q=Maschinenbau&circle=999999")
    assert response.status == 404


async def test_saving_a_search_in_a_circle_from_the_page(
    web_demo: Store, web_client: Client
) -> None:
    circle = chapter_with_katharina(web_demo)
    form = {"q": "Maschinenbau", "hops": "3", "circle": str(circle)}
    refused = await web_client.post("/requests", data=form, headers=CROSS_SITE)
    assert refused.status == 403  # another site cannot save requests for the user
    response = await web_client.post(
        "/requests", data=form, headers=SAME_ORIGIN, allow_redirects=False
    )
    assert response.status == 303
    html = await page(web_client, "/requests?lang=de")
    assert f"nur Mitglieder von {CHAPTER}" in html and KATHARINA in html
    assert "Frank Wagner" not in html
    bad = await web_client.post(
        "/requests", data={**form, "circle": "x"}, headers=SAME_ORIGIN, allow_redirects=False
    )
    assert bad.status == 400
