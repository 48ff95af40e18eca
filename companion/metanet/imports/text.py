"""Turning an export's bytes into text, with errors that name the line.

Exports arrive as UTF-8 with or without a BOM, as UTF-16 with a BOM (old Google CSV) or
without one (Apple's vCards), rarely as UTF-32. Anything else that is not valid UTF-8 is a
wrong encoding: the user is told the line, rather than getting silently garbled names.
(vCards are the exception: they may declare a charset per property, see ``vcard.py``.)
"""

from __future__ import annotations

import codecs

from metanet.imports.base import EntryError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SNIFF_BYTES = 512


def sniff_encoding(data: bytes) -> tuple[str | None, int]:
    """(encoding, BOM length) from a BOM or a UTF-16 byte pattern; (None, 0) otherwise.

    UTF-16 without a BOM shows as a zero byte in every other position of ASCII text
    (``\\0B\\0E\\0G…`` is big-endian): if at least a third of the even (odd) bytes are zero
    and almost none of the others are, the text is UTF-16BE (LE). UTF-8 text never has
    zero bytes, so this cannot misfire on it.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:SNIFF_BYTES]
    if len(head) < 4:
        return None, 0
    even, odd = head[0::2], head[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_even > 0.33 and zero_odd < 0.05:
        return "utf-16-be", 0
    if zero_odd > 0.33 and zero_even < 0.05:
        return "utf-16-le", 0
    return None, 0


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes) -> str:
    """The text of an export; :class:`EntryError` naming the line if it is not Unicode."""
    encoding, skip = sniff_encoding(data)
    body = data[skip:]
    try:
        return body.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding and encoding.startswith("utf-16"):
            raise EntryError(
                f"byte {exc.start + skip}", f"not valid {encoding.upper()} text"
            ) from None
        bad = body[exc.start : exc.start + 1].hex()
        raise EntryError(
            f"line {line_of(body, exc.start)}",
            f"not UTF-8 text (byte 0x{bad}); export the file again as UTF-8",
        ) from None
