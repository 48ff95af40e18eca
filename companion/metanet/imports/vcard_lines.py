"""vCard syntax: from a file's text to cards of properties (RFC 2425/2426/6350, vCard 2.1).

Handles what real files do: CRLF, LF and Apple's ``\\r\\r\\n`` line ends; folded lines
(a continuation starts with a space or tab); quoted-printable soft line breaks (a QP value
line ending in ``=`` continues on the next line, which is *not* indented); blank lines inside
cards (Outlook); ``itemN.`` groups (Apple); 2.1's bare parameters (``TEL;CELL;PREF``,
``N;QUOTED-PRINTABLE``) and 3.0/4.0's ``TYPE=a,b``; nested ``AGENT`` cards (skipped).

Values stay undecoded here: ``vcard.py`` decides on charset, QP and escapes per property.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from metanet.imports.base import EntryError

_LINE_END = re.compile(r"\r*\n|\r")
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"}


@dataclass
class Property:
    """One content line: ``group.NAME;params:value``; names and parameter keys upper-case."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int
    group: str | None = None

    def param(self, key: str) -> str | None:
        values = self.params.get(key)
        return values[0] if values else None

    @property
    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", [])}

    @property
    def is_qp(self) -> bool:
        return (self.param("ENCODING") or "").upper() == "QUOTED-PRINTABLE"


@dataclass
class Card:
    number: int
    line: int
    properties: list[Property] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.line})"

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


def _split_unquoted(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside double quotes (parameter values may be quoted)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _colon(text: str) -> int:
    quoted = False
    for index, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return index
    return -1


def parse_property(text: str, line: int) -> Property:
    colon = _colon(text)
    if colon < 0:
        raise EntryError(f"line {line}", f"a vCard line needs 'NAME:value': {text[:60]!r}")
    head, value = text[:colon], text[colon + 1 :]
    name, *raw_params = _split_unquoted(head, ";")
    group = None
    if "." in name:
        group, _, name = name.rpartition(".")
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        key = key.strip().upper()
        if not eq:  # vCard 2.1 bare parameter: an encoding or a type
            bucket = "ENCODING" if key in _BARE_ENCODINGS else "TYPE"
            if key == "QUOTED-PRINTABLE" or key == "BASE64":
                val = key
            params.setdefault(bucket, []).append(val or key)
            continue
        values = [v.strip().strip('"') for v in _split_unquoted(val, ",")]
        params.setdefault(key, []).extend(v for v in values if v)
    return Property(name.strip().upper(), params, value, line, group)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line number, unfolded line); blank lines dropped."""
    physical = _LINE_END.split(text)
    logical: list[tuple[int, str]] = []
    qp_open = False
    for number, line in enumerate(physical, 1):
        if logical and line[:1] in (" ", "\t") and not qp_open:
            start, previous = logical[-1]
            logical[-1] = (start, previous + line[1:])
        elif logical and qp_open:
            start, previous = logical[-1]
            logical[-1] = (start, previous[:-1] + line)
        elif line.strip():
            logical.append((number, line))
        else:
            continue
        current = logical[-1][1]
        qp_open = current.endswith("=") and "QUOTED-PRINTABLE" in current[: _colon(current)].upper()
    return logical


def read_cards(text: str) -> list[Card]:
    """Every top-level card; :class:`EntryError` for a card that is cut short."""
    cards: list[Card] = []
    current: Card | None = None
    depth = 0
    for number, line in _logical_lines(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            depth += 1
            if depth == 1:
                current = Card(len(cards) + 1, number)
            continue
        if upper == "END:VCARD":
            if depth == 0:
                raise EntryError(f"line {number}", "END:VCARD without BEGIN:VCARD")
            depth -= 1
            if depth == 0 and current is not None:
                cards.append(current)
                current = None
            continue
        if current is None:
            raise EntryError(f"line {number}", "text outside BEGIN:VCARD … END:VCARD")
        if depth == 1:
            try:
                current.properties.append(parse_property(line, number))
            except EntryError as exc:
                raise EntryError(f"{current.where}, line {number}", exc.message) from None
    if current is not None:
        raise EntryError(current.where, "BEGIN:VCARD without END:VCARD (is the file cut short?)")
    return cards
