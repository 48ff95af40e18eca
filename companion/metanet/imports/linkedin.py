"""LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Layouts handled (see tests/fixtures/imports/README.md):
- since about 2020: a ``Notes:`` preamble (a quoted sentence about hidden e-mails, a blank
  line) before ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``,
  sometimes with a UTF-8 BOM; dates ``12 Mar 2021``;
- 2018: no preamble, no ``URL`` column, dates ``1/8/18, 6:14 PM``.
Rows with only commas or only a date (members who hide everything) are skipped; a row with
a name but no URL gets a derived key and stays unconfirmed until linked.
"""

from __future__ import annotations

from metanet.identifiers import normalise_email
from metanet.imports.base import Contact, Direction, EntryError, ParsedExport
from metanet.imports.common import clean, csv_rows, derived_key, is_blank, parse_date, profile_ref
from metanet.imports.text import decode
from metanet.model import AccountRecord
from metanet.sites.linkedin_urls import profile_url

NAME = "linkedin"
NETWORK = "linkedin"
REQUIRED = ("first name", "last name", "connected on")


def is_header(row: list[str]) -> bool:
    cells = {clean(cell).lower().lstrip("\ufeff") for cell in row}
    return all(name in cells for name in REQUIRED)


def detect(text: str) -> bool:
    """The header appears within the first lines (after the ``Notes:`` preamble)."""
    for line in text.lstrip("\ufeff").splitlines()[:12]:
        lowered = line.lower()
        if "first name" in lowered and "connected on" in lowered:
            return True
    return False


def parse(data: bytes) -> ParsedExport:
    result = ParsedExport(NAME, NETWORK, "linkedin-connections", complete=True)
    header: dict[str, int] | None = None
    for line, row in csv_rows(decode(data)):
        if header is None:
            if is_header(row):
                header = {clean(c).lower().lstrip("\ufeff"): i for i, c in enumerate(row)}
            continue
        if is_blank(row):
            continue
        if len(row) < len(header) or any(cell.strip() for cell in row[len(header) :]):
            raise EntryError(f"line {line}", f"expected {len(header)} fields, found {len(row)}")
        result.add(_contact(header, row, line))
    if header is None:
        raise EntryError("line 1", "no 'First Name,Last Name,…,Connected On' header found")
    return result


def _contact(header: dict[str, int], row: list[str], line: int) -> Contact | None:
    def cell(name: str) -> str:
        index = header.get(name)
        return clean(row[index]) if index is not None else ""

    name = clean(f"{cell('first name')} {cell('last name')}")
    url = cell("url")
    since = parse_date(cell("connected on"))
    ref = profile_ref(url, NETWORK)
    if url and ref is None:
        raise EntryError(f"line {line}", f"'{url}' is not a LinkedIn profile address")
    if ref is None and not name:
        return None
    key = ref.key if ref else derived_key("li-export", name, cell("connected on"))
    email = normalise_email(cell("email address"))
    record = AccountRecord(
        network=NETWORK,
        key=key,
        # the profile as LinkedIn links it, not the export's form (de.linkedin.com, ?trk=…)
        profile_url=profile_url(ref.key) if ref else url,
        name=name or None,
        company=cell("company") or None,
        role=cell("position") or None,
        emails=[email] if email else [],
    )
    return Contact(record, "contact", Direction.BOTH, confirmed=ref is not None, since=since)
