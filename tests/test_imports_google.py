"""Google Contacts CSV: the real legacy sample, the current header, UTF-16 and ` ::: `."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.imports.base import Contact, ImportFileError
from metanet.imports.pipeline import parse_parts

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def contacts(path: Path) -> list[Contact]:
    parsed = parse_parts(path.read_bytes(), path.name, None)
    assert all(export.format == "google" for _, export in parsed)
    return [c for _, export in parsed for c in export.contacts]


def test_real_legacy_sample(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("google/google-contacts-legacy-roundcube.csv"))
    record = card.record
    assert record.name == "Prefix Firstname Middle Lastname Suffix"
    assert record.emails[0] == "home@aaa.pl"
    assert (record.company, record.role) == ("company", "jobtitle")
    assert "https://test.com" in record.same_as
    assert record.network == "addressbook" and record.key.startswith("~ab:")


def test_current_header_multivalues_and_multiline_notes() -> None:
    zoe, juergen = contacts(FIXTURES / "google-current.csv")
    assert zoe.record.name == "Zoë Ørsted"
    assert zoe.record.emails == ["zoe@orsted.example", "zoe.private@example.com"]
    assert (zoe.record.company, zoe.record.role) == ("Ørsted A/S", "Head of Sales")
    assert [(a.network, a.key) for a in zoe.linked] == [("linkedin", "zoe-orsted")]
    assert zoe.record.photo_url == "https://lh3.googleusercontent.com/contacts/zoe"
    assert juergen.record.name == "Dr. Jürgen Größ"
    assert juergen.record.phones == ["+49891234567", "+491701234567"]


def test_legacy_utf16_with_bom_matches_the_vcard_of_the_same_person() -> None:
    (jose,) = contacts(FIXTURES / "google-legacy-utf16.csv")
    assert jose.record.name == "José García"
    assert [(a.network, a.key) for a in jose.linked] == [("linkedin", "josé-garcía-1a2b3c")]
    vcard = FIXTURES / "vcard-3.0-utf16le-bom.vcf"
    (card,) = [c for _, e in parse_parts(vcard.read_bytes(), vcard.name, None) for c in e.contacts]
    assert card.record.key == jose.record.key


def test_row_of_the_wrong_width(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("First Name,Last Name,E-mail 1 - Value\nAnna,Schmidt,a@example.com\nBernd\n")
    with pytest.raises(ImportFileError, match=r"contacts.csv, line 3: expected 3 fields, found 1"):
        contacts(path)
