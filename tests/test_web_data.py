"""Your data: downloads that parse back, forget a person, remove a network, wipe all."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest

from metanet.forget import forget_network
from metanet.imports import import_file
from metanet.store import NotFound, Store, now
from metanet.web.launcher import read_server_file, write_server_file
from web_summary_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    assert_escaped,
    page,
    person,
)

pytest_plugins = ("web_summary_fixtures",)  # the summary_* fixtures


def names(store: Store) -> set[str]:
    return {r[0] for r in store.db.execute("select name from persons where is_me = 0")}


async def download(summary_client: Client, fmt: str) -> str:
    response = await summary_client.get(f"/data/export/{fmt}")
    assert response.status == 200, await response.text()
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    return await response.text()


async def test_data_page_offers_every_format_and_action(
    summary_demo: Store, summary_client: Client
) -> None:
    html = await page(summary_client, "/data")
    for fmt in ("json", "csv", "graphml", "gexf", "vcard"):
        assert f'href="/data/export/{fmt}"' in html
    assert 'action="/data/network"' in html and 'action="/data/wipe"' in html
    assert '<option value="linkedin">LinkedIn' in html


async def test_every_download_parses_back(
    summary_demo: Store, summary_client: Client, tmp_path: Path
) -> None:
    data = json.loads(await download(summary_client, "json"))
    assert {p["name"] for p in data["persons"] if not p["is_me"]} == names(summary_demo)
    rows = list(csv.DictReader(io.StringIO(await download(summary_client, "csv"))))
    assert len(rows) == summary_demo.db.table("accounts").count
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(io.BytesIO((await download(summary_client, fmt)).encode("utf-8")))
        assert graph.number_of_nodes() == summary_demo.db.table("persons").count
    cards = await download(summary_client, "vcard")
    with Store(tmp_path / "again.db") as again:
        import_file(again, cards.encode("utf-8"), "metanet.vcf")
        assert names(again) == names(summary_demo)  # XSS name included, as data


async def test_unknown_format_is_404(summary_demo: Store, summary_client: Client) -> None:
    assert (await summary_client.get("/data/export/xlsx")).status == 404


async def test_forget_asks_first_then_forgets(summary_demo: Store, summary_client: Client) -> None:
    anna = person(summary_demo, "Anna Schmidt")
    html = await page(summary_client, "/data/forget?who=Anna+Schmidt")
    assert "Forget this person?" in html and f'action="/data/forget/{anna}"' in html
    assert summary_demo.person(anna)  # asking changed nothing
    response = await summary_client.post(f"/data/forget/{anna}", headers=SAME_ORIGIN)
    assert response.status == 200 and "Forgotten" in await response.text()
    with pytest.raises(NotFound):
        summary_demo.person(anna)
    assert "Anna Schmidt" not in names(summary_demo)


async def test_forget_lists_candidates_for_an_ambiguous_name(
    summary_demo: Store, summary_client: Client
) -> None:
    summary_demo.add_offline_person("Anna Schmidt")
    html = await page(summary_client, "/data/forget?who=Anna+Schmidt")
    assert "More than one person matches" in html and html.count("/data/forget?who=") == 2


async def test_forget_unknown_is_404(summary_demo: Store, summary_client: Client) -> None:
    assert (await summary_client.get("/data/forget?who=Nobody+Here")).status == 404
    assert (await summary_client.post("/data/forget/999999", headers=SAME_ORIGIN)).status == 404


def network_traces(store: Store, network: str) -> dict[str, int]:
    """Everything that could still name the network."""
    one = store.db.execute
    return {
        "accounts": one("select count(*) from accounts where network = ?", [network]).fetchone()[0],
        "ties": one("select count(*) from ties where network = ?", [network]).fetchone()[0],
        "captures": one("select count(*) from captures where site = ?", [network]).fetchone()[0],
        "changes": one(
            "select count(*) from import_changes where network = ?", [network]
        ).fetchone()[0],
        "accountless": one(
            "select count(*) from persons p where is_me = 0 and not exists "
            "(select 1 from accounts a where a.person_id = p.id)"
        ).fetchone()[0],
    }


async def test_remove_a_network_leaves_nothing_of_it(
    summary_demo: Store, summary_client: Client
) -> None:
    before = names(summary_demo)
    refused = await summary_client.post(
        "/data/network", data={"network": "xing"}, headers=SAME_ORIGIN
    )
    assert refused.status == 400 and "Tick the box" in await refused.text()
    assert network_traces(summary_demo, "xing")["accounts"] > 0
    response = await summary_client.post(
        "/data/network", data={"network": "xing", "confirm": "yes"}, headers=SAME_ORIGIN
    )
    assert response.status == 200 and "Network removed" in await response.text()
    assert network_traces(summary_demo, "xing") == dict.fromkeys(
        network_traces(summary_demo, "xing"), 0
    )
    after = names(summary_demo)
    assert XSS not in after and after < before  # xing-only people are gone
    assert "Thomas Müller" in after  # still on LinkedIn
    assert summary_demo.me() is not None


def test_forget_network_removes_captures_and_import_history(summary_demo: Store) -> None:
    summary_demo.add_capture(
        {
            "url": "https://www.xing.com/profile/x",
            "site": "xing",
            "outcome": "stored",
            "received_at": now(),
            "sha256": "0" * 64,
        },
        "<p>x</p>",
    )
    report = forget_network(summary_demo, "xing")
    assert report.captures == 1 and report.accounts > 0
    assert network_traces(summary_demo, "xing") == dict.fromkeys(
        network_traces(summary_demo, "xing"), 0
    )


async def test_unknown_network_is_404(summary_demo: Store, summary_client: Client) -> None:
    response = await summary_client.post(
        "/data/network", data={"network": "myspace", "confirm": "yes"}, headers=SAME_ORIGIN
    )
    assert response.status == 404


async def test_wipe_needs_the_word_then_starts_empty(
    summary_demo: Store, summary_client: Client, summary_home: Path
) -> None:
    refused = await summary_client.post("/data/wipe", data={"confirm": "wipe"}, headers=SAME_ORIGIN)
    assert refused.status == 400 and "type WIPE" in await refused.text()
    assert summary_demo.db.table("persons").count > 0
    summary_demo.close()
    response = await summary_client.post(
        "/data/wipe", data={"confirm": "WIPE"}, headers=SAME_ORIGIN
    )
    assert response.status == 200 and "Everything wiped" in await response.text()
    with Store(summary_home / "metanet.db") as fresh:
        assert fresh.db.table("persons").count == 0
    # The server carries on with the fresh database, logged in as before.
    assert "No pages captured yet" in await page(summary_client, "/captures")
    html = await page(summary_client, "/data")
    assert "No networks stored" in html
    assert (await summary_client.get("/people/1")).status == 404


async def test_wipe_keeps_the_record_of_this_running_server(
    summary_demo: Store, summary_client: Client, summary_home: Path
) -> None:
    write_server_file(4711)
    summary_demo.close()
    response = await summary_client.post(
        "/data/wipe", data={"confirm": "WIPE"}, headers=SAME_ORIGIN
    )
    assert response.status == 200
    info = read_server_file()
    assert info is not None and info.port == 4711 and info.pid == os.getpid()


async def test_hostile_names_are_text_on_the_data_pages(
    summary_demo: Store, summary_client: Client
) -> None:
    evil = summary_demo.db.execute("select person_id from accounts where key = 'evil'").fetchone()[
        0
    ]
    assert_escaped(await page(summary_client, f"/data/forget?who={evil}"))
    response = await summary_client.post(f"/data/forget/{evil}", headers=SAME_ORIGIN)
    assert_escaped(await response.text())


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/data/forget/1", {}),
        ("/data/network", {"network": "xing", "confirm": "yes"}),
        ("/data/wipe", {"confirm": "WIPE"}),
    ],
)
async def test_destructive_posts_need_login_and_same_origin(
    summary_demo: Store,
    summary_client: Client,
    summary_stranger: Client,
    path: str,
    form: dict[str, str],
) -> None:
    before = summary_demo.db.table("accounts").count
    assert (await summary_stranger.post(path, data=form, headers=SAME_ORIGIN)).status == 401
    assert (await summary_client.post(path, data=form, headers=CROSS_SITE)).status == 403
    assert (
        await summary_client.post(path, data=form, headers={"Origin": "http://evil.example"})
    ).status == 403
    assert summary_demo.db.table("accounts").count == before


async def test_data_pages_need_login(summary_demo: Store, summary_stranger: Client) -> None:
    for path in ("/data", "/data/export/json", "/data/forget?who=1"):
        assert (await summary_stranger.get(path)).status == 401, path


async def test_data_page_in_german(summary_demo: Store, summary_client: Client) -> None:
    html = await page(summary_client, "/data?lang=de")
    assert "Ihre Daten" in html and "Geben Sie zur Bestätigung WIPE ein" in html
