"""E-mail and phone normalisation: the identity evidence must compare equal across exports."""

from __future__ import annotations

import pytest

from metanet.identifiers import (
    format_phone,
    in_region,
    normalise_email,
    normalise_phone,
    phone_forms,
    rfc3966,
)


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


def test_phone_forms_for_the_views() -> None:
    home = phone_forms("+491712345678", "DE")
    assert (home.national, home.international, home.shown) == (
        "0171 2345678", "+49 171 2345678", "0171 2345678",
    )  # fmt: skip
    assert home.href == "tel:+491712345678" and home.e164 == "+491712345678"
    assert phone_forms("+491712345678", "AT").shown == "+49 171 2345678"
    digits = phone_forms("0891234567", "DE")  # stored before the region was known
    assert (digits.e164, digits.shown, digits.href) == (
        "+49891234567", "089 1234567", "tel:+49891234567",
    )  # fmt: skip
    unknown = phone_forms("0891234567", None)
    assert (unknown.e164, unknown.national, unknown.shown, unknown.href) == (
        None, None, "0891234567", "tel:0891234567",
    )  # fmt: skip


def test_numbers_read_again_in_the_users_region() -> None:
    assert in_region(["0891234567", "+491712345678"], "DE") == ["+49891234567", "+491712345678"]
    assert in_region(["0891234567", "+49891234567"], "DE") == ["+49891234567"]  # one number
    assert in_region(["0891234567"], None) == ["0891234567"]
    assert in_region(["0891234567"], "US") == ["0891234567"]  # not valid there: kept


def test_rfc3966_for_the_vcard() -> None:
    assert rfc3966("+491712345678") == "tel:+49-171-2345678"
    assert rfc3966("0891234567") is None
