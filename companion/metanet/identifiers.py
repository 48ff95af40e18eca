"""Normalised e-mail addresses and phone numbers: the strongest identity evidence.

Two accounts that share an address or a number are very likely one person, so both must
compare equal however an export wrote them (``Anna@Example.COM`` vs ``anna@example.com``,
``089 1234567`` vs ``+49 89 1234567``). These functions never guess: a value that cannot be
normalised with confidence is returned in a plain, comparable form or dropped.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

import phonenumbers

_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_TEL = re.compile(r"^tel:", re.IGNORECASE)
_DIGITS = re.compile(r"\d")
MIN_PHONE_DIGITS = 5  # shorter "numbers" are extensions or noise, never identity evidence


def normalise_email(raw: str | None) -> str | None:
    """``local@domain`` lower-cased, or None when ``raw`` is not an e-mail address.

    The whole address is lower-cased: providers treat local parts case-insensitively in
    practice, and a false match is far less likely than a missed one. The domain is
    IDNA-decoded so ``user@xn--bcher-kva.example`` and ``user@bücher.example`` agree.
    Exports put other things in e-mail columns (LinkedIn writes ``urn:li:member:…``);
    those are rejected here.
    """
    if not raw:
        return None
    text = _MAILTO.sub("", raw.strip()).strip("<>").strip()
    if not _EMAIL.match(text):
        return None
    local, _, domain = text.rpartition("@")
    domain = domain.rstrip(".").lower()
    with contextlib.suppress(UnicodeError):  # a broken punycode label stays as written
        domain = domain.encode("ascii").decode("idna") if "xn--" in domain else domain
    return f"{local.lower()}@{domain}"


def normalise_phone(
    raw: str | None, region: str | None = None, *, default_region: str | None = None
) -> str | None:
    """E.164 (``+49891234567``) when the country is known, else the bare digits.

    The country is known when the number says so (``+49 …``, ``0049 …``), when the caller
    passes ``region`` (ISO 3166 code, e.g. from the contact's address), or — for a number
    that is valid there — from ``default_region``, the user's own country
    (:func:`metanet.region.user_region`): "0891234567" in a German address book is
    ``+49891234567``. ``default_region`` is a guess about where the number was written, so
    it is used only for a number that is *valid* in that country (an American locale
    never turns a German "089 …" into a US number); ``region`` is trusted with any possible
    number. A number without any of these keeps its digits only (``0891234567``):
    comparable with the same national number elsewhere, never turned into a wrong E.164.
    Fewer than :data:`MIN_PHONE_DIGITS` digits gives None.
    """
    if not raw:
        return None
    text = _TEL.sub("", raw.strip())
    digits = "".join(_DIGITS.findall(text))
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    stripped = text.lstrip()
    if stripped.startswith("00") and not stripped.startswith("000"):
        text = "+" + stripped[2:]
    international = text.lstrip().startswith("+")
    if international or region:
        number = _parse(text, None if international else region)
        if number is not None and phonenumbers.is_possible_number(number):
            return _e164(number)
    elif default_region:
        number = _parse(text, default_region)
        if number is not None and phonenumbers.is_valid_number(number):
            return _e164(number)
    return digits


def in_region(numbers: list[str], region: str | None) -> list[str]:
    """Normalised numbers read again in the user's region (``default_region``): those whose
    country was not known become E.164 where they are valid there; duplicates go."""
    if not region:
        return numbers
    found = (normalise_phone(number, default_region=region) or number for number in numbers)
    return list(dict.fromkeys(found))


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(stored: str, region: str | None = None) -> str:
    """A stored number as the user reads it: national format for a number of the user's
    own country (``region``), international otherwise.

    ``+49891234567`` is "089 1234567" for a user in Germany and "+49 89 1234567" for one
    in Austria; a number stored as bare digits (its country was never known) is shown as
    stored.
    """
    if not stored.startswith("+"):
        return stored
    number = _parse(stored, None)
    if number is None:
        return stored
    home = phonenumbers.country_code_for_region(region) if region else 0
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home and number.country_code == home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


@dataclass(frozen=True, slots=True)
class PhoneForms:
    """One stored number in every form a view needs."""

    e164: str | None  # "+491712345678"; None when its country is not known
    national: str | None  # "0171 2345678"
    international: str | None  # "+49 171 2345678"
    shown: str  # national for the user's own country, international otherwise (or digits)
    href: str  # "tel:+491712345678" (RFC 3966: a global number); the digits when unknown


def phone_forms(stored: str, region: str | None = None) -> PhoneForms:
    """A stored number (E.164, or digits whose country was never known) as the user reads
    and dials it. Digits are read in ``region`` when the number is valid there."""
    e164 = stored if stored.startswith("+") else normalise_phone(stored, default_region=region)
    number = _parse(e164, None) if e164 and e164.startswith("+") else None
    if number is None:
        return PhoneForms(None, None, None, stored, f"tel:{stored}")
    fmt = phonenumbers.PhoneNumberFormat
    return PhoneForms(
        _e164(number),
        phonenumbers.format_number(number, fmt.NATIONAL),
        phonenumbers.format_number(number, fmt.INTERNATIONAL),
        format_phone(_e164(number), region),
        f"tel:{_e164(number)}",
    )


def rfc3966(stored: str) -> str | None:
    """``tel:+49-171-2345678`` for a number whose country is known (vCard 4.0's TEL)."""
    number = _parse(stored, None) if stored.startswith("+") else None
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
