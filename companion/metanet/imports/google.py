"""Google Contacts CSV ("Google CSV" export), both header generations.

Layouts handled (see tests/fixtures/imports/README.md):
- legacy (Gmail until ~2020): ``Name,Given Name,Additional Name,Family Name,…,
  E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,Organization 1 - Title,…``;
- current (contacts.google.com): ``First Name,Middle Name,Last Name,…,E-mail 1 - Label,
  E-mail 1 - Value,…,Organization Name,Organization Title,…``.
A cell may hold several values joined by `` ::: ``; quoted cells may span lines (notes,
addresses). Old exports are UTF-16 with a BOM, new ones UTF-8. Each contact becomes an
``addressbook`` account with the key of ``common.addressbook_key`` (no UID in this format).
"""

from __future__ import annotations

import re

from metanet.identifiers import normalise_email, normalise_phone
from metanet.imports.base import Contact, Direction, EntryError, ParsedExport
from metanet.imports.common import addressbook_key, clean, csv_rows, is_blank
from metanet.imports.text import decode
from metanet.imports.vcard import linked_accounts
from metanet.model import AccountRecord

NAME = "google"
NETWORK = "addressbook"
MULTI = " ::: "
_NUMBERED = re.compile(r"^(e-mail|phone|website) \d+ - value$")


def _columns(header: list[str]) -> dict[str, int]:
    return {clean(c).lower().lstrip("\ufeff"): i for i, c in enumerate(header)}


def is_header(row: list[str]) -> bool:
    columns = _columns(row)
    named = "given name" in columns or "first name" in columns
    return named and any(_NUMBERED.match(c) for c in columns)


def detect(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return ("given name" in first or "first name" in first) and (
        "e-mail 1 - value" in first or "phone 1 - value" in first
    )


def parse(data: bytes) -> ParsedExport:
    rows = csv_rows(decode(data))
    first = next(rows, None)
    if first is None or not is_header(first[1]):
        raise EntryError("line 1", "no Google Contacts header (Given/First Name, E-mail 1 - Value)")
    columns = _columns(first[1])
    result = ParsedExport(NAME, NETWORK, "google-contacts", complete=False)
    for line, row in rows:
        if is_blank(row):
            continue
        if len(row) != len(columns):
            raise EntryError(f"line {line}", f"expected {len(columns)} fields, found {len(row)}")
        result.add(_contact(columns, row))
    return result


def _values(columns: dict[str, int], row: list[str], kind: str) -> list[str]:
    """All values of the numbered ``<kind> N - Value`` columns, ``:::`` lists split."""
    found: list[str] = []
    for column, index in columns.items():
        if column.startswith(f"{kind} ") and column.endswith(" - value"):
            found += [clean(v) for v in row[index].split(MULTI) if clean(v)]
    return found


def _contact(columns: dict[str, int], row: list[str]) -> Contact | None:
    def cell(*names: str) -> str:
        for name in names:
            if name in columns and clean(row[columns[name]]):
                return clean(row[columns[name]])
        return ""

    parts = clean(
        " ".join(
            cell(n)
            for n in (
                "name prefix",
                "given name",
                "first name",
                "additional name",
                "middle name",
                "family name",
                "last name",
                "name suffix",
            )
        )
    )
    shown = cell("name")
    # "Becker, Stefan" (a sorted list's form): the parts say it as people do
    name = parts if (not shown or ("," in shown and cell("given name", "first name"))) else shown
    emails = [e for e in map(normalise_email, _values(columns, row, "e-mail")) if e]
    phones = [p for p in map(normalise_phone, _values(columns, row, "phone")) if p]
    if not (name or emails or phones):
        return None
    links = [
        u if "://" in u else f"https://{u}" for u in _values(columns, row, "website") if "." in u
    ]
    photo = cell("photo")
    record = AccountRecord(
        network=NETWORK,
        key=addressbook_key(name, [*emails, *phones]),
        profile_url="",
        name=name or None,
        company=cell("organization 1 - name", "organization name") or None,
        role=cell("organization 1 - title", "organization title") or None,
        location=cell("address 1 - city") or None,
        photo_url=photo if photo.startswith("https://") else None,
        same_as=links,
        emails=emails,
        phones=phones,
    )
    return Contact(record, "contact", Direction.BOTH, linked=linked_accounts(links))
