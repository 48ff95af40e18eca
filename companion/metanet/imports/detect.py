"""Which importer reads a file: from its content, never from its name alone.

A ZIP (as LinkedIn, Facebook and Instagram deliver their exports) is opened and each
member that can hold contacts is sniffed the same way. ``--format`` overrides the sniffing.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass
from types import ModuleType

from metanet.imports import facebook, google, instagram, linkedin, mastodon, vcard
from metanet.imports.base import EntryError
from metanet.imports.text import sniff_encoding

FORMATS: dict[str, ModuleType] = {
    module.NAME: module for module in (linkedin, facebook, instagram, vcard, google, mastodon)
}
# ZIP members worth sniffing: exports hold thousands of photos and message files.
_MEMBER = re.compile(
    r"(\.vcf|\.csv|\.txt|/?(friends|your_friends|following|followers_\d+)\.json)$", re.IGNORECASE
)
SNIFF_CHARS = 8192


@dataclass
class Part:
    """One file to import: the file itself, or one member of a ZIP."""

    name: str  # "Connections.csv" or "export.zip/Connections.csv"
    format: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The format name the content looks like, or None."""
    encoding, skip = sniff_encoding(data)
    text = data[skip : skip + SNIFF_CHARS * 4].decode(encoding or "utf-8", errors="replace")
    if vcard.detect(text):
        return vcard.NAME
    if text.lstrip().startswith(("{", "[")):
        try:
            document = json.loads(data[skip:].decode(encoding or "utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        if facebook.detect_json(document):
            return facebook.NAME
        if instagram.detect_json(document):
            return instagram.NAME
        return None
    for module in (linkedin, google, mastodon):
        if module.detect(text):
            return str(module.NAME)
    return None


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def parts(data: bytes, filename: str, fmt: str | None = None) -> list[Part]:
    """The files to import, each with its format; :class:`EntryError` if there is none."""
    if fmt is not None and fmt not in FORMATS:
        raise EntryError("--format", f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if not is_zip(data):
        found = fmt or sniff(data)
        if found is None:
            raise EntryError(
                "content", f"not a format Metanet can import ({', '.join(FORMATS)}); see --format"
            )
        return [Part(filename, found, data)]
    return _zip_parts(data, filename, fmt)


def _zip_parts(data: bytes, filename: str, fmt: str | None) -> list[Part]:
    found: list[Part] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.is_dir() or not _MEMBER.search(info.filename):
                    continue
                if posixpath.basename(info.filename).startswith("."):
                    continue  # macOS resource forks (__MACOSX/._x.vcf)
                member = archive.read(info)
                kind = sniff(member)
                if kind is not None and (fmt is None or kind == fmt):
                    found.append(Part(f"{filename}/{info.filename}", kind, member))
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise EntryError("ZIP archive", f"damaged or cut short ({exc})") from None
    if not found:
        raise EntryError("ZIP archive", "holds no contacts file Metanet can import")
    return found
