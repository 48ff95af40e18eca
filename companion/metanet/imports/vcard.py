"""vCard files (``.vcf``) of any version: address books, phones, XING's contact vCards.

A card becomes an ``addressbook`` account tied to the user's address book (kind
``contact``). Its key is ``uid:<UID>`` when the card has a UID (or Apple's X-ABUID), else
:func:`metanet.imports.common.addressbook_key` of the name and first e-mail or phone — the
same key a Google Contacts CSV gives the same person. Network profile URLs on the card
(``URL``, ``X-SOCIALPROFILE``, ``SOCIALPROFILE``) become ``same_as`` links and accounts of
those networks, with no tie invented. Embedded photos are not kept; a photo URL is. The
first address's city (``ADR``'s locality) is the location: two people of one name are
told apart by it.

Text decoding, per property: files with a BOM or in UTF-16 are decoded whole first. Else
each value's bytes are decoded by its ``CHARSET`` (2.1), or as UTF-8, or by the guess in
``charsets.py``; quoted-printable first, then the escapes ``\\n``, ``\\,``, ``\\;``, ``\\\\``.
"""

from __future__ import annotations

import quopri
import re

from metanet import sites
from metanet.identifiers import normalise_email, normalise_phone
from metanet.imports.base import Contact, Direction, EntryError, ParsedExport
from metanet.imports.charsets import decode_8bit
from metanet.imports.common import addressbook_key, clean
from metanet.imports.text import sniff_encoding
from metanet.imports.vcard_lines import Card, Property, read_cards
from metanet.model import AccountRecord

NAME = "vcard"
NETWORK = "addressbook"
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED_SEMICOLON = re.compile(r"(?<!\\);")
LINK_PROPERTIES = ("URL", "X-SOCIALPROFILE", "SOCIALPROFILE")


def detect(text: str) -> bool:
    return "BEGIN:VCARD" in text[:2048].upper()


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


class _Decoder:
    """Turns a property's raw value into text; ``raw`` says the text holds bytes as
    Latin-1 code points (the file had no BOM and was not decoded yet)."""

    def __init__(self, raw: bool) -> None:
        self.raw = raw

    def __call__(self, prop: Property, where: str) -> str:
        charset = prop.param("CHARSET")
        try:
            if prop.is_qp:
                data = quopri.decodestring(prop.value.encode("latin-1" if self.raw else "utf-8"))
                return decode_8bit(data, charset)
            if self.raw:
                return decode_8bit(prop.value.encode("latin-1"), charset)
            return prop.value
        except LookupError:
            raise EntryError(where, f"unknown charset {charset!r}") from None
        except UnicodeError:
            raise EntryError(where, f"{prop.name} is not valid {charset} text") from None


def parse(data: bytes) -> ParsedExport:
    encoding, skip = sniff_encoding(data)
    if encoding:
        try:
            text, decoder = data[skip:].decode(encoding), _Decoder(raw=False)
        except UnicodeDecodeError:
            raise EntryError(f"byte {skip}", f"not valid {encoding.upper()} text") from None
    else:
        text, decoder = data.decode("latin-1"), _Decoder(raw=True)
    result = ParsedExport(NAME, NETWORK, "vcard", complete=False)
    for card in read_cards(text):
        result.add(_contact(card, decoder))
    return result


def _structured(value: str) -> list[str]:
    return [_unescape(part).strip() for part in _UNESCAPED_SEMICOLON.split(value)]


def _name(card: Card, decode: _Decoder) -> str:
    """The card's name as people say it: FN, unless FN is "Becker, Stefan" (a sorted
    address book's form) and N gives the parts: then "Stefan Becker" from N."""
    prop = card.first("FN")
    shown = clean(_unescape(decode(prop, card.where))) if prop is not None else ""
    if shown and "," not in shown:
        return shown
    prop = card.first("N")
    if prop is None:
        return shown
    parts = [*_structured(decode(prop, card.where)), "", "", "", "", ""]
    family, given, additional, prefix, suffix = parts[:5]
    if not (family and given) and shown:
        return shown
    return clean(" ".join((prefix, given, additional, family, suffix)))


def _url(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("www."):
        value = "https://" + value
    return value if re.match(r"^https?://", value, re.IGNORECASE) else None


def _contact(card: Card, decode: _Decoder) -> Contact | None:
    def texts(name: str) -> list[str]:
        return [_unescape(decode(p, card.where)).strip() for p in card.all(name)]

    name = _name(card, decode)
    emails = [e for e in (normalise_email(v) for v in texts("EMAIL")) if e]
    phones = [p for p in (normalise_phone(v) for v in texts("TEL")) if p]
    uid = next((v for v in texts("UID") + texts("X-ABUID") if v), "")
    if not (name or emails or phones or uid):
        return None
    key = f"uid:{uid}" if uid else addressbook_key(name, [*emails, *phones])
    links: list[str] = []
    for prop_name in LINK_PROPERTIES:
        links += [u for u in (_url(v) for v in texts(prop_name)) if u and u not in links]
    org = card.first("ORG")
    company = _structured(decode(org, card.where))[0] if org else ""
    photos = [u for u in (_url(v) for v in texts("PHOTO")) if u]
    cities = [_structured(decode(a, card.where))[3:4] for a in card.all("ADR")]
    record = AccountRecord(
        network=NETWORK,
        key=key,
        profile_url="",
        name=name or None,
        company=clean(company) or None,
        role=clean(next(iter(texts("TITLE")), "")) or None,
        location=next((clean(c[0]) for c in cities if c and clean(c[0])), None),
        photo_url=photos[0] if photos else None,
        same_as=links,
        emails=emails,
        phones=phones,
    )
    return Contact(record, "contact", Direction.BOTH, linked=linked_accounts(links))


def linked_accounts(urls: list[str]) -> list[AccountRecord]:
    """Accounts of real networks among an entry's links (not plain web pages)."""
    linked: list[AccountRecord] = []
    for url in urls:
        ref = sites.normalise(url)
        if ref is not None and ref.network not in ("web", NETWORK):
            linked.append(AccountRecord(ref.network, ref.key, url))
    return linked
