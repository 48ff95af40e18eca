"""How to reach a person: e-mail addresses, phone numbers, websites and the profile on each
network, each with where it came from and when it was last seen.

What is which:

* **e-mail addresses and phone numbers** are those of the person's accounts
  (``account_identifiers``): address books, Google Contacts, the e-mail column of a
  LinkedIn export. Numbers are stored in E.164 when their country is known and shown in
  national form for the user's own country, international otherwise
  (:func:`metanet.identifiers.phone_forms`).
* **profiles**: each account's own page on its network, and every link (a vCard's URL, a
  page's ``sameAs``/``rel="me"``) that a site parser reads as a profile on a network
  (``sites.normalise`` names a network other than ``web``: linkedin.com/in/…,
  xing.com/profile/…, a Mastodon or GitHub account). A link to an account the person
  already has is that account's page, listed once.
* **websites**: every other http(s) link (a company's site, a blog) and the page of an
  account on the ``web`` network (a personal page captured as a profile).

The address book and offline "accounts" have no page of their own: they appear as the
source of what they hold, never as a profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from metanet.identifiers import phone_forms
from metanet.store import AccountOrigin, ContactRow

#: accounts that are not a page anyone can open
NO_PAGE = ("addressbook", "offline")


class Source(TypedDict):
    """Where one way to reach someone came from: the account that holds it (its network)
    and the import (format, file) or capture (site) that last brought it."""

    network: str
    import_id: int | None
    import_format: str | None
    import_file: str | None
    capture_id: int | None
    capture_site: str | None


class Way(TypedDict):
    """One way to reach someone."""

    kind: str  # email, phone, website, profile
    value: str  # the address, the stored number (E.164 or digits), the URL
    href: str  # mailto:…, tel:+49…, https://…
    shown: str  # as the user reads it (a number in national form at home)
    network: str | None  # a profile's network
    national: str | None  # a phone number's national form ("0171 2345678")
    international: str | None  # and its international form ("+49 171 2345678")
    last_seen: str | None
    sources: list[Source]


class ContactDetails(TypedDict):
    emails: list[Way]
    phones: list[Way]
    websites: list[Way]
    profiles: list[Way]


def contact_details(
    accounts: Iterable[Mapping[str, Any]],
    rows: Iterable[ContactRow],
    region: str | None,
    origins: Mapping[int, AccountOrigin] | None = None,
    aliases: Mapping[tuple[str, str], str] | None = None,
) -> ContactDetails:
    """The ways to reach one person, from their accounts and their accounts' identifiers
    and links (:meth:`metanet.store.Store.person_contact_rows`), newest first. A profile
    comes from the import or capture in ``origins`` (:meth:`~metanet.store.Store.
    account_origins`) and from every link to it (a vCard's, a page's); a link to one of an
    account's other addresses (``aliases``: ``(network, alias) -> key``, a LinkedIn member
    URN beside the slug) is that account's page."""
    found: dict[tuple[str, str], Way] = {}
    for account in accounts:
        url = _http(account.get("profile_url"))
        network = str(account["network"])
        if url is None or network in NO_PAGE:
            continue
        kind = "website" if network == "web" else "profile"
        key = (kind, _web_key(url) if kind == "website" else f"{network}:{account['key']}")
        way = _way(kind, url, url, url, account.get("last_seen"), network)
        origin = (origins or {}).get(int(account.get("id") or 0))
        _add(found, key, way, _source({"network": network, **origin}) if origin else None)
    for row in rows:
        source = _source(row)
        if row["kind"] == "email":
            value = row["value"]
            _add(found, ("email", value), _way("email", value, f"mailto:{value}", value,
                                               row["last_seen"]), source)  # fmt: skip
        elif row["kind"] == "phone":
            forms = phone_forms(row["value"], region)
            way = _way("phone", row["value"], forms.href, forms.shown, row["last_seen"])
            way["national"], way["international"] = forms.national, forms.international
            _add(found, ("phone", forms.e164 or row["value"]), way, source)
        elif (url := _http(row["value"])) is not None:
            from metanet import sites  # the parsers (~150 ms) tell profiles from websites

            ref = sites.normalise(url)
            if ref is not None and ref.network != "web":
                # a link to an account the person has: that account's page, listed above
                # (the link is one more place it comes from)
                way = _way("profile", url, url, url, row["last_seen"], ref.network)
                own = (aliases or {}).get((ref.network, ref.key), ref.key)
                _add(found, ("profile", f"{ref.network}:{own}"), way, source)
            else:
                way = _way("website", url, url, url, row["last_seen"])
                _add(found, ("website", _web_key(url)), way, source)
    by_value = sorted(found.values(), key=lambda w: w["value"])
    ways = sorted(by_value, key=lambda w: w["last_seen"] or "", reverse=True)
    return {
        "emails": [w for w in ways if w["kind"] == "email"],
        "phones": [w for w in ways if w["kind"] == "phone"],
        "websites": [w for w in ways if w["kind"] == "website"],
        "profiles": sorted(
            (w for w in ways if w["kind"] == "profile"), key=lambda w: str(w["network"])
        ),
    }


def is_empty(details: ContactDetails) -> bool:
    return not any(details.values())


def _way(
    kind: str, value: str, href: str, shown: str, last_seen: Any, network: str | None = None
) -> Way:
    return {"kind": kind, "value": value, "href": href, "shown": shown, "network": network,
            "national": None, "international": None,
            "last_seen": str(last_seen) if last_seen else None, "sources": []}  # fmt: skip


def _add(
    found: dict[tuple[str, str], Way], key: tuple[str, str], way: Way, source: Source | None
) -> None:
    """One entry per address, number or page: its sources gathered, the newest sighting."""
    entry = found.setdefault(key, way)
    if source is not None and source not in entry["sources"]:
        entry["sources"].append(source)
    if (way["last_seen"] or "") > (entry["last_seen"] or ""):
        entry["last_seen"] = way["last_seen"]


def _source(row: Mapping[str, Any]) -> Source:
    return {
        "network": str(row["network"]),
        "import_id": row.get("import_id"),
        "import_format": row.get("import_format"),
        "import_file": row.get("import_file"),
        "capture_id": row.get("capture_id"),
        "capture_site": row.get("capture_site"),
    }


def _http(value: object) -> str | None:
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def _web_key(url: str) -> str:
    from metanet.sites.generic import web_key

    return web_key(url) or url
