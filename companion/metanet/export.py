"""Export the meta-network: JSON, CSV, GraphML and GEXF (for Gephi), vCard 4.0.

The user's data is theirs to take elsewhere: every format is written from the store as it
is, with nothing invented. Each writer takes a text stream, so the CLI can write to stdout
or a file and the summary page to memory. GraphML and GEXF come from networkx's writers
on :func:`metanet.graph.to_networkx` (the person graph every answer reads, as Gephi should
see it); those writers produce bytes, so :func:`write` encodes them as UTF-8 text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, TextIO

import networkx as nx

from metanet import __version__
from metanet.contact import ContactDetails, contact_details
from metanet.errors import InvalidInput
from metanet.graph import to_networkx
from metanet.identifiers import rfc3966
from metanet.identity import decisions
from metanet.store import Store, now
from metanet.store.people import EXPORT_FIELDS


class UnknownFormat(InvalidInput, ValueError):
    """No writer for the asked format."""


FORMATS = ("json", "csv", "graphml", "gexf", "vcard")
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "vcard": "text/vcard",
}
EXTENSIONS = {"json": "json", "csv": "csv", "graphml": "graphml", "gexf": "gexf", "vcard": "vcf"}
CSV_COLUMNS = ("person_id", "person_name", "is_me", *EXPORT_FIELDS)


def write_json(store: Store, out: TextIO) -> None:
    """Persons with accounts, network ties (account to account), offline relations, merge
    decisions and circles with their members (accounts by network and key): everything
    ``metanet import`` reads back (``imports/metanet.py``)."""
    document = {
        "metanet": __version__,
        "exported_at": now(),
        "persons": store.export_persons(),
        "ties": store.export_ties(),
        "relations": store.export_relations(),
        "circles": store.export_circles(),
        "decisions": decisions.exported(store),
        **_meeting_json(store),
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _meeting_json(store: Store) -> dict[str, Any]:
    """The breakfast meeting's data: partners, meetings with their requests, and the
    introductions given and received with every state change."""
    from metanet.answers import introductions, meeting, partners
    from metanet.answers.interactions import export_rows as interaction_rows

    return {
        "partners": partners.all_partners(store),
        "meetings": [
            {**m, "requests": meeting.requests_of(store, m["id"])} for m in meeting.meetings(store)
        ],
        "introductions": introductions.listing(store),
        # what you did with whom, counted per person and month (never any content)
        "interactions": interaction_rows(store),
    }


#: what a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell that a spreadsheet shows as text: a leading ' before a formula start.

    Names and headlines come from web pages; "=HYPERLINK(…)" must not become a live link
    (or worse) when the user opens the export. Numbers we write ourselves stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def write_csv(store: Store, out: TextIO) -> None:
    """One row per account with its person: opens in any spreadsheet."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for person in store.export_persons():
        for account in person["accounts"]:
            head = [person["id"], csv_cell(person["name"]), int(person["is_me"])]
            writer.writerow(head + [csv_cell(account[f]) for f in EXPORT_FIELDS])


#: characters XML 1.0 does not allow in a document, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    """Text that GraphML and GEXF can carry: what XML forbids becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", value or "")


def _place(place: dict[str, str]) -> str:
    """A place of ``via`` as the export writes it: the network, or ``offline: <label>``."""
    return f"offline: {place['label']}" if "label" in place else place["network"]


def _gephi_graph(store: Store) -> Any:
    """The person graph with only string attributes (GraphML/GEXF have no lists or None)."""
    from metanet.answers.service import snapshot_for  # numpy: only for the graph formats

    graph = to_networkx(store, snapshot_for(store))
    for _, data in graph.nodes(data=True):
        data["name"] = xml_text(data.get("name"))
        data["label"] = data["name"]
    for _, _, data in graph.edges(data=True):
        data["via"] = xml_text("; ".join(map(_place, data.get("via", []))))
    return graph


def _write_bytes(out: TextIO, writer: Callable[[Any, io.BytesIO], None], graph: Any) -> None:
    buffer = io.BytesIO()
    writer(graph, buffer)
    out.write(buffer.getvalue().decode("utf-8"))


def write_graphml(store: Store, out: TextIO) -> None:
    _write_bytes(out, nx.write_graphml, _gephi_graph(store))


def write_gexf(store: Store, out: TextIO) -> None:
    _write_bytes(out, nx.write_gexf, _gephi_graph(store))


def vcard_escape(value: str) -> str:
    """RFC 6350 §3.4: backslash, comma, semicolon and newlines in a text value."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def vcard_fold(line: str) -> str:
    """RFC 6350 §3.2: lines longer than 75 octets continue on lines starting with a space.

    Splits between characters, never inside a multi-byte UTF-8 sequence.
    """
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def vcard_of(person: Mapping[str, Any], contact: ContactDetails) -> str:
    """One person's vCard 4.0 (``person``: name, note and accounts)."""
    accounts = person["accounts"]
    name = person["name"] or next((a["name"] for a in accounts if a["name"]), "") or ""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{vcard_escape(name)}"]
    company = next((a["company"] for a in accounts if a["company"]), None)
    role = next((a["role"] or a["headline"] for a in accounts if a["role"] or a["headline"]), None)
    if company:
        lines.append(f"ORG:{vcard_escape(company)}")
    if role:
        lines.append(f"TITLE:{vcard_escape(role)}")
    lines += [f"EMAIL:{vcard_escape(way['value'])}" for way in contact["emails"]]
    for way in contact["phones"]:
        uri = rfc3966(way["value"])  # tel:+49-171-2345678, as RFC 6350 recommends
        lines.append(f"TEL;VALUE=uri:{uri}" if uri else f"TEL:{vcard_escape(way['value'])}")
    for way in (*contact["profiles"], *contact["websites"]):
        lines.append(f"URL:{vcard_escape(way['value'])}")
    if person["note"]:
        lines.append(f"NOTE:{vcard_escape(person['note'])}")
    lines.append("END:VCARD")
    return "".join(vcard_fold(line) for line in lines)


def write_vcard(store: Store, out: TextIO) -> None:
    """One vCard 4.0 per person (not the user): e-mail addresses, phone numbers (E.164 as
    ``tel:`` URIs), each network profile and website as a URL."""
    rows = dict(store.all_contact_rows())
    aliases = store.alias_keys()
    for person in store.export_persons():
        if not person["is_me"]:
            found = rows.get(person["id"], [])
            contact = contact_details(person["accounts"], found, None, aliases=aliases)
            out.write(vcard_of(person, contact))


WRITERS: dict[str, Callable[[Store, TextIO], None]] = {
    "json": write_json,
    "csv": write_csv,
    "graphml": write_graphml,
    "gexf": write_gexf,
    "vcard": write_vcard,
}


def write(store: Store, fmt: str, out: TextIO) -> None:
    """Write the export in ``fmt`` (one of :data:`FORMATS`) to ``out``."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}") from None
    writer(store, out)


def export_text(store: Store, fmt: str) -> str:
    """The whole export as one string (the summary page's downloads)."""
    out = io.StringIO(newline="")
    write(store, fmt, out)
    return out.getvalue()


def filename(fmt: str) -> str:
    return f"metanet-export.{EXTENSIONS[fmt]}"
