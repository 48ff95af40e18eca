"""E-mail and phone normalisation: the identity evidence must compare equal across exports."""

from __future__ import annotations

import pytest

from metanet.identifiers import format_phone, normalise_email, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Anna.Schmidt@Example.COM", "anna.schmidt@example.com"),
        ("  mailto:zoe@orsted.example ", "zoe@orsted.example"),
        ("<jose@example.es>", "jose@example.es"),
        ("user@xn--bcher-kva.example", "user@bücher.example"),
        ("urn:li:member:664293716", None),  # LinkedIn 2018 exports put this in the e-mail column
        ("not an address", None),
        ("two@@signs.example", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_email(raw: str | None, expected: str | None) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+49 (89) 123 456-7", None, "+49891234567"),
        ("0049 89 1234567", None, "+49891234567"),
        ("089 1234567", "DE", "+49891234567"),
        ("tel:+49-170-1234567", None, "+491701234567"),
        ("+45 12 34 56 78", None, "+4512345678"),
        ("905-555-1234", None, "9055551234"),  # no country known: digits only, never a guess
        ("905-555-1234", "US", "+19055551234"),
        ("12", None, None),
        ("", None, None),
    ],
)
def test_normalise_phone(raw: str, region: str | None, expected: str | None) -> None:
    assert normalise_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "default_region", "expected"),
    [
        # issue 18: a number without its country in a German address book
        ("0891234567", "DE", "+49891234567"),
        ("089 1234567", "DE", "+49891234567"),
        ("0171 2345678", "DE", "+491712345678"),
        ("01 5125 3000", "AT", "+43151253000"),
        ("+49 171 2345678", "AT", "+491712345678"),  # the number's own country wins
        ("0049 89 1234567", "US", "+49891234567"),
        ("0891234567", "US", "0891234567"),  # not valid in the US: digits, never a guess
        ("0891234567", None, "0891234567"),  # no region known: as before
        ("12", "DE", None),
    ],
)
def test_normalise_phone_with_the_users_region(
    raw: str, default_region: str | None, expected: str | None
) -> None:
    assert normalise_phone(raw, default_region=default_region) == expected


def test_a_contacts_own_region_beats_the_users() -> None:
    assert normalise_phone("905-555-1234", "US", default_region="DE") == "+19055551234"


@pytest.mark.parametrize(
    ("stored", "region", "shown"),
    [
        ("+49891234567", "DE", "089 1234567"),  # the user's own country: national
        ("+491712345678", "DE", "0171 2345678"),
        ("+49891234567", "AT", "+49 89 1234567"),  # another country: international
        ("+49891234567", None, "+49 89 1234567"),
        ("+43151253000", "DE", "+43 1 51253000"),
        ("0891234567", "DE", "0891234567"),  # stored as digits: shown as stored
        ("+999", "DE", "+999"),
    ],
)
def test_format_phone(stored: str, region: str | None, shown: str) -> None:
    assert format_phone(stored, region) == shown
