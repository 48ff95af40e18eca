"""Import by upload, its progress and result, parser health and the imports log."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from metanet.store import Store, now
from metanet.web import importing
from tests.db_support import raw
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    assert_escaped,
    page,
)

pytest_plugins = ("tests.web_fixtures",)  # the web_* fixtures

SIX_HOPS = "linkedin/Connections-synthetic-six-hops.csv"


def form(data: bytes, filename: str) -> aiohttp.FormData:
    upload = aiohttp.FormData()
    upload.add_field("file", data, filename=filename, content_type="application/octet-stream")
    return upload


async def finished(client: Client) -> dict[str, Any]:
    """Poll the progress API as the page does, until the import has ended."""
    for _ in range(600):
        response = await client.get("/api/imports/progress", headers=SAME_ORIGIN)
        status: dict[str, Any] = await response.json()
        if status["state"] != "running":
            return status
        await asyncio.sleep(0.05)
    raise AssertionError("the import did not finish")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".upload-"))


async def test_upload_of_a_real_linkedin_export(
    web_home: Path, web_client: Client, real_fixture: Callable[[str], Path]
) -> None:
    data = real_fixture(SIX_HOPS).read_bytes()
    response = await web_client.post(
        "/imports",
        data=form(data, "Connections.csv"),
        headers=SAME_ORIGIN,
        allow_redirects=False,
    )
    assert response.status == 303 and response.headers["Location"] == "/imports"
    status = await finished(web_client)
    assert status["state"] == "done", status
    assert status["result"]["format"] == "linkedin"
    contacts = status["result"]["entries"]
    assert contacts > 0 and status["done"] == status["total"] == contacts
    html = await page(web_client, "/imports")
    assert "Imported: Connections.csv" in html and f'<td class="num">{contacts}</td>' in html
    with Store(web_home / "metanet.db") as store:
        assert raw(store).table("imports").count == 1
        assert raw(store).table("accounts").count >= contacts
    log = await page(web_client, "/captures")
    assert "Connections.csv" in log and "Imports" in log
    assert leftovers(web_home) == []  # the upload was deleted


async def test_same_file_again_changes_nothing(
    web_client: Client, real_fixture: Callable[[str], Path]
) -> None:
    data = real_fixture(SIX_HOPS).read_bytes()
    for _ in range(2):
        await web_client.post("/imports", data=form(data, "Connections.csv"), headers=SAME_ORIGIN)
        status = await finished(web_client)
    assert status["result"]["already_imported"] is True
    assert "imported before; nothing changed" in await page(web_client, "/imports")


async def test_broken_file_gives_the_clear_error_and_stores_nothing(
    web_home: Path, web_client: Client
) -> None:
    broken = b"PK\x03\x04" + b"\x00" * 40  # a truncated ZIP
    await web_client.post("/imports", data=form(broken, "export.zip"), headers=SAME_ORIGIN)
    status = await finished(web_client)
    assert status["state"] == "failed" and status["error"].startswith("export.zip")
    html = await page(web_client, "/imports")
    assert "The file could not be imported" in html and "Nothing from this file was stored" in html
    with Store(web_home / "metanet.db") as store:
        assert raw(store).table("imports").count == 0
        assert raw(store).table("accounts").count == 0
    assert leftovers(web_home) == []


async def test_hostile_file_name_is_text(web_client: Client) -> None:
    # Built by hand: aiohttp's FormData would percent-encode the name, browsers do not.
    hostile = "<img src=x onerror=alert(1)>.csv"  # no "/": a file name keeps no folders
    body = (
        "--b0undary\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{hostile}"\r\n'
        "Content-Type: text/csv\r\n\r\nnot an export\r\n--b0undary--\r\n"
    ).encode()
    headers = {**SAME_ORIGIN, "Content-Type": "multipart/form-data; boundary=b0undary"}
    assert (await web_client.post("/imports", data=body, headers=headers)).status == 200
    assert (await finished(web_client))["filename"] == hostile
    html = await page(web_client, "/imports")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;.csv" in html


async def test_too_large_upload_is_refused_and_not_kept(
    web_home: Path, web_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_UPLOAD", 1000)
    response = await web_client.post(
        "/imports", data=form(b"x" * 5000, "big.csv"), headers=SAME_ORIGIN
    )
    assert response.status == 413 and "larger than 200 MB" in await response.text()
    assert leftovers(web_home) == []


async def test_missing_file_is_a_clear_400(web_client: Client) -> None:
    response = await web_client.post("/imports", data={"x": "1"}, headers=SAME_ORIGIN)
    assert response.status == 400 and "Choose a file" in await response.text()
    empty = await web_client.post("/imports", data=form(b"", "a.csv"), headers=SAME_ORIGIN)
    assert empty.status == 400


async def test_second_upload_while_one_runs_is_refused(web_home: Path, web_client: Client) -> None:
    job = importing.job_for(web_home / "metanet.db")
    job.state = "running"
    try:
        response = await web_client.post(
            "/imports", data=form(b"a,b\n", "a.csv"), headers=SAME_ORIGIN
        )
        assert response.status == 409 and "still running" in await response.text()
        html = await page(web_client, "/imports")
        assert 'data-progress-src="/api/imports/progress"' in html
        assert '<script type="module" src="/static/imports.js"></script>' in html
    finally:
        job.state = "idle"
    assert leftovers(web_home) == []


def capture(
    store: Store, site: str, parser: str, outcome: str, partly_read: str | None = None
) -> None:
    store.add_capture(
        {
            "url": f"https://{site}.example/x",
            "site": site,
            "parser": parser,
            "parser_version": 1,
            "outcome": outcome,
            "partly_read": partly_read,
            "received_at": now(),
            "sha256": "0" * 64,
        },
        "<p>x</p>",
    )


async def test_parser_health_counts_outcomes_per_site(web_demo: Store, web_client: Client) -> None:
    for outcome in ("stored", "stored", "parser_failed", "unsupported"):
        capture(web_demo, "xing", "xing", outcome)
    capture(web_demo, "xing", "xing", "stored", "unknown_layout")
    for _ in range(3):
        capture(web_demo, "linkedin", XSS, "parser_failed")
    html = await page(web_client, "/captures")
    assert "Parser health" in html
    stored_partly_unsupported = '<td class="num">3</td><td class="num">1</td><td class="num">1</td>'
    assert f"<td>xing</td><td>xing</td>\n    {stored_partly_unsupported}" in html
    assert "partly read: a layout Metanet does not know" in html  # the capture's row says why
    assert '<tr class="failing">' in html  # the linkedin parser fails more than it stores
    assert_escaped(html)


async def test_capture_log_and_imports_need_login(web_stranger: Client) -> None:
    for path in ("/captures", "/imports", "/api/imports/progress"):
        assert (await web_stranger.get(path, headers=SAME_ORIGIN)).status == 401, path
    response = await web_stranger.post("/imports", data=form(b"a", "a.csv"), headers=SAME_ORIGIN)
    assert response.status == 401


async def test_cross_site_upload_is_refused(web_home: Path, web_client: Client) -> None:
    response = await web_client.post("/imports", data=form(b"a", "a.csv"), headers=CROSS_SITE)
    assert response.status == 403
    assert (await web_client.get("/api/imports/progress", headers=CROSS_SITE)).status == 403
    assert importing.job_for(web_home / "metanet.db").status()["state"] == "idle"
    assert leftovers(web_home) == []


async def test_pages_in_german(web_client: Client) -> None:
    html = await page(web_client, "/imports?lang=de")
    assert "Eine Datei importieren" in html and "Exportdatei" in html
    assert "Importe" in await page(web_client, "/captures?lang=de")
