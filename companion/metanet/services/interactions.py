"""Interaction (``metanet interactions …``, the person page, the overview): importing
what the user did with whom from exports, reviewing who was not matched, and the dormant
ties and bridges it reveals."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metanet.errors import InvalidInput
from metanet.identifiers import normalise_email
from metanet.store import Store

if TYPE_CHECKING:  # the importers load on first use: the person page needs none of them
    from metanet.imports.interactions.files import Me


@dataclass
class InteractionImport:
    """What ``metanet interactions import`` reports."""

    filename: str
    events: int
    new: int
    people: int
    unassigned: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def me_hints(store: Store, addresses: tuple[str, ...] = ()) -> Me:
    """What the user is known by: their accounts, e-mail addresses and names, plus the
    addresses given (``--me``)."""
    emails = {e for a in addresses if (e := normalise_email(a))}
    if addresses and not emails:
        raise InvalidInput("--me takes e-mail addresses", field="me")
    accounts: set[str] = set()
    names: set[str] = set()
    me = store.me()
    if me is not None:
        if me["name"]:
            names.add(str(me["name"]))
        for account in store.person_accounts(int(me["id"])):
            accounts.add(f"{account['network']}:{account['key']}")
            if account["name"]:
                names.add(str(account["name"]))
            emails.update(
                v for k, v in store.account_identifiers(int(account["id"])) if k == "email"
            )
    from metanet.imports.interactions.files import Me

    return Me(frozenset(emails), frozenset(accounts), frozenset(names))


def import_interactions(
    store: Store, path: Path, *, me: tuple[str, ...] = (), filename: str | None = None
) -> InteractionImport:
    """Count what the file says the user did with whom; only what is new is added."""
    from metanet.answers.interactions import record
    from metanet.imports.interactions.files import read

    found = record(store, read(path, me_hints(store, me)))
    name = filename or path.name
    return InteractionImport(name, found.events, found.new, found.people, found.unassigned)


def review(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Identifiers from exports that match nobody or several people."""
    from metanet.answers.interactions import unassigned

    return unassigned(store, limit)


def assign(store: Store, who: str, person_id: int) -> int:
    """The user's answer to the review: these counts are this person's."""
    from metanet.answers.interactions import assign as assign_rows
    from metanet.services.people import existing_person

    existing_person(store, person_id)
    moved = assign_rows(store, who, person_id)
    if not moved:
        raise InvalidInput(f"no unassigned interaction for {who!r}", field="who")
    return moved


def person_interaction(store: Store, person_id: int) -> dict[str, Any]:
    """The person page's and the popup's "what you did together": totals, reasons."""
    from metanet.answers.interactions import reasons, summary

    found = summary(store, person_id)
    return {**found, "why": reasons(found)}


def revive(store: Store, limit: int = 10) -> dict[str, Any]:
    """Dormant ties worth reviving, and bridges (answers/revive.py)."""
    from metanet.answers.revive import revive as lists
    from metanet.answers.service import snapshot_for

    snap = snapshot_for(store)
    found = lists(store, snap, limit=limit)
    if snap.me is None:
        found["reason"] = "no_me"
    return found
