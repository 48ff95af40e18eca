"""The meeting in real Chromium and Firefox (drivers.py), served by a real `metanet serve`:
"What I can give" printed to PDF on A4 (each browser's own print: Chromium's page.pdf,
Firefox's WebDriver Print) and the PDF's text read back with pypdf — every partner's
request and every candidate is on paper, the screen's controls are not; "I'll introduce"
from the page; your card's QR code, as the browser draws it, decodes to the vCard the
card page offers for download; a request's card prints as one page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from metanet.answers import requests
from metanet.demo.seed import load
from metanet.services.meeting import import_texts
from metanet.store import Store
from tests.browser.browser_support import OUTPUT_DIR
from tests.browser.drivers import Driver
from tests.web_support import XSS, add_hostile_contact

MEETING = f"""Partner;sucht;Firma;Ort;Notiz
Anna Schmidt;Steuerberater;;Rosenheim;für ihre Bäckerei
Thomas Müller;Prokurist;Berger Maschinenbau;;
Peter Neumann;Geschäftsführerin;;München;
{XSS};Steuerberater;;;
Eva Muster;alert;;;
"""
#: partner → (what the page says they seek, the candidates the demo network holds)
EXPECTED = {
    "Anna Schmidt": ("Steuerberater (City: Rosenheim)", ["Jürgen Größ"]),
    "Thomas Müller": ("Prokurist (Company: Berger Maschinenbau)", ["Frank Wagner"]),
    "Peter Neumann": ("Geschäftsführerin (City: München)", ["Lena Ørsted"]),
    XSS: ("Steuerberater", ["Jürgen Größ"]),  # a partner with a hostile name
    "Eva Muster": ("alert", [XSS]),  # a candidate with one
}


def seed(home: Path) -> int:
    with Store(home / "metanet.db") as store:
        load(store)
        add_hostile_contact(store)
        imported = import_texts(store, [("", MEETING)], title="Unternehmerfrühstück")
        assert imported["meeting"] is not None and not imported["refused"]
        mine = requests.add(store, "Geschäftsführerin München", hops=3, note="Zulieferer")
        return int(mine["id"])


@pytest.fixture
def server(metanet_home: Path, summary_server: Callable[[], str]) -> tuple[str, int]:
    request_id = seed(metanet_home)
    return summary_server(), request_id


def pdf_text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_the_give_page_prints_every_request_and_candidate(
    server: tuple[str, int], browser: Driver
) -> None:
    login_url, _ = server
    base = login_url.split("/login")[0]
    page, _ = browser.open_tab(login_url)
    page.resize(1200, 900)
    page.goto(f"{base}/meeting")
    assert page.text("h1").startswith("What I can give")
    partners = page.texts("main h2")
    candidates = page.texts("main li strong a")
    for partner, (_, names) in EXPECTED.items():
        assert partner in partners, partners
        for name in names:
            assert name in candidates, candidates
    page.screenshot("meeting-give")

    pdf = page.pdf()
    folder = OUTPUT_DIR / browser.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meeting-give.pdf").write_bytes(pdf)
    text, pages = pdf_text(pdf)
    assert 1 <= pages <= 2, pages
    for partner, (seeks, names) in EXPECTED.items():
        assert partner in text, partner
        assert f"seeks: {seeks}" in text, seeks
        for name in names:
            assert name in text, name
    assert "Sabine" not in text.split("What I can give")[0]  # no header before the title
    for screen_only in ("I'll introduce", "Capture log", "Import a meeting's requests"):
        assert screen_only not in text, screen_only
    assert "you → Thomas Müller" in text and "path strength" in text  # the introducer path
    page.print_media(True)
    page.screenshot("meeting-give-print")  # what the PDF shows, as an image
    page.print_media(False)

    # "I'll introduce" on a candidate: an offered introduction, shown in its place
    offers = page.evaluate(
        "Array.from(document.querySelectorAll('main li form button'),"
        " (b) => b.closest('li').querySelector('strong a').innerText.trim())"
    )
    page.click("main li form button", offers.index("Frank Wagner"))
    page.wait_texts("main li a", "Introduction: offered")
    assert page.problems() == []  # the hostile names ran nothing (no alert, no error)


def test_the_cards_qr_code_as_drawn_decodes_to_the_vcard(
    server: tuple[str, int], browser: Driver
) -> None:
    login_url, request_id = server
    base = login_url.split("/login")[0]
    page, _ = browser.open_tab(login_url)
    page.resize(1200, 900)
    page.goto(f"{base}/card?preset=everyone")
    assert "Sabine Weber" in page.texts("h1, h2, h3")
    page.wait_for("the QR code drawn", lambda: page.evaluate(
        "document.querySelector('figure.qr img').complete"
    ))  # fmt: skip
    drawn = page.element_shot("figure.qr img")
    found = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(drawn)),
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
    )
    links = page.texts("main a")
    name, data = page.download("main a", links.index("Download the vCard"))
    vcard = data.decode("utf-8")  # CRLF kept
    assert name == "card-everyone.vcf"
    assert len(found) == 1 and found[0].text == vcard
    assert "URL:https://www.xing.com/profile/Sabine_Weber" in vcard
    assert "facebook" not in vcard  # private, and not chosen for everyone
    page.screenshot("meeting-card")

    page.goto(f"{base}/requests/{request_id}/card")
    text, pages = pdf_text(page.pdf())
    assert pages == 1
    assert "Search request from Sabine Weber" in text and "Geschäftsführerin München" in text
    assert "Zulieferer" in text
