"""E-mail and phone normalisation: the identity evidence must compare equal across exports."""

from __future__ import annotations

import pytest

from metanet.identifiers import normalise_email, normalise_phone


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
