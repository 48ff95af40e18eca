"""Exact evidence that two accounts are one human, as lookup keys.

Every account gets keys for what identifies it exactly: its own profile (``network:key``),
each profile it links to (``sameAs``, ``rel="me"``, a vCard URL; normalised by
:func:`metanet.sites.normalise`, so any spelling of a URL gives one key), each e-mail address
and each phone number. Two accounts that share a key are the same human: an account that
links to another shares the other's own key; two pages linking to the same third profile
share that profile's key even before it is captured.

Shared mailboxes (``info@``, ``office@``…) identify a company, not a person, so they give
no key. And a wrong merge is worse than a missed one: :func:`names_conflict` lets the caller
turn "same e-mail, but 'Anna Müller' and 'Bernd Müller'" (a family address) into a
suggestion instead of a merge.
"""

from __future__ import annotations

from collections.abc import Iterable

from metanet import sites
from metanet.identity.names import Name, last_key, loose
from metanet.reasons import Reason


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHARED_MAILBOXES = _words(
    """info office kontakt contact mail post hello hallo team sales vertrieb support service
    admin noreply no-reply webmaster buero bureau empfang zentrale presse press jobs karriere
    bewerbung hr personal verwaltung rechnung invoice billing familie family"""
)


def own_key(network: str, key: str) -> str:
    return f"ref:{network}:{key}"


def link_key(url: str) -> str | None:
    """The key of a linked profile, or None for a link that is no profile URL."""
    ref = sites.normalise(url)
    return own_key(ref.network, ref.key) if ref else None


def identifier_key(kind: str, value: str) -> str | None:
    """``email:…`` or ``phone:…``; None for shared mailboxes, which identify no one."""
    value = value.strip().lower()
    if not value:
        return None
    if kind == "email":
        mailbox = value.partition("@")[0].split("+")[0]
        if mailbox in SHARED_MAILBOXES:
            return None
    return f"{kind}:{value}"


def exact_keys(
    network: str, key: str, links: Iterable[str], identifiers: Iterable[tuple[str, str]]
) -> set[str]:
    """All exact-evidence keys of one account."""
    keys = {own_key(network, key)}
    keys.update(k for k in map(link_key, links) if k)
    keys.update(k for k in (identifier_key(kind, value) for kind, value in identifiers) if k)
    return keys


def describe_key(key: str) -> Reason:
    """A key as the reason of a merge: ``same_profile`` (network, handle), ``same_email``
    or ``same_phone`` (value)."""
    kind, _, value = key.partition(":")
    if kind == "ref":
        network, _, handle = value.partition(":")
        return {"code": "same_profile", "network": network, "handle": handle}
    if kind == "email":
        return {"code": "same_email", "value": value}
    return {"code": "same_phone", "value": value}


def names_conflict(a: Name | None, b: Name | None, *, strict: bool = False) -> bool:
    """True when two names clearly belong to different people (not just spelt differently).

    Last names must agree loosely (Müller/Mueller/Muller), first names through nicknames or
    initials. A missing name never conflicts. ``strict`` (for e-mails and phones, which a
    household shares) also refuses an initial: "T. Müller" on the family address may be
    Thomas's wife Tanja.
    """
    if a is None or b is None:
        return False
    last_a, last_b = last_key(a), last_key(b)
    if last_a != last_b and not (min(len(last_a), len(last_b)) == 1 and last_a[0] == last_b[0]):
        return True  # "Max M." may be Max Mustermann; Max Meier is not
    if not a.first or not b.first:
        return False
    if a.first_is_initial or b.first_is_initial:
        if strict:  # "S. Müller" and "S. Müller" on one address: Stefan and Sabine?
            return True
        return not a.initials_match(b)
    forms_a = {loose(f) for f in a.first_forms}
    forms_b = {loose(f) for f in b.first_forms}
    return not forms_a & forms_b


def shared_by_several(key: str, names: list[Name | None]) -> bool:
    """Whether the holders of one key are clearly different people: then it identifies none.

    An address on Anna's and Bernd Müller's cards is the family's; it must not merge Anna
    with "A. Müller" either. Profile links are never shared this way.
    """
    strict = not key.startswith("ref:")
    known = [n for n in names if n is not None]
    return any(
        names_conflict(a, b, strict=strict) for i, a in enumerate(known) for b in known[i + 1 :]
    )
