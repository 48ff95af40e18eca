"""vCard 2.1, 3.0 and 4.0: every real sample and the charset, QP and folding quirks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.imports.base import Contact, ImportFileError
from metanet.imports.charsets import decode_8bit
from metanet.imports.pipeline import parse_parts

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def contacts(path: Path) -> list[Contact]:
    parsed = parse_parts(path.read_bytes(), path.name, None)
    assert all(export.format == "vcard" for _, export in parsed)
    found = [c for _, export in parsed for c in export.contacts]
    assert all(c.record.network == "addressbook" and c.kind == "contact" for c in found)
    return found


def test_android_21_qp_with_soft_breaks(real_fixture: Callable[[str], Path]) -> None:
    found = contacts(real_fixture("vcard/android-2.1-qp-ezvcard.vcf"))
    assert len(found) == 6
    assert found[0].record.name is None and found[0].record.emails == ["john.doe@company.com"]
    assert found[2].record.name == "Ñ Ñ Ñ Ñ Ñ"
    assert found[3].record.name == "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ"  # joined across a QP soft break
    assert found[3].record.phones == ["123456", "234567", "3456789", "45678901"]
    assert found[4].record.company == "Ñ" * 12
    assert found[4].record.same_as == ["https://www.company.com", "http://www.company.com"]
    assert found[5].record.company == "Ñ" * 44


def test_iphone_double_cr_groups_and_photo(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("vcard/iphone-ios5-3.0-ezvcard.vcf"))
    record = card.record
    assert record.name == "Mr. John Richter James Doe Sr."
    assert (record.company, record.role) == ("IBM", "Money Counter")
    assert record.emails == ["john.doe@ibm.com"]  # item1.EMAIL
    assert "9052221234" in record.phones  # item2.TEL
    assert record.same_as == ["http://www.ibm.com"]  # item5.URL, "http\:" unescaped
    assert record.photo_url is None  # embedded photos are not kept


def test_gmail_escaped_comma_and_folded_note(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("vcard/gmail-3.0-ezvcard.vcf"))
    assert card.record.name == "Mr. John Richter, James Doe Sr."


def test_outlook_2007_blank_line_and_base64_key(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("vcard/outlook2007-2.1-ezvcard.vcf"))
    assert card.record.name == "Mr. Michael Angstadt Jr."
    assert card.record.emails == ["mike.angstadt@gmail.com"]
    assert (card.record.company, card.record.role) == ("TheCompany", "TheJobTitle")


def test_apple_company_card_with_uid(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("vcard/apple-addressbook-3.0-roundcube.vcf"))
    assert card.record.name == "Apple Computer AG"
    assert card.record.key == "uid:2E4CB084-4767-4C85-BBCA-805B1DCB1C8E:ABPerson"


def test_utf16be_without_bom(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("vcard/apple-3.0-utf16be-roundcube.vcf"))
    assert card.record.name == "Ǽgean ĽdaMonté"
    assert card.record.key == "uid:DC88726E-3E31-4B75-AEB5-C51BC6326779:ABPerson"  # X-ABUID


def test_thebat_undeclared_latin2_qp(real_fixture: Callable[[str], Path]) -> None:
    (card,) = contacts(real_fixture("vcard/thebat-2.1-qp-latin2-roundcube.vcf"))
    assert card.record.name == "Piotr Iksiński"
    assert card.record.emails == ["piotr.iksinski@somedomain.com"]


def test_xing_latin1_declared_and_undeclared() -> None:
    groess, orsted = contacts(FIXTURES / "vcard-2.1-latin1-xing.vcf")
    assert (groess.record.name, groess.record.role) == ("Jürgen Größ", "Geschäftsführer")
    assert groess.record.phones == ["+49891234567"]
    assert [(a.network, a.key) for a in groess.linked] == [("xing", "juergen_groess")]
    assert orsted.record.name == "Zoë Ørsted"  # undeclared Latin-1: Ø stays Ø, not Ř
    assert orsted.record.phones == ["+4512345678"]  # 0045 … is international


def test_qp_utf8_soft_break_inside_a_name() -> None:
    (card,) = contacts(FIXTURES / "vcard-2.1-qp-utf8.vcf")
    assert card.record.name == "Zoë Ørsted"


def test_utf16le_bom_escaped_comma_and_profile_link() -> None:
    (card,) = contacts(FIXTURES / "vcard-3.0-utf16le-bom.vcf")
    assert card.record.name == "José García"
    assert card.record.company == "García, Hermanos y Cía"
    assert [(a.network, a.key) for a in card.linked] == [("linkedin", "josé-garcía-1a2b3c")]


def test_v4_uid_tel_uri_social_profiles_photo_and_mid_character_fold() -> None:
    (card,) = contacts(FIXTURES / "vcard-4.0-utf8.vcf")
    record = card.record
    assert record.name == "Jürgen Größ"  # folded between the two bytes of ß
    assert record.key == "uid:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert record.phones == ["+491701234567"]
    assert record.photo_url == "https://example.com/photos/jg.jpg"
    assert record.same_as == [
        "https://www.linkedin.com/in/juergen-groess/", "https://mastodon.social/@jgroess",
    ]  # fmt: skip
    assert ("linkedin", "juergen-groess") in [(a.network, a.key) for a in card.linked]


def test_same_person_same_key_across_files_and_encodings() -> None:
    (qp,) = contacts(FIXTURES / "vcard-2.1-qp-utf8.vcf")
    _, latin1 = contacts(FIXTURES / "vcard-2.1-latin1-xing.vcf")
    assert qp.record.key == latin1.record.key  # name + first phone, whatever the encoding


def test_card_cut_short() -> None:
    with pytest.raises(ImportFileError) as caught:
        contacts(FIXTURES / "vcard-truncated.vcf")
    assert str(caught.value) == (
        "vcard-truncated.vcf, card 2 (line 5): BEGIN:VCARD without END:VCARD "
        "(is the file cut short?)"
    )


def test_unknown_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=X-NOPE:A\r\nEND:VCARD\r\n")
    with pytest.raises(ImportFileError, match=r"x.vcf, card 1 \(line 1\): unknown charset"):
        contacts(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Iksi\xf1ski", "Iksiński"),  # ń before a consonant: ISO-8859-2
        (b"Mu\xf1oz", "Muñoz"),  # ñ before a vowel: Western
        (b"\xb3ukasz", "łukasz"),  # a letter only in ISO-8859-2
        (b"J\xfcrgen Gr\xf6\xdf", "Jürgen Größ"),
        (b"\xd8rsted", "Ørsted"),
        ("Zoë".encode(), "Zoë"),
    ],
)
def test_undeclared_8bit_guess(raw: bytes, expected: str) -> None:
    assert decode_8bit(raw) == expected
