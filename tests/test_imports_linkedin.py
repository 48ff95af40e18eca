"""LinkedIn Connections.csv: the real preamble and every documented quirk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.imports.base import Contact, Direction, ImportFileError
from metanet.imports.pipeline import parse_parts

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def contacts(path: Path, fmt: str | None = None) -> list[Contact]:
    parsed = parse_parts(path.read_bytes(), path.name, fmt)
    return [c for _, export in parsed for c in export.contacts]


def test_real_preamble_sample(real_fixture: Callable[[str], Path]) -> None:
    path = real_fixture("linkedin/Connections-synthetic-six-hops.csv")
    ((_, export),) = parse_parts(path.read_bytes(), path.name, None)
    assert export.format == "linkedin" and export.source == "linkedin-connections"
    assert [c.record.key for c in export.contacts] == [
        "priya-sharma-1", "rahul-iyer", "priya-sharma-2", "anita-rao",
    ]  # fmt: skip
    assert export.skipped == 1  # the row with only a date
    rahul = export.contacts[1].record
    assert (rahul.name, rahul.company, rahul.role, rahul.emails) == (
        "Rahul Iyer", "Flipkart", "Senior SDE", ["rahul@example.com"],
    )  # fmt: skip
    assert export.contacts[2].record.company == "Razorpay Software Pvt Ltd"
    assert export.contacts[3].record.company is None
    assert export.contacts[0].since == "2021-03-12"
    assert all(c.kind == "contact" and c.direction == Direction.BOTH for c in export.contacts)


def test_bom_crlf_quoted_commas_and_empty_rows() -> None:
    found = contacts(FIXTURES / "linkedin-current-bom.csv")
    records = [c.record for c in found]
    assert [r.name for r in records] == [
        "Jürgen Größ",
        "Zoë Ørsted",
        "José García",
        "Igor Kowalski",
    ]
    assert records[0].company == "Größ Maschinenbau, GmbH & Co. KG"
    assert records[0].emails == ["juergen.groess@example.com"]
    assert records[1].role == "Head of Sales, DACH"
    assert records[1].key == "zoe-orsted"  # country subdomain and tracking removed
    assert records[2].key == "josé-garcía-1a2b3c"  # percent-encoded URL decoded by sites/
    assert all(c.confirmed for c in found)


def test_2018_layout_without_url_gives_unconfirmed_derived_keys() -> None:
    found = contacts(FIXTURES / "linkedin-2018-no-url.csv")
    assert [c.record.name for c in found] == ["Jürgen Größ", "Zoë Ørsted"]
    assert all(c.record.key.startswith("~li-export:") and not c.confirmed for c in found)
    assert found[0].since == "2018-01-08"  # "1/8/18, 6:14 PM"
    assert found[1].record.emails == []  # urn:li:member:… is not an address
    again = contacts(FIXTURES / "linkedin-2018-no-url.csv")
    assert [c.record.key for c in again] == [c.record.key for c in found]


def test_malformed_row_names_file_and_line() -> None:
    with pytest.raises(ImportFileError) as caught:
        contacts(FIXTURES / "linkedin-malformed-row.csv")
    assert str(caught.value) == "linkedin-malformed-row.csv, line 6: expected 7 fields, found 3"


def test_not_a_linkedin_url_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Anna,Schmidt,https://example.com/anna,,,,12 Mar 2021\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match=r"line 2: 'https://example.com/anna' is not"):
        contacts(path)


def test_latin1_file_is_a_wrong_encoding_error(tmp_path: Path) -> None:
    text = (FIXTURES / "linkedin-2018-no-url.csv").read_text(encoding="utf-8")
    path = tmp_path / "Connections.csv"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(
        ImportFileError, match=r"Connections.csv, line 2: not UTF-8 text \(byte 0xfc\)"
    ):
        contacts(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2021", "2021-03-12"),
        ("05 jan 2020", "2020-01-05"),
        ("1/8/18, 6:14 PM", "2018-01-08"),
        ("2019-07-20", "2019-07-20"),
        ("12 Foo 2021", None),
        ("", None),
    ],
)
def test_connected_on_forms(text: str, expected: str | None) -> None:
    from metanet.imports.common import parse_date

    assert parse_date(text) == expected
