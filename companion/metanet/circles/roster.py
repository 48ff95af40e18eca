"""A circle's member list, read into rows: a CSV file with a header row, a vCard file, or a
pasted list of names, one per line, with an optional company and e-mail address.

The whole list is checked before anything is stored: every row that names nobody, has an
address that is not one, or repeats an earlier row is a :class:`Problem` with its line,
and a list with any problem is refused as a whole (:class:`RosterRefused`), so the user
fixes the file and nothing is half imported. Pure: no database.

Pasted lines read ``Name``, ``Name, Firma``, ``Name, Firma, anna@example.de`` (a tab or a
semicolon separates as well as a comma; the field with an ``@`` is the address, wherever
it stands) or ``Name <anna@example.de>``; list bullets (``-``, ``*``, ``•``, ``1.``) are
dropped. A CSV's columns are found by their header in German or English (Name, Vorname,
Nachname, Firma, E-Mail, Position, Telefon, seit, bis …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from metanet.circles import MAX_NAME, MAX_YEAR, MIN_YEAR
from metanet.errors import InvalidInput
from metanet.folding import fold, fold_loose
from metanet.identifiers import normalise_email, normalise_phone
from metanet.identity.blocking import company_key
from metanet.imports.base import EntryError
from metanet.imports.common import clean, csv_rows, is_blank
from metanet.imports.text import decode

FORMATS = ("csv", "vcard", "text")
MAX_ROWS = 20_000
#: problems listed in the error's one-line message (all are in ``problems``)
SHOWN = 5
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")
_ANGLE = re.compile(r"^(?P<name>[^<>]*)<(?P<email>[^<>]+)>\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")

#: a CSV header (folded, words only) → the field it fills
HEADERS = {
    "name": ("name", "full name", "vollstandiger name", "mitglied", "member", "teilnehmer",
             "teilnehmerin", "kontakt", "contact"),
    "first": ("first name", "firstname", "vorname", "given name"),
    "last": ("last name", "lastname", "nachname", "surname", "family name", "familienname"),
    "company": ("company", "firma", "unternehmen", "organisation", "organization",
                "arbeitgeber", "employer", "company name"),
    "email": ("email", "e mail", "mail", "e mail adresse", "email address", "e mail address",
              "emailadresse"),
    "role": ("role", "position", "job title", "funktion", "beruf", "title"),
    "phone": ("phone", "telefon", "telefonnummer", "mobile", "mobil", "handy", "tel"),
    "start": ("since", "seit", "from", "von", "eintritt", "joined", "start"),
    "end": ("to", "bis", "until", "austritt", "left", "end"),
}  # fmt: skip
_FIELD_OF = {header: name for name, headers in HEADERS.items() for header in headers}


@dataclass
class Member:
    """One row of a member list: who, and what identifies them."""

    line: int
    name: str
    company: str | None = None
    email: str | None = None
    role: str | None = None
    phones: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # profile URLs a vCard names
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class Problem:
    """Why one row is refused: a code and its parameters (``metanet.i18n.texts`` says it)."""

    line: int
    code: str  # no_name, name_too_long, bad_email, too_many_fields, bad_year, duplicate
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, **self.params}


class RosterRefused(InvalidInput):
    """The member list has rows that cannot be imported; nothing was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        said = "; ".join(_english(p) for p in problems[:SHOWN])
        more = f" and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(f"the member list was not imported: {said}{more}", field="roster")


_ENGLISH = {
    "no_name": "no name",
    "name_too_long": f"the name is longer than {MAX_NAME} characters",
    "bad_email": "“{value}” is not an e-mail address",
    "too_many_fields": "more than name, company and e-mail",
    "bad_year": "“{value}” is not a year",
    "duplicate": "the same person as line {of}",
    "no_members": "no members in it",
    "no_name_column": "the header row has no name column",
    "unreadable": "{message}",
}


def _english(problem: Problem) -> str:
    """The problem in the error's own (English) message; the fronts say it in the
    reader's words from the code."""
    return f"line {problem.line}: " + _ENGLISH[problem.code].format(**problem.params)


def detect(text: str) -> str:
    """``vcard``, ``csv`` (a header row that names a name column) or ``text``."""
    if "BEGIN:VCARD" in text[:4096].upper():
        return "vcard"
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "csv" if _header_fields(_split_header(first)) else "text"


def read(data: bytes | str, fmt: str | None = None) -> list[Member]:
    """Every member of a list, or :class:`RosterRefused` naming each bad row's line."""
    if fmt is not None and fmt not in FORMATS:
        raise InvalidInput(f"unknown list format {fmt!r} ({', '.join(FORMATS)})", field="format")
    try:
        text = data if isinstance(data, str) else decode(data)
        fmt = fmt or detect(text)
        if fmt == "vcard":
            members, problems = _vcard(data if isinstance(data, bytes) else data.encode("utf-8"))
        elif fmt == "csv":
            members, problems = _csv(text)
        else:
            members, problems = _pasted(text)
    except EntryError as exc:
        raise RosterRefused([_unreadable(exc)]) from None
    problems += duplicates(members)
    if not members and not problems:
        problems.append(Problem(1, "no_members"))
    if problems:
        raise RosterRefused(sorted(problems, key=lambda p: p.line))
    if len(members) > MAX_ROWS:
        raise InvalidInput(f"a member list holds at most {MAX_ROWS:,} people", field="roster")
    return members


def _unreadable(exc: EntryError) -> Problem:
    found = re.search(r"line (\d+)", exc.where)
    return Problem(int(found.group(1)) if found else 1, "unreadable", {"message": exc.message})


def duplicates(members: list[Member]) -> list[Problem]:
    """Rows that name someone an earlier row named: the same e-mail address, or the same
    name (in any spelling :mod:`metanet.folding` treats as one) with the same company."""
    first: dict[str, int] = {}
    problems = []
    for member in members:
        keys = [f"name:{fold_loose(member.name)}|{company_key(member.company)}"]
        if member.email:
            keys = [f"email:{member.email}"]
        for key in keys:
            if key in first:
                problems.append(Problem(member.line, "duplicate", {"of": first[key]}))
            else:
                first[key] = member.line
    return problems


# -- one row ---------------------------------------------------------------------------


def _member(line: int, fields: dict[str, str], problems: list[Problem]) -> Member | None:
    """A member from a row's fields (name, company, email, …), or None with its problem."""
    name = clean(fields.get("name") or " ".join(filter(None, (fields.get("first"),
                                                             fields.get("last")))))  # fmt: skip
    if not name or not _LETTER.search(name):
        problems.append(Problem(line, "no_name"))
        return None
    if len(name) > MAX_NAME:
        problems.append(Problem(line, "name_too_long"))
        return None
    email = None
    raw_email = clean(fields.get("email"))
    if raw_email:
        email = normalise_email(raw_email)
        if email is None:
            problems.append(Problem(line, "bad_email", {"value": raw_email}))
            return None
    years = []
    for which in ("start", "end"):
        raw = clean(fields.get(which))
        year = _year(raw)
        if raw and year is None:
            problems.append(Problem(line, "bad_year", {"value": raw}))
            return None
        years.append(year)
    phone = normalise_phone(clean(fields.get("phone"))) if fields.get("phone") else None
    return Member(
        line,
        name,
        company=clean(fields.get("company")) or None,
        email=email,
        role=clean(fields.get("role")) or None,
        phones=[phone] if phone else [],
        start_year=years[0],
        end_year=years[1],
    )


def _year(text: str) -> int | None:
    """A year from "2019", "01.03.2019" or "2019-03"; None when there is none."""
    found = re.fullmatch(r"(?:\d{1,2}[./])?(?:\d{1,2}[./])?(\d{4})(?:-\d{1,2}(?:-\d{1,2})?)?", text)
    if not found:
        return None
    year = int(found.group(1))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


# -- the three formats ------------------------------------------------------------------


def _pasted(text: str) -> tuple[list[Member], list[Problem]]:
    members: list[Member] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        angle = _ANGLE.match(line)
        if angle:
            parts = [angle.group("name").strip(" ,;\t\"'"), angle.group("email")]
        else:
            sep = "\t" if "\t" in line else ";" if ";" in line else ","
            parts = [part.strip() for part in line.split(sep)]
        emails = [part for part in parts if "@" in part]
        others = [part for part in parts if "@" not in part]  # by position: name, company
        while others and not others[-1]:
            others.pop()
        if len(emails) > 1 or len(others) > 2:
            problems.append(Problem(number, "too_many_fields"))
            continue
        fields = {"name": others[0] if others else "", "company": others[1] if len(others) > 1
                  else "", "email": emails[0] if emails else ""}  # fmt: skip
        member = _member(number, fields, problems)
        if member is not None:
            members.append(member)
    return members, problems


def _separator(line: str) -> str:
    """The column separator of a header line: a tab, a semicolon (German spreadsheets)
    or a comma, whichever it has most of."""
    return max(("\t", ";", ","), key=line.count)


def _split_header(line: str) -> list[str]:
    return next((cells for _, cells in csv_rows(line, _separator(line))), [])


def _header_fields(cells: list[str]) -> list[str | None]:
    """The field each header cell names (None: a column we do not read); [] when no
    cell names a name column (then the text is not a roster CSV)."""
    fields = [_FIELD_OF.get(" ".join(_NOT_WORD.sub(" ", fold(cell)).split())) for cell in cells]
    return fields if {"name", "first", "last"} & set(fields) else []


def _csv(text: str) -> tuple[list[Member], list[Problem]]:
    head = next((line for line in text.splitlines() if line.strip()), "")
    members: list[Member] = []
    problems: list[Problem] = []
    columns: list[str | None] = []
    for number, cells in csv_rows(text, _separator(head)):
        if is_blank(cells):
            continue
        if not columns:
            columns = _header_fields(cells)
            if not columns:
                return [], [Problem(number, "no_name_column")]
            continue
        extra = [cell for cell in cells[len(columns) :] if cell.strip()]
        if extra:
            problems.append(Problem(number, "too_many_fields"))
            continue
        fields: dict[str, str] = {}
        for column, cell in zip(columns, cells, strict=False):
            if column is not None and cell.strip():
                fields[column] = cell
        member = _member(number, fields, problems)
        if member is not None:
            members.append(member)
    return members, problems


def _vcard(data: bytes) -> tuple[list[Member], list[Problem]]:
    from metanet.imports import vcard  # the vCard reader: only for a vCard list

    members: list[Member] = []
    problems: list[Problem] = []
    for card, contact in vcard.cards(data):
        record = contact.record if contact else None
        if record is None or not record.name:
            problems.append(Problem(card.line, "no_name"))
            continue
        members.append(
            Member(
                card.line,
                record.name,
                company=record.company,
                email=record.emails[0] if record.emails else None,
                role=record.role,
                phones=list(record.phones),
                links=list(record.same_as),
            )
        )
    return members, problems
