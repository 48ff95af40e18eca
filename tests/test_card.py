"""Your own 360° card: the facts chosen per network and preset, a vCard 4.0 that the
project's own vCard import reads back to the same person and links, and a QR code that
decodes back to the very same vCard (read with zxing-cpp, a real QR decoder)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from metanet import card as cards
from metanet import sites
from metanet.answers import requests
from metanet.answers.meeting_input import parse
from metanet.demo.seed import load
from metanet.errors import InvalidInput, Refused
from metanet.imports import vcard as vcard_import
from metanet.imports.base import Contact
from metanet.model import AccountRecord
from metanet.services import card
from metanet.store import Store

XING = "https://www.xing.com/profile/Sabine_Weber"
LINKEDIN = "https://www.linkedin.com/in/sabine-weber-muc/"
FACEBOOK = "https://www.facebook.com/sabine.weber.muc"
EMAIL = "sabine@weber-personal.example"


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store(tmp_path / "metanet.db") as store:
        load(store)
        store.upsert_account(AccountRecord("xing", "sabine_weber", XING, emails=[EMAIL]))
        yield store


def read_back(text: str) -> Contact:
    parsed = vcard_import.parse(text.encode("utf-8"))
    assert parsed.skipped == 0
    [contact] = parsed.contacts
    return contact


def decoded(png: bytes) -> str:
    found = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)


def test_the_partners_card_round_trips_through_the_vcard_import(demo: Store) -> None:
    mine = card.my_card(demo, "partners")
    assert [e["network"] for e in mine["entries"]] == ["facebook", "linkedin", "xing"]
    text = card.vcard(demo, "partners")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and text.endswith("END:VCARD\r\n")
    contact = read_back(text)
    assert contact.record.name == "Sabine Weber"
    assert contact.record.company == "Weber Personalberatung"
    assert contact.record.role == "Inhaberin, Weber Personalberatung"  # her XING headline
    assert contact.record.emails == [EMAIL]
    assert set(contact.record.same_as) == {XING, LINKEDIN, FACEBOOK}
    refs = [sites.normalise(url) for url in (XING, LINKEDIN, FACEBOOK)]
    assert {(a.network, a.key) for a in contact.linked} == {(r.network, r.key) for r in refs if r}


def test_everyone_sees_business_networks_only_until_you_choose_otherwise(demo: Store) -> None:
    contact = read_back(card.vcard(demo, "everyone"))
    assert set(contact.record.same_as) == {XING, LINKEDIN}
    assert contact.record.emails == []  # no e-mail for everyone
    chosen = card.save_choices(
        demo, "everyone", {"facebook": ["profile"], "xing": ["profile"], "linkedin": []}
    )
    assert chosen["choices"] == {"facebook": ["profile"], "linkedin": [], "xing": ["profile"]}
    contact = read_back(card.vcard(demo, "everyone"))
    assert set(contact.record.same_as) == {FACEBOOK, XING}
    assert contact.record.company is None and contact.record.role is None  # facts not chosen
    assert set(read_back(card.vcard(demo, "partners")).record.same_as) == {
        XING, LINKEDIN, FACEBOOK,
    }  # fmt: skip
    with pytest.raises(InvalidInput):
        card.save_choices(demo, "everyone", {"github": ["profile"]})  # no such account
    with pytest.raises(InvalidInput):
        card.save_choices(demo, "everyone", {"xing": ["shoe size"]})
    with pytest.raises(InvalidInput):
        card.my_card(demo, "friends")


@pytest.mark.parametrize("preset", cards.PRESETS)
def test_the_qr_code_decodes_back_to_the_same_vcard(demo: Store, preset: str) -> None:
    assert decoded(card.qr_png(demo, preset)) == card.vcard(demo, preset)


def test_names_with_vcard_syntax_and_umlauts_survive(demo: Store) -> None:
    me = demo.me()
    assert me is not None
    demo.upsert_account(
        AccountRecord(
            "xing", "sabine_weber", XING, name="Sabine Weber; Größ, \\ Dr.",
            company="Weber; Söhne, KG",
        )
    )  # fmt: skip
    demo.refresh_person_name(int(me["id"]))
    text = card.vcard(demo, "partners")
    contact = read_back(text)
    assert contact.record.name == "Sabine Weber; Größ, \\ Dr."
    assert contact.record.company == "Weber; Söhne, KG"
    assert decoded(card.qr_png(demo, "partners")) == text


def test_a_request_card_holds_the_request_a_partner_imports(demo: Store) -> None:
    mine = requests.add(demo, "Geschäftsführerin München", hops=3, note="Zulieferer gesucht")
    shown = card.set_introduce_how(demo, mine["id"], "Per E-Mail, gern mit Termin")
    assert shown["name"] == "Sabine Weber" and shown["how"] == "Per E-Mail, gern mit Termin"
    assert {link["url"] for link in shown["links"]} == {XING, LINKEDIN, FACEBOOK}
    assert shown["qr"].startswith("data:image/svg+xml")
    assert decoded(cards.qr_png(shown["text"])) == shown["text"]
    [request] = parse(shown["text"], "qr").requests  # what a partner's Metanet reads
    assert (request.partner, request.query, request.hops, request.note) == (
        "Sabine Weber", "Geschäftsführerin München", 3, "Zulieferer gesucht",
    )  # fmt: skip
    partner = requests.import_text(demo, shown["text"])
    with pytest.raises(Refused):
        card.request_card(demo, partner["id"])  # a partner's request is not your card
