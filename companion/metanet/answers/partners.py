"""Network partners: the people at the breakfast meeting whose requests you answer and who
introduce people to you.

A partner is known by name (the name the meeting's list gives; one partner per name,
compared folded: "Müller" = "Mueller"). When exactly one person in the meta-network has
that name the partner is linked to them, so an introduction "to Anna" names the person
Anna, and her ties are the ones it strengthens.
"""

from __future__ import annotations

from typing import Any, TypedDict

from metanet.errors import one_line_name
from metanet.folding import fold
from metanet.store import NotFound, Store, now

MAX_NAME = 200


class Partner(TypedDict):
    id: int
    name: str
    person_id: int | None
    created_at: str


def _sql(store: Store) -> Any:
    return store.sql("answers")


def name_key(name: str) -> str:
    """How partner names are compared: folded, single spaces."""
    return " ".join(fold(name).split())


_NAME_PROBLEMS = {
    "empty": "a partner needs a name",
    "too_long": "a partner's name has at most {limit} characters",
}


def clean_name(name: str) -> str:
    return one_line_name(name, limit=MAX_NAME, field="partner", messages=_NAME_PROBLEMS)


def _only_person(store: Store, name: str) -> int | None:
    found = store.find_people(name)
    return int(found[0]["id"]) if len(found) == 1 else None


def find(store: Store, name: str) -> Partner | None:
    row: Partner | None = _sql(store).one(
        "select id, name, person_id, created_at from partners where name_key = ?",
        [name_key(name)],
    )
    return row


def ensure(store: Store, name: str, *, person_id: int | None = None) -> Partner:
    """The partner of this name, created (and linked to the one person so named) if new;
    an existing partner without a person gets ``person_id`` when given."""
    name = clean_name(name)
    found = find(store, name)
    with store.write():
        if found is None:
            person = person_id if person_id is not None else _only_person(store, name)
            _sql(store).insert(
                "partners",
                {
                    "name": name,
                    "name_key": name_key(name),
                    "person_id": person,
                    "created_at": now(),
                },
            )
        elif found["person_id"] is None and person_id is not None:
            _sql(store).update("partners", found["id"], {"person_id": person_id})
    partner = find(store, name)
    assert partner is not None
    return partner


def get(store: Store, partner_id: int) -> Partner:
    row: Partner | None = _sql(store).one(
        "select id, name, person_id, created_at from partners where id = ?", [partner_id]
    )
    if row is None:
        raise NotFound(f"no partner #{partner_id}")
    return row


def of_person(store: Store, person_id: int) -> Partner | None:
    row: Partner | None = _sql(store).one(
        "select id, name, person_id, created_at from partners where person_id = ? "
        "order by id limit 1",
        [person_id],
    )
    return row


def all_partners(store: Store) -> list[Partner]:
    rows: list[Partner] = _sql(store).query(
        "select id, name, person_id, created_at from partners order by name_key"
    )
    return rows
