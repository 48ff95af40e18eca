"""Your own 360° card: the accounts and facts you choose to show, as a page, a vCard 4.0
and a QR code of that vCard.

What a card shows is the user's choice per network and preset: ``partners`` (your
breakfast-meeting partners: business and private, everything to begin with) and
``everyone`` (business networks only, no e-mail or phone, to begin with). A fact is one of
:data:`FACTS`; ``profile`` is the network's profile link. The card is made from the store
on request: nothing leaves the computer unless the user downloads or shows it.

Why segno for the QR code: a maintained, pure-Python QR encoder (no Pillow needed) that
writes SVG for print and PNG for a phone; it picks the smallest version that holds the
text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from metanet.errors import InvalidInput

PRESETS = ("partners", "everyone")
FACTS = ("profile", "headline", "company", "role", "location", "email", "phone")
#: networks of private life: "everyone" leaves them out until the user adds them
PRIVATE_NETWORKS = frozenset({"facebook", "instagram"})
#: what "everyone" shows of a business network to begin with
PUBLIC_FACTS = ("profile", "headline", "company", "role", "location")


class Entry(TypedDict):
    """One network on the card, with the facts chosen for it."""

    network: str
    url: str | None
    headline: str | None
    company: str | None
    role: str | None
    location: str | None
    emails: list[str]
    phones: list[str]


class Card(TypedDict):
    preset: str
    name: str
    entries: list[Entry]
    choices: dict[str, list[str]]  # per network, the facts shown
    networks: list[str]  # every network the user has an account on


def check_preset(preset: str) -> str:
    if preset not in PRESETS:
        raise InvalidInput(f"a preset is one of {', '.join(PRESETS)}", field="preset")
    return preset


def default_facts(preset: str, network: str) -> list[str]:
    if preset == "partners":
        return list(FACTS)
    return [] if network in PRIVATE_NETWORKS else list(PUBLIC_FACTS)


def effective_choices(
    preset: str, networks: Iterable[str], saved: Mapping[str, list[str]] | None
) -> dict[str, list[str]]:
    """The facts shown per network: the user's saved choice, else the preset's default."""
    chosen: dict[str, list[str]] = {}
    for network in networks:
        if saved is not None and network in saved:
            chosen[network] = [f for f in FACTS if f in saved[network]]
        else:
            chosen[network] = default_facts(preset, network)
    return chosen


def clean_choices(
    choices: Mapping[str, Iterable[str]], networks: Iterable[str]
) -> dict[str, list[str]]:
    """Choices as saved: every network of the user's, known facts only, in order."""
    known = set(networks)
    unknown = [n for n in choices if n not in known]
    if unknown:
        raise InvalidInput(f"you have no account on {unknown[0]}", field="network")
    for facts in choices.values():
        for fact in facts:
            if fact not in FACTS:
                raise InvalidInput(f"a fact is one of {', '.join(FACTS)}", field="fact")
    return {n: [f for f in FACTS if f in set(choices.get(n, ()))] for n in sorted(known)}


def build(
    preset: str,
    name: str,
    accounts: list[Mapping[str, Any]],
    identifiers: Mapping[int, list[tuple[str, str]]],
    choices: dict[str, list[str]],
) -> Card:
    """The card of ``accounts`` (the user's own) with the chosen facts only."""
    entries: list[Entry] = []
    for account in accounts:
        shown = set(choices.get(account["network"], ()))
        if not shown:
            continue
        own = identifiers.get(int(account["id"]), [])

        def fact(field: str, account: Mapping[str, Any] = account, shown: set[str] = shown) -> Any:
            return account.get(field) if field in shown else None

        entries.append(
            {
                "network": account["network"],
                "url": account.get("profile_url") if "profile" in shown else None,
                "headline": fact("headline"),
                "company": fact("company"),
                "role": fact("role"),
                "location": fact("location"),
                "emails": [v for k, v in own if k == "email"] if "email" in shown else [],
                "phones": [v for k, v in own if k == "phone"] if "phone" in shown else [],
            }
        )
    networks = sorted({str(a["network"]) for a in accounts})
    return {
        "preset": preset,
        "name": name,
        "entries": entries,
        "choices": choices,
        "networks": networks,
    }


def _first(entries: list[Entry], *fields: str) -> str | None:
    for field in fields:
        for entry in entries:
            value = entry.get(field)
            if value:
                return str(value)
    return None


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def vcard(card: Card) -> str:
    """The card as one vCard 4.0 (RFC 6350): name, organisation, title, place, e-mail,
    phone and a URL per chosen profile."""
    from metanet.export import vcard_escape, vcard_fold

    entries = card["entries"]
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{vcard_escape(card['name'])}"]
    main = next((e for e in entries if e["company"]), None)  # title and company together
    company = main["company"] if main else None
    title = (main["role"] or main["headline"]) if main else None
    title = title or _first(entries, "role", "headline")
    place = _first(entries, "location")
    if company:
        lines.append(f"ORG:{vcard_escape(company)}")
    if title:
        lines.append(f"TITLE:{vcard_escape(title)}")
    if place:
        lines.append(f"ADR;TYPE=work:;;;{vcard_escape(place)};;;")
    lines += [f"EMAIL:{vcard_escape(e)}" for e in _unique(e for x in entries for e in x["emails"])]
    lines += [f"TEL:{vcard_escape(p)}" for p in _unique(p for x in entries for p in x["phones"])]
    lines += [f"URL:{vcard_escape(u)}" for u in _unique(x["url"] for x in entries)]
    lines.append("END:VCARD")
    return "".join(vcard_fold(line) for line in lines)


def _qr(text: str) -> Any:
    import segno

    try:
        return segno.make(text, error="m", micro=False)
    except segno.DataOverflowError:
        raise InvalidInput("too much for one QR code: choose fewer facts", field="fact") from None


def qr_svg_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG ``data:`` URI (the page's CSP allows those)."""
    uri: str = _qr(text).svg_data_uri(scale=4, border=4)
    return uri


def qr_png(text: str, *, scale: int = 8) -> bytes:
    """A QR code of ``text`` as a PNG."""
    out = io.BytesIO()
    _qr(text).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
