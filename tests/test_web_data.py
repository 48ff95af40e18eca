"""Your data: downloads that parse back, forget a person, remove a network, wipe all."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from metanet.services.imports import import_file
from metanet.store import NotFound, Store, now
from metanet.web.launcher import read_server_file, write_server_file
from tests.db_support import raw
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


def names(store: Store) -> set[str]:
    return {r[0] for r in raw(store).execute("select name from persons where is_me = 0")}


async def download(web_client: Client, fmt: str) -> str:
    response = await web_client.get(f"/data/export/{fmt}")
    assert response.status == 200, await response.text()
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    return await response.text()


async def test_data_page_offers_every_format_and_action(
    web_demo: Store, web_client: Client
) -> None:
    html = await page(web_client, "/data")
    for fmt in ("json", "csv", "graphml", "gexf", "vcard"):
        assert f'href="/data/export/{fmt}"' in html
    assert 'action="/data/network"' in html and 'action="/data/wipe"' in html
    assert '<option value="linkedin">LinkedIn' in html


async def test_every_download_parses_back(
    web_demo: Store, web_client: Client, tmp_path: Path
) -> None:
    data = json.loads(await download(web_client, "json"))
    assert {p["name"] for p in data["persons"] if not p["is_me"]} == names(web_demo)
    rows = list(csv.DictReader(io.StringIO(await download(web_client, "csv"))))
    assert len(rows) == raw(web_demo).table("accounts").count
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(io.BytesIO((await download(web_client, fmt)).encode("utf-8")))
        assert graph.number_of_nodes() == raw(web_demo).table("persons").count
    cards = await download(web_client, "vcard")
    with Store(tmp_path / "raw(again)") as again:
        import_file(again, cards.encode("utf-8"), "metanet.vcf")
        assert names(again) == names(web_demo)  # XSS name included, as data


async def test_unknown_format_is_404(web_demo: Store, web_client: Client) -> None:
    assert (await web_client.get("/data/export/xlsx")).status == 404


async def test_forget_asks_first_then_forgets(web_demo: Store, web_client: Client) -> None:
    anna = person(web_demo, "Anna Schmidt")
    html = await page(web_client, "/data/forget?who=Anna+Schmidt")
    assert "Forget this person?" in html and f'action="/data/forget/{anna}"' in html
    assert web_demo.person(anna)  # asking changed nothing
    response = await web_client.post(f"/data/forget/{anna}", headers=SAME_ORIGIN)
    assert response.status == 200 and "Forgotten" in await response.text()
    with pytest.raises(NotFound):
        web_demo.person(anna)
    assert "Anna Schmidt" not in names(web_demo)


async def test_forget_lists_candidates_for_an_ambiguous_name(
    web_demo: Store, web_client: Client
) -> None:
    web_demo.add_offline_person("Anna Schmidt")
    html = await page(web_client, "/data/forget?who=Anna+Schmidt")
    main = html.split("<main", 1)[1]  # the language links keep the address too
    assert "More than one person matches" in main and main.count("/data/forget?who=") == 2


async def test_forget_unknown_is_404(web_demo: Store, web_client: Client) -> None:
    assert (await web_client.get("/data/forget?who=Nobody+Here")).status == 404
    assert (await web_client.post("/data/forget/999999", headers=SAME_ORIGIN)).status == 404


def network_traces(store: Store, network: str) -> dict[str, int]:
    """Everything that could still name the network."""
    one = raw(store).execute
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


async def test_remove_a_network_leaves_nothing_of_it(web_demo: Store, web_client: Client) -> None:
    before = names(web_demo)
    refused = await web_client.post("/data/network", data={"network": "xing"}, headers=SAME_ORIGIN)
    assert refused.status == 400 and "Tick the box" in await refused.text()
    assert network_traces(web_demo, "xing")["accounts"] > 0
    response = await web_client.post(
        "/data/network", data={"network": "xing", "confirm": "yes"}, headers=SAME_ORIGIN
    )
    assert response.status == 200 and "Network removed" in await response.text()
    assert network_traces(web_demo, "xing") == dict.fromkeys(network_traces(web_demo, "xing"), 0)
    after = names(web_demo)
    assert XSS not in after and after < before  # xing-only people are gone
    assert "Thomas Müller" in after  # still on LinkedIn
    assert web_demo.me() is not None


def test_forget_network_removes_captures_and_import_history(web_demo: Store) -> None:
    web_demo.add_capture(
        {
            "url": "https://www.xing.com/profile/x",
            "site": "xing",
            "outcome": "stored",
            "received_at": now(),
            "sha256": "0" * 64,
        },
        "<p>x</p>",
    )
    report = web_demo.forget_network("xing")
    assert report.captures == 1 and report.accounts > 0
    assert network_traces(web_demo, "xing") == dict.fromkeys(network_traces(web_demo, "xing"), 0)


async def test_unknown_network_is_404(web_demo: Store, web_client: Client) -> None:
    response = await web_client.post(
        "/data/network", data={"network": "myspace", "confirm": "yes"}, headers=SAME_ORIGIN
    )
    assert response.status == 404


async def test_wipe_needs_the_word_then_starts_empty(
    web_demo: Store, web_client: Client, web_home: Path
) -> None:
    refused = await web_client.post("/data/wipe", data={"confirm": "wipe"}, headers=SAME_ORIGIN)
    assert refused.status == 400 and "type WIPE" in await refused.text()
    assert raw(web_demo).table("persons").count > 0
    web_demo.close()
    response = await web_client.post("/data/wipe", data={"confirm": "WIPE"}, headers=SAME_ORIGIN)
    assert response.status == 200 and "Everything wiped" in await response.text()
    with Store(web_home / "metanet.db") as fresh:
        assert raw(fresh).table("persons").count == 0
    # The server carries on with the fresh database, logged in as before.
    assert "No pages captured yet" in await page(web_client, "/captures")
    html = await page(web_client, "/data")
    assert "No networks stored" in html
    assert (await web_client.get("/people/1")).status == 404


async def test_wipe_keeps_the_record_of_this_running_server(
    web_demo: Store, web_client: Client, web_home: Path
) -> None:
    write_server_file(4711)
    web_demo.close()
    response = await web_client.post("/data/wipe", data={"confirm": "WIPE"}, headers=SAME_ORIGIN)
    assert response.status == 200
    info = read_server_file()
    assert info is not None and info.port == 4711 and info.pid == os.getpid()


async def test_a_wipe_in_a_terminal_is_noticed_before_the_next_request(
    web_demo: Store, web_client: Client, web_home: Path
) -> None:
    """`metanet wipe` in another process while the page is open: the server serves the new,
    empty database from the next request on, stores what is posted there, and records
    itself again (the wipe removed its server file)."""
    write_server_file(4711)
    anna = person(web_demo, "Anna Schmidt")
    assert (await web_client.get(f"/people/{anna}")).status == 200
    wiped = subprocess.run(
        [sys.executable, "-m", "metanet", "wipe", "--yes"],
        env={**os.environ, "METANET_HOME": str(web_home)},
        capture_output=True,
        text=True,
    )
    assert wiped.returncode == 0, wiped.stderr
    assert read_server_file() is None
    assert (await web_client.get(f"/people/{anna}")).status == 404
    assert "No networks stored" in await page(web_client, "/data")
    response = await web_client.post(
        "/requests", data={"q": "Gärtnerin", "hops": "2"}, headers=SAME_ORIGIN
    )
    assert response.status == 200 and "Gärtnerin" in await response.text()
    with Store(web_home / "metanet.db") as fresh:
        assert raw(fresh).table("persons").count == 0
        assert [r["query"] for r in raw(fresh).query("select query from search_requests")] == [
            "Gärtnerin"
        ]
    info = read_server_file()
    assert info is not None and info.port == 4711 and info.pid == os.getpid()


async def test_hostile_names_are_text_on_the_data_pages(
    web_demo: Store, web_client: Client
) -> None:
    evil = raw(web_demo).execute("select person_id from accounts where key = 'evil'").fetchone()[0]
    assert_escaped(await page(web_client, f"/data/forget?who={evil}"))
    response = await web_client.post(f"/data/forget/{evil}", headers=SAME_ORIGIN)
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
    web_demo: Store,
    web_client: Client,
    web_stranger: Client,
    path: str,
    form: dict[str, str],
) -> None:
    before = raw(web_demo).table("accounts").count
    assert (await web_stranger.post(path, data=form, headers=SAME_ORIGIN)).status == 401
    assert (await web_client.post(path, data=form, headers=CROSS_SITE)).status == 403
    assert (
        await web_client.post(path, data=form, headers={"Origin": "http://evil.example"})
    ).status == 403
    assert raw(web_demo).table("accounts").count == before


async def test_data_pages_need_login(web_demo: Store, web_stranger: Client) -> None:
    for path in ("/data", "/data/export/json", "/data/forget?who=1"):
        assert (await web_stranger.get(path)).status == 401, path


async def test_data_page_in_german(web_demo: Store, web_client: Client) -> None:
    html = await page(web_client, "/data?lang=de")
    assert "Ihre Daten" in html and "Geben Sie zur Bestätigung WIPE ein" in html


async def test_data_page_shows_the_last_backup_and_its_folder(
    web_demo: Store, web_client: Client, tmp_path: Path
) -> None:
    from metanet.services import backup

    html = await page(web_client, "/data")
    assert "No backup yet." in html and "metanet backup --auto FOLDER" in html
    folder = tmp_path / "usb"
    folder.mkdir()
    backup.set_folder(web_demo, folder)
    taken = backup.automatic_backup(web_demo)
    html = await page(web_client, "/data")
    assert "Last good backup:" in html and taken["file"] in html
    assert f"Automatic backups go to {folder} every day" in html
    german = await page(web_client, "/data?lang=de")
    assert "Letzte gelungene Sicherung:" in german and "Sicherungen" in german
    folder.joinpath(Path(taken["file"]).name).unlink()
    folder.rmdir()
    html = await page(web_client, "/data?lang=en")
    assert f"The backup folder {folder} is missing" in html
