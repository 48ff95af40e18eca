"""Introductions you give and receive, givers gain per partner, and the follow-up list.

One service behind the CLI (``metanet introduce``, ``metanet introductions``), the person
page, the meeting page and the popup's "Introduce to …" (the host's ``introduce``).
"""

from __future__ import annotations

from typing import TypedDict

from metanet.answers import introductions as intros
from metanet.answers import partners
from metanet.answers.introductions import Balance, Introduction
from metanet.answers.introductions import change_state as change_state  # the use case as is
from metanet.answers.partners import Partner
from metanet.errors import InvalidInput
from metanet.services.people import find_person, me_id, person_or_me, profile_account
from metanet.store import NotFound, Store

STATES = intros.ALL_STATES
FOLLOW_UP_DAYS = intros.FOLLOW_UP_DAYS


class Introductions(TypedDict):
    introductions: list[Introduction]


class Balances(TypedDict):
    partners: list[Balance]


class Removed(TypedDict):
    removed: int


def _someone(store: Store, text: str) -> tuple[int | None, Partner | None]:
    """A person or a partner named by ``text``: a partner's name first (a partner need
    not be in the network), then anyone :func:`person_or_me` finds."""
    partner = partners.find(store, text) if text.strip() else None
    if partner is not None:
        return partner["person_id"], partner
    person = person_or_me(store, text)
    return person, partners.of_person(store, person)


def introduce(
    store: Store,
    person_id: int,
    *,
    to: str | None = None,
    to_id: int | None = None,
    by: str | None = None,
    partner: str | None = None,
    request_id: int | None = None,
    note: str | None = None,
    value: float | None = None,
    state: str = intros.OFFERED,
    on: str | None = None,
) -> Introduction:
    """Record that ``person_id`` is (to be) introduced to ``to`` (a person or a partner,
    by name, id or URL; or ``to_id``) by ``by`` (default: you), for ``partner``.

    Whom you introduce to a partner is for that partner; when a partner introduces
    someone to you, it is theirs (received)."""
    if (to is None) == (to_id is None):
        raise InvalidInput("say to whom the introduction is", field="to")
    target, target_partner = _someone(store, to) if to is not None else (to_id, None)
    if to_id is not None:
        target_partner = partners.of_person(store, to_id)
    introducer, introducer_partner = (
        _someone(store, by) if by and by.strip() else (me_id(store), None)
    )
    chosen = partners.ensure(store, partner) if partner and partner.strip() else None
    received = introducer != me_id(store)
    for_whom = chosen or (introducer_partner if received else target_partner)
    if introducer is None and for_whom is None:
        raise InvalidInput("name who introduced", field="by")
    return intros.record(
        store,
        person_id=person_id,
        to_id=target,
        introducer_id=introducer,
        partner_id=for_whom["id"] if for_whom else None,
        request_id=request_id,
        state=state,
        note=note,
        value=value,
        on=on,
    )


def introduce_profile(
    store: Store, url: str, to: str, *, name: str | None = None, note: str | None = None
) -> Introduction:
    """The popup's "Introduce to …": the person behind the profile in the tab (stored
    from the URL if never captured) to a partner or person named ``to``."""
    account = profile_account(store, url, name=name)
    person = int(store.account_by_id(account)["person_id"])
    return introduce(store, person, to=to, note=note)


def remove(store: Store, intro_id: int) -> Removed:
    intros.remove(store, intro_id)
    return {"removed": intro_id}


def listing(
    store: Store, *, person: str | None = None, partner: str | None = None
) -> Introductions:
    """Every introduction (or those naming ``person``, or for ``partner``), newest first."""
    person_id = find_person(store, person) if person else None
    partner_id = None
    if partner:
        found = partners.find(store, partner)
        if found is None:
            raise NotFound(f"no partner is called '{partner}'")
        partner_id = found["id"]
    return {"introductions": intros.listing(store, person_id=person_id, partner_id=partner_id)}


def of_person(store: Store, person_id: int) -> list[Introduction]:
    return intros.listing(store, person_id=person_id)


def partner_names(store: Store) -> list[str]:
    """Every partner's name (a form offers them)."""
    return [p["name"] for p in partners.all_partners(store)]


def follow_up(store: Store, *, days: int = intros.FOLLOW_UP_DAYS) -> Introductions:
    """Open introductions with no news for ``days`` days (14 unless told)."""
    if not 1 <= days <= 3650:
        raise InvalidInput("'days' must be from 1 to 3650", field="days")
    return {"introductions": intros.follow_up(store, days=days)}


def balances(store: Store) -> Balances:
    """Givers gain: per partner, what you gave and what you received."""
    return {"partners": intros.balances(store)}
