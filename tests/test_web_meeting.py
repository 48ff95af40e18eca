"""The meeting's pages on the summary server: importing the partners' requests (pasted and
uploaded), "What I can give" with candidates and paths, its messenger text, "I'll
introduce", the introductions and givers-gain pages, the person page's introductions,
your card and a request's card — with hostile names shown as text.

Cross-site POSTs and the login are checked for every route by test_web_security.py."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from aiohttp import FormData
from PIL import Image

from metanet.answers import requests
from metanet.imports import vcard as vcard_import
from metanet.store import Store
from tests.db_support import raw
from tests.web_support import SAME_ORIGIN, XSS, Client, assert_escaped, page, person

pytest_plugins = ("tests.web_fixtures",)

PASTED = f"""Anna Schmidt: Steuerberater; Ort: Rosenheim
Ohne Doppelpunkt
Thomas Müller: Prokurist
  Firma: Berger Maschinenbau
{XSS}: alert
"""
CSV_EN = "partner,seeks,city\r\nPeter Neumann,Geschäftsführerin,München\r\n,x,\r\n".encode()


async def post(client: Client, path: str, data: object, **headers: str) -> tuple[int, str]:
    response = await client.post(path, data=data, headers={**SAME_ORIGIN, **headers})
    return response.status, await response.text()


async def import_pasted(client: Client, lang: str = "de") -> str:
    form = FormData()
    form.add_field("text", PASTED)
    form.add_field("title", "Unternehmerfrühstück")
    form.add_field("held_on", "2026-03-03")
    status, html = await post(client, "/meeting/import", form, **{"Accept-Language": lang})
    assert status == 200, html
    return html


async def test_pasted_requests_are_imported_and_answered_with_paths(
    web_demo: Store, web_client: Client
) -> None:
    html = await import_pasted(web_client)
    assert "3 Suchaufträge importiert" in html
    assert "Zeile 2: kein Partner" in html  # the odd row, with its line, in German
    assert "Unternehmerfrühstück (3. März 2026)" in html
    assert "Jürgen Größ" in html and "Frank Wagner" in html
    assert 'Thomas Müller</a> <span class="muted">(' in html  # Frank's introducer, on the path
    # why each candidate matches, in the search's words (was "; ;": reasons of another kind)
    assert '<p class="why">Warum es passt: Steuerberater; Rosenheim</p>' in html
    assert_escaped(html)  # a partner and a candidate named <script>…
    again = await page(web_client, "/meeting", **{"Accept-Language": "en"})
    assert "What I can give" in again and "seeks" in again and "path strength" in again


async def test_an_uploaded_csv_in_english(web_demo: Store, web_client: Client) -> None:
    form = FormData()
    form.add_field("file", CSV_EN, filename="meeting.csv", content_type="text/csv")
    status, html = await post(web_client, "/meeting/import", form, **{"Accept-Language": "en"})
    assert status == 200, html
    assert "1 request imported" in html and "meeting.csv, line 3: no partner" in html
    assert "Lena Ørsted" in html


async def test_nothing_to_import_is_said_clearly(web_demo: Store, web_client: Client) -> None:
    form = FormData()
    form.add_field("text", "Ohne Doppelpunkt")
    status, html = await post(web_client, "/meeting/import", form, **{"Accept-Language": "en"})
    assert status == 400 and "line 1: no partner" in html
    form = FormData()
    form.add_field("text", "Partner;sucht;Schuhgröße\nAnna;Steuerberater;42\n")
    status, html = await post(web_client, "/meeting/import", form, **{"Accept-Language": "de"})
    assert status == 400 and "Die Spalte „Schuhgröße“" in html
    assert raw(web_demo).execute("select count(*) from meetings").fetchone() == (0,)


async def test_the_messenger_text(web_demo: Store, web_client: Client) -> None:
    await import_pasted(web_client)
    response = await web_client.get("/meeting/text", headers={"Accept-Language": "de"})
    assert response.status == 200 and response.content_type == "text/plain"
    text = await response.text()
    assert text.startswith("Was ich geben kann – Unternehmerfrühstück (3. März 2026)")
    assert "Thomas Müller sucht: Prokurist (Firma: Berger Maschinenbau)" in text
    assert "Sie → Thomas Müller → Frank Wagner" in text


async def test_ill_introduce_starts_an_introduction_and_it_moves_on(
    web_demo: Store, web_client: Client
) -> None:
    await import_pasted(web_client)
    frank = person(web_demo, "Frank Wagner")
    [request_id] = [
        r["id"] for r in requests.list_requests(web_demo) if r["query"].startswith("Prokurist")
    ]
    status, html = await post(
        web_client, "/meeting/introduce", {"request": str(request_id), "person": str(frank)},
        **{"Accept-Language": "en"},
    )  # fmt: skip
    assert status == 200 and "Introduction: offered" in html
    [intro_id] = [r[0] for r in raw(web_demo).execute("select id from introductions")]
    status, html = await post(
        web_client,
        f"/introductions/{intro_id}/state",
        {"state": "made", "note": "per Mail", "back": "/introductions"},
        **{"Accept-Language": "de"},
    )
    assert status == 200 and "hergestellt" in html and "per Mail" in html
    partners = await page(web_client, "/partners", **{"Accept-Language": "de"})
    assert "Thomas Müller" in partners
    paths = await page(web_client, f"/paths/{frank}", **{"Accept-Language": "de"})
    assert "1 Vorstellung zwischen ihnen" in paths  # the raised tie says why
    status, _ = await post(web_client, f"/introductions/{intro_id}/state", {"state": "offered"})
    assert status == 400


async def test_the_person_page_records_and_shows_introductions(
    web_demo: Store, web_client: Client
) -> None:
    lena = person(web_demo, "Lena Ørsted")
    status, html = await post(
        web_client,
        "/introductions",
        {"person": str(lena), "to": "Zoë Hartmann", "note": f"Event {XSS}"},
        **{"Accept-Language": "de"},
    )
    assert status == 200 and 'id="introductions"' in html
    assert "Zoë Hartmann" in html and "angeboten" in html
    assert_escaped(html)
    status, html = await post(
        web_client, "/introductions", {"person": str(lena), "to": "Niemand Bekanntes"}
    )
    assert status == 200 and "Nobody of that name is known" in html


async def test_your_card_chooses_per_network_and_downloads(
    web_demo: Store, web_client: Client
) -> None:
    html = await page(web_client, "/card?preset=everyone", **{"Accept-Language": "de"})
    assert "Ihre Karte" in html and "xing.com/profile/Sabine_Weber" in html
    assert "facebook.com/sabine.weber.muc</a>" not in html  # private: not for everyone
    assert 'src="data:image/svg+xml' in html
    status, _ = await post(
        web_client,
        "/card",
        FormData([("preset", "everyone"), ("show", "facebook:profile"), ("show", "xing:profile")]),
    )
    assert status == 200
    vcf = await (await web_client.get("/card/vcard?preset=everyone")).text()
    [contact] = vcard_import.parse(vcf.encode()).contacts
    assert set(contact.record.same_as) == {
        "https://www.facebook.com/sabine.weber.muc",
        "https://www.xing.com/profile/Sabine_Weber",
    }
    png = await (await web_client.get("/card/qr.png?preset=everyone")).read()
    [found] = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    assert found.text == vcf
    status, _ = await post(web_client, "/card", {"preset": "everyone", "show": "github:profile"})
    assert status == 400


async def test_a_request_card(web_demo: Store, web_client: Client) -> None:
    mine = requests.add(web_demo, "Geschäftsführerin", hops=3, note=f"Zulieferer {XSS}")
    status, html = await post(
        web_client, f"/requests/{mine['id']}/card", {"how": "per E-Mail"},
        **{"Accept-Language": "de"},
    )  # fmt: skip
    assert status == 200
    assert "Suchauftrag von Sabine Weber" in html and "per E-Mail" in html
    assert_escaped(html)
    listed = await page(web_client, "/requests", **{"Accept-Language": "de"})
    assert f"/requests/{mine['id']}/card" in listed


@pytest.mark.parametrize("path", ["/meeting", "/introductions", "/partners", "/card"])
async def test_empty_pages_say_so(web_demo: Store, web_client: Client, path: str) -> None:
    html = await page(web_client, path, **{"Accept-Language": "en"})
    assert 'lang="en"' in html


@pytest.mark.parametrize("back", ["//evil.example/x", "/\\evil.example", "https://evil.example"])
async def test_a_state_change_never_sends_you_off_site(
    web_demo: Store, web_client: Client, back: str
) -> None:
    lena = person(web_demo, "Lena Ørsted")
    await post(web_client, "/introductions", {"person": str(lena), "to": "Zoë Hartmann"})
    [intro_id] = [r[0] for r in raw(web_demo).execute("select id from introductions")]
    response = await web_client.post(
        f"/introductions/{intro_id}/state",
        data={"state": "made", "back": back},
        headers=SAME_ORIGIN,
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == f"/introductions#introduction-{intro_id}"
