"""A meeting's search requests as people write them: a CSV, a pasted list, request files.

Pure functions of text (no database). Three forms, German or English labels:

* **CSV** (a spreadsheet's export, ``,`` ``;`` or tab): a header naming the columns —
  partner (Partner, Name, Mitglied), what they seek (sucht, Suchauftrag, seeks, request),
  and optionally company (Firma, Unternehmen), role (Rolle, Position, Funktion), city
  (Ort, Stadt, city), industry (Branche, industry), note (Notiz, warum, why), hops;
* **a pasted list**, one request per line: ``Partner: what they seek``, optionally
  followed by ``; Firma: …; Ort: …`` or by indented ``label: value`` lines; bullets and
  ``#`` comments are fine;
* **request files** (``Metanet request v1``, what ``metanet requests export`` writes): the
  partner is their ``partner:`` line, else the file's name.

Every odd row is refused on its own, with its line number and a code saying why
(:class:`Refusal`); the good rows are kept. Codes: ``no_partner``, ``no_request``,
``unknown_label``, ``too_many_cells``, ``bad_hops``, ``stray_line``, ``too_long``,
``not_a_request``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from metanet.errors import BadFile
from metanet.folding import fold

#: labels, folded, for each field (German and English)
LABELS: dict[str, tuple[str, ...]] = {
    "partner": ("partner", "partnerin", "name", "mitglied", "member", "from", "von", "wer", "who"),
    "seeks": (
        "seeks", "sucht", "suche", "request", "search request", "suchauftrag", "wunsch",
        "looking for", "sought", "gesucht", "what", "was", "query",
    ),
    "company": ("company", "firma", "unternehmen", "organisation", "organization", "employer"),
    "role": ("role", "rolle", "position", "funktion", "title", "titel", "job", "beruf"),
    "city": ("city", "stadt", "ort", "location", "region", "place", "wo", "where"),
    "industry": ("industry", "branche", "sector", "sektor"),
    "note": ("note", "notiz", "why", "warum", "bemerkung", "comment", "kommentar", "anmerkung"),
    "hops": ("hops", "schritte", "grad", "degree"),
}  # fmt: skip
FIELD_OF = {fold(label): name for name, labels in LABELS.items() for label in labels}
#: fields a request's search uses, in this order
SEARCHED = ("seeks", "role", "company", "city", "industry")
MAX_CELL = 500
MAX_ROWS = 500
REQUEST_HEADER = "Metanet request v1"
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,3}[.)])\s+")


class UnknownColumn(BadFile):
    """A CSV column no label names: its values would be lost, so nothing is imported."""

    def __init__(self, column: str) -> None:
        super().__init__(
            f"the column {column!r} is not one Metanet knows; name it partner, seeks, "
            "company, role, city, industry, note or hops (or Partner, sucht, Firma, Rolle, "
            "Ort, Branche, Notiz)"
        )
        self.column = column


@dataclass(frozen=True)
class PartnerRequest:
    """One partner's request, as the meeting's list gave it."""

    line: int
    partner: str
    seeks: str = ""
    company: str = ""
    role: str = ""
    city: str = ""
    industry: str = ""
    note: str = ""
    hops: int = 2
    source: str = ""  # the file it came from, when there were several

    @property
    def query(self) -> str:
        """What the search looks for: every word the partner gave."""
        return " ".join(v for v in (getattr(self, f) for f in SEARCHED) if v)


@dataclass(frozen=True)
class Refusal:
    """A row left out: where, why (a code), and the row as written (shortened)."""

    line: int
    code: str
    text: str
    label: str = ""  # the label at fault (``unknown_label``)
    source: str = ""


@dataclass
class Parsed:
    format: str  # csv, list, request
    requests: list[PartnerRequest] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def label_field(label: str) -> str | None:
    """The field a label names ("Firma", "Ort:", "Looking for") or None."""
    return FIELD_OF.get(" ".join(fold(label).strip().rstrip(":").split()))


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _hops(value: str) -> int | None:
    value = value.strip()
    if not value:
        return 2
    return int(value) if value in ("1", "2", "3") else None


def _checked(request: PartnerRequest, text: str) -> PartnerRequest | Refusal:
    """The request if it can be searched for, else why not."""
    if not request.partner:
        return Refusal(request.line, "no_partner", _shown(text))
    if not request.query.strip():
        return Refusal(request.line, "no_request", _shown(text))
    values = [request.partner, request.note, *(getattr(request, f) for f in SEARCHED)]
    if any(len(v) > MAX_CELL for v in values):
        return Refusal(request.line, "too_long", _shown(text))
    return request


def _with_fields(
    request: PartnerRequest, pairs: list[tuple[str, str]], text: str
) -> PartnerRequest | Refusal:
    """``request`` with ``(label, value)`` pairs filled in, or the refusal of the first
    label that names no field."""
    values: dict[str, str | int] = {}
    for label, value in pairs:
        name = label_field(label)
        if name is None or name == "partner":
            return Refusal(request.line, "unknown_label", _shown(text), label=label.strip())
        if name == "hops":
            hops = _hops(value)
            if hops is None:
                return Refusal(request.line, "bad_hops", _shown(text))
            values["hops"] = hops
        else:
            old = values.get(name) or getattr(request, name)
            values[name] = f"{old} {value.strip()}".strip()
    return replace(request, **values)  # type: ignore[arg-type]


# -- CSV ----------------------------------------------------------------------------------


def _csv_header(first: str) -> tuple[str, list[str | None]] | None:
    """(delimiter, field per column) if ``first`` is a header with a partner column and
    something to search for; None if it is not a CSV header."""
    best: tuple[str, list[str | None]] | None = None
    for delimiter in (";", "\t", ","):
        if delimiter not in first:
            continue
        cells = next(csv.reader([first], delimiter=delimiter))
        fields = [label_field(c) for c in cells]
        known = [f for f in fields if f]
        usable = "partner" in known and any(f in SEARCHED for f in known)
        if usable and (best is None or len(known) > len([f for f in best[1] if f])):
            best = (delimiter, fields)
    return best


def parse_csv(text: str, delimiter: str, fields: list[str | None], *, header: str) -> Parsed:
    """Rows of a CSV whose header (``header``) named ``fields``; an unnamed column with
    values in it is a :class:`BadFile` (its values would be lost)."""
    unknown = [
        cell
        for cell, name in zip(next(csv.reader([header], delimiter=delimiter)), fields, strict=True)
        if name is None and cell.strip()
    ]
    if unknown:
        raise UnknownColumn(unknown[0])
    parsed = Parsed("csv")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)  # the header
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        raw = delimiter.join(cells)
        if not any(c.strip() for c in cells):
            continue
        if len(parsed.requests) + len(parsed.refused) >= MAX_ROWS:
            raise BadFile(f"a meeting has at most {MAX_ROWS} requests")
        if len(cells) > len(fields) and any(c.strip() for c in cells[len(fields) :]):
            parsed.refused.append(Refusal(line, "too_many_cells", _shown(raw)))
            continue
        row = dict(zip(fields, cells, strict=False))
        request = PartnerRequest(line, " ".join((row.get("partner") or "").split()))
        pairs = [(name, value) for name, value in row.items() if name and name != "partner"]
        found = _with_fields(request, [(p, v) for p, v in pairs if v.strip()], raw)
        parsed_row = found if isinstance(found, Refusal) else _checked(found, raw)
        target = parsed.refused if isinstance(parsed_row, Refusal) else parsed.requests
        target.append(parsed_row)  # type: ignore[arg-type]
    return parsed


# -- a pasted list ------------------------------------------------------------------------


def _segments(rest: str) -> tuple[str, list[tuple[str, str]]]:
    """``Steuerberater; Ort: Rosenheim`` → ("Steuerberater", [("Ort", "Rosenheim")])."""
    seeks, pairs = "", []
    for i, part in enumerate(rest.split(";")):
        label, colon, value = part.partition(":")
        if colon and label.strip() and (label_field(label) or i > 0):
            pairs.append((label, value))
        elif i == 0:
            seeks = part.strip()
        else:
            pairs.append((part, ""))  # no label: refused as an unknown one
    return seeks, pairs


def parse_list(text: str) -> Parsed:
    """One request per line (``Partner: what they seek; Label: value``), indented
    ``Label: value`` lines adding to the request above."""
    parsed = Parsed("list")
    current: list[tuple[PartnerRequest, list[tuple[str, str]], str]] = []

    def finish() -> None:
        if not current:
            return
        request, pairs, raw = current.pop()
        found = _with_fields(request, pairs, raw)
        done = found if isinstance(found, Refusal) else _checked(found, raw)
        (parsed.refused if isinstance(done, Refusal) else parsed.requests).append(done)  # type: ignore[arg-type]

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(parsed.requests) + len(parsed.refused) >= MAX_ROWS:
            raise BadFile(f"a meeting has at most {MAX_ROWS} requests")
        if line[:1] in (" ", "\t") and not _BULLET.match(line):
            if not current:
                parsed.refused.append(Refusal(number, "stray_line", _shown(line)))
                continue
            for part in line.split(";"):
                label, colon, value = part.strip().partition(":")
                current[-1][1].append((label, value) if colon else (part.strip(), ""))
            continue
        finish()
        body = _BULLET.sub("", line).strip()
        partner, colon, rest = body.partition(":")
        if not colon or not partner.strip() or label_field(partner) is not None:
            parsed.refused.append(Refusal(number, "no_partner", _shown(line)))
            continue
        seeks, pairs = _segments(rest)
        current.append((PartnerRequest(number, " ".join(partner.split()), seeks), pairs, body))
    finish()
    return parsed


# -- request files ------------------------------------------------------------------------


def parse_request_file(text: str, name: str) -> Parsed:
    """A ``Metanet request v1`` text; the partner from its ``partner:`` line or the file
    name ("anna-schmidt.txt" → "anna schmidt")."""
    from metanet.answers.requests import BadRequestText, parse_text

    parsed = Parsed("request")
    try:
        fields = parse_text(text)
    except BadRequestText:
        parsed.refused.append(Refusal(1, "not_a_request", _shown(text), source=name))
        return parsed
    partner = fields.get("partner") or " ".join(re.split(r"[-_.\s]+", PurePath(name).stem))
    request = PartnerRequest(
        1, partner.strip(), fields["query"], note=fields.get("note") or "", hops=fields["hops"],
        source=name,
    )  # fmt: skip
    checked = _checked(request, text)
    if isinstance(checked, Refusal):
        parsed.refused.append(replace(checked, source=name))
    else:
        parsed.requests.append(checked)
    return parsed


def parse(text: str, name: str = "") -> Parsed:
    """Whichever form ``text`` is in (see the module's docstring)."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith(REQUEST_HEADER):
        return parse_request_file(text, name or "request")
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = _csv_header(first)
    if header is not None:
        body = text[text.index(first) :]
        parsed = parse_csv(body, header[0], header[1], header=first)
        offset = text[: text.index(first)].count("\n")
        if offset:  # blank lines before the header
            parsed.requests = [replace(r, line=r.line + offset) for r in parsed.requests]
            parsed.refused = [replace(r, line=r.line + offset) for r in parsed.refused]
    else:
        parsed = parse_list(text)
    if name:
        parsed.requests = [replace(r, source=name) for r in parsed.requests]
        parsed.refused = [replace(r, source=name) for r in parsed.refused]
    return parsed
