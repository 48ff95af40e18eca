"""People: naming someone (by URL, id, name or "me"), a person's summary, whom they know,
the person page, and the list of everyone stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, cast

from metanet import errors
from metanet.folding import fold
from metanet.i18n.texts import NETWORKS
from metanet.model import MAX_ID, AccountRecord, AccountRef
from metanet.services import limits
from metanet.store import (
    EVERYONE,
    FACETS,
    AccountRow,
    AccountView,
    Facet,
    NotFound,
    PeopleFilter,
    PersonRow,
    Store,
)

if TYPE_CHECKING:  # numpy loads with the first question, not with a capture
    from metanet.answers.shapes import Place, Route, SaidShared, SharedPerson
    from metanet.contact import ContactDetails
    from metanet.graph import Known
    from metanet.services.circles import PersonCircle

#: the largest ``knows`` list the popup's ``lookup`` carries (strongest first)
LOOKUP_KNOWS = 50
ME_WORDS = ("me",)


class PersonSummary(TypedDict):
    """A person with their accounts, as the popup and ``metanet person`` show it."""

    id: int
    name: str | None
    is_me: bool
    note: str | None
    accounts: list[AccountView]


class PersonView(PersonSummary):
    """``metanet person X``: the summary, how to reach them, whom they know, facts, ties
    and merge history; how many connections they share with the user and what their pages
    say about it."""

    contact: ContactDetails
    me_id: int | None  # the user's own person ("you" among whom they know)
    knows: list[Known]
    shared_total: int
    said_shared: list[SaidShared]
    facts: dict[str, list[dict[str, Any]]]
    conflicts: list[str]
    ties: list[dict[str, Any]]
    merge_history: list[dict[str, Any]]
    circles: list[PersonCircle]  # the circles they are in (services/circles.py)
    interaction: dict[str, Any]  # what you did together (services/interactions.py)


class TieRow(TypedDict):
    network: str
    kind: str
    direction: str  # both, out, in
    since: str


class KnownWithTies(TypedDict):
    """Someone the person page lists under "knows": the graph's entry and the ties that
    make it (one-way follows do not)."""

    id: int
    name: str | None
    via: list[Place]
    strength: float
    ties: list[TieRow]


class PersonDetails(TypedDict):
    person: PersonRow
    accounts: list[AccountRow]
    knows: list[KnownWithTies]


class PersonPage(PersonDetails):
    """Everything the person page shows."""

    contact: ContactDetails
    facts: dict[str, list[dict[str, Any]]]
    conflicts: list[str]
    history: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    shared: list[SharedPerson]  # the strongest ``shared_shown``
    shared_total: int
    said_shared: list[SaidShared]  # what the person's pages say about shared connections
    has_me: bool
    paths: list[Route]
    suggestions: list[dict[str, Any]]
    interaction: dict[str, Any]


class FacetValue(TypedDict):
    value: str
    count: int
    selected: bool


class PeoplePage(TypedDict):
    people: list[dict[str, Any]]
    page: int
    next_page: int | None
    total: int  # people the filter lets through
    first: int  # the first row's number on this page (1-based; 0 when none)
    sort: str
    filters: dict[str, str]  # facet → the value chosen
    facets: dict[str, list[FacetValue]]


#: the people list's orders: each in its natural direction, "-" in front reverses it
PEOPLE_SORTS = ("last_seen", "name", "strength", "degree")
#: values listed per facet (the most common ones)
FACET_VALUES = 12


#: the most candidates an ambiguous name lists (``total`` says how many fit)
CANDIDATES_SHOWN = 20


class Candidate(TypedDict):
    """One person an ambiguous name fits, with what tells them apart."""

    id: int
    name: str | None
    company: str | None  # the newest any account shows
    role: str | None
    city: str | None  # the first part of the newest location ("München")
    networks: list[str]


class AmbiguousPerson(errors.Ambiguous):
    """A name fits more than one person; ``candidates`` lists them, best fit first."""

    def __init__(self, text: str, candidates: list[Candidate], total: int) -> None:
        listed = "; ".join(_candidate_text(c) for c in candidates[:10])
        super().__init__(
            f"'{text}' fits {total} people: {listed}. Use an id or URL.",
            text,
            [dict(c) for c in candidates],
            total,
        )


def _candidate_text(candidate: Candidate) -> str:
    facts = ", ".join(filter(None, (candidate["company"], candidate["city"])))
    # the error's one-line English text (the fronts say it in the user's language)
    networks = ", ".join(NETWORKS.get(n, n) for n in candidate["networks"])
    return f"#{candidate['id']} {candidate['name']} ({'; '.join(filter(None, (facts, networks)))})"


def candidates(store: Store, person_ids: list[int]) -> list[Candidate]:
    """The persons in the given order, each with company, role, city and networks."""
    found: dict[int, Candidate] = {}
    names = store.person_names(person_ids)
    for pid in person_ids:
        found[pid] = {"id": pid, "name": names.get(pid), "company": None, "role": None,
                      "city": None, "networks": []}  # fmt: skip
    for account in store.person_accounts_of(person_ids):  # newest first
        entry = found[int(account["person_id"])]
        if account["network"] not in entry["networks"]:
            entry["networks"].append(account["network"])
        entry["company"] = entry["company"] or account["company"]
        entry["role"] = entry["role"] or account["role"]
        location = (account["location"] or "").split(",")[0].strip()
        entry["city"] = entry["city"] or location or None
    for entry in found.values():
        entry["networks"].sort()
    return [found[pid] for pid in person_ids if pid in names]


class NotAProfile(errors.InvalidInput):
    """The URL is not a profile address any parser understands."""


class NoMe(errors.InvalidInput):
    """The user has not declared an account of their own yet."""

    def __init__(self) -> None:
        super().__init__("declare your own accounts first: metanet me add URL", field="me")


def profile_ref(url: str) -> AccountRef:
    """The account a profile URL names (any form of it), or :class:`NotAProfile`."""
    from metanet import sites  # the parsers (~150 ms): only where a URL is read

    ref = sites.normalise(limits.url(url).strip())
    if ref is None:
        raise NotAProfile(f"not a profile address Metanet understands: {url}", field="url")
    return ref


def profile_account(store: Store, url: str, *, name: str | None = None) -> int:
    """The account behind a profile URL; created from the URL (and ``name``) when it was
    never captured, so the user can act on a profile before visiting it."""
    ref = profile_ref(url)
    limits.name(name)
    with store.write():
        account = store.account(ref)
        if account is not None:
            return int(account["id"])
        return store.upsert_account(
            AccountRecord(ref.network, ref.key, url.strip(), name=(name or "").strip() or None)
        )


def find_person(store: Store, text: str) -> int:
    """A person named by profile URL, numeric id (``42`` or ``#42``) or name.

    A name may be said as people say it: with or without titles ("Dr.", "Frau", "MBA"),
    middle names, umlauts or in another script (:mod:`metanet.identity.name_match`).
    The one person it fits best is found; when several fit equally well,
    :class:`AmbiguousPerson` lists them with what tells them apart.
    """
    text = limits.bounded(text, "who", limits.WHO_CHARS).strip()
    if not text:
        raise NotFound("name a person by profile URL, id or name")
    if text.lstrip("#").isdigit():
        person_id = int(text.lstrip("#"))
        if person_id > MAX_ID:
            raise NotFound(f"no person with id {person_id}")
        return int(store.person(person_id)["id"])
    if "://" in text or text.startswith("www."):
        from metanet import sites  # the parsers: a name or an id does not need them

        ref = sites.normalise(text if "://" in text else f"https://{text}")
        account = store.account(ref) if ref else None
        if account is None:
            raise NotFound(f"no known person has the profile {text}")
        return int(account["person_id"])
    from metanet.identity.lookup import people_named
    from metanet.services.settings import localise_phones

    localise_phones(store)  # numbers stored before the region was known may merge people
    found = people_named(store, text)
    if not found:
        raise NotFound(f"no person is called '{text}'")
    best = [f for f in found if f.match.quality == found[0].match.quality]
    if len(best) == 1:
        return best[0].person_id
    shown = [f.person_id for f in found[:CANDIDATES_SHOWN]]
    raise AmbiguousPerson(text, candidates(store, shown), len(found))


def me_id(store: Store) -> int:
    """The user's own person, or :class:`NoMe`."""
    me = store.me()
    if me is None:
        raise NoMe()
    return int(me["id"])


def person_or_me(store: Store, text: str) -> int:
    """Like :func:`find_person`, where "me" is the user."""
    return me_id(store) if text.strip().lower() in ME_WORDS else find_person(store, text)


def existing_person(store: Store, person_id: int) -> int:
    """``person_id`` if that person exists, else :class:`NotFound`."""
    return int(store.person(person_id)["id"])


def account_view(account: AccountRow) -> AccountView:
    """The account without its internal columns (``person_id``, ``confirmed``)."""
    public = AccountView.__annotations__
    return cast(AccountView, {k: v for k, v in account.items() if k in public})


def person_summary(
    store: Store, person_id: int, accounts: list[AccountRow] | None = None
) -> PersonSummary:
    person = store.person(person_id)
    if accounts is None:
        accounts = store.person_accounts(person_id)
    return {
        "id": person["id"],
        "name": person["name"],
        "is_me": bool(person["is_me"]),
        "note": person["note"],
        "accounts": [account_view(a) for a in accounts],
    }


def contact_of(
    store: Store, person_id: int, accounts: list[AccountRow] | None = None
) -> ContactDetails:
    """How to reach the person (:mod:`metanet.contact`), phone numbers in the user's region."""
    from metanet.contact import contact_details
    from metanet.services.settings import phone_region

    if accounts is None:
        accounts = store.person_accounts(person_id)
    rows = store.person_contact_rows(person_id)
    ids = [int(a["id"]) for a in accounts]
    origins = store.account_origins(ids)
    return contact_details(accounts, rows, phone_region(store), origins, store.alias_keys(ids))


def known_by(store: Store, person_id: int, *, limit: int | None = None) -> list[Known]:
    """Everyone the person knows (:func:`metanet.graph.knows`), strongest first."""
    from metanet.answers.service import snapshot_for
    from metanet.graph import knows

    return knows(store, snapshot_for(store), person_id, limit=limit)


def person_view(store: Store, person_id: int) -> PersonView:
    """What ``metanet person`` shows."""
    from metanet.answers.shared import said_shared
    from metanet.identity.profile import person_360
    from metanet.services.answers import mutual
    from metanet.services.circles import person_circles
    from metanet.services.interactions import person_interaction

    summary = person_summary(store, person_id)
    whole = person_360(store, person_id)
    shared = mutual(store, person_id) if store.me() and not summary["is_me"] else None
    return {
        **summary,
        "contact": contact_of(store, person_id),
        "me_id": int(me["id"]) if (me := store.me()) else None,
        "knows": known_by(store, person_id),
        "shared_total": shared["total"] if shared else 0,
        "said_shared": said_shared(store, person_id) if not summary["is_me"] else [],
        "facts": whole["facts"],
        "conflicts": whole["conflicts"],
        "ties": whole["ties"],
        "merge_history": whole["merge_history"],
        "circles": person_circles(store, person_id),
        "interaction": person_interaction(store, person_id),
    }


def person_details(store: Store, person_id: int) -> PersonDetails:
    """The person, their accounts, and whom they know with the ties that say so."""
    person = store.person(person_id)
    by_other: dict[int, list[dict[str, Any]]] = {}
    for tie in store.person_ties(person_id):
        by_other.setdefault(int(tie["other"]), []).append(tie)
    entries: list[KnownWithTies] = []
    for known in known_by(store, person_id):
        networks = {place["network"] for place in known["via"]}
        ties: list[TieRow] = [
            {"network": t["network"], "kind": t["kind"], "direction": t["direction"],
             "since": t["since"]}
            for t in by_other.get(known["person_id"], [])
            if t["network"] in networks
        ]  # fmt: skip
        entries.append(
            {
                "id": known["person_id"],
                "name": known["name"],
                "via": known["via"],
                "strength": known["strength"],
                "ties": ties,
            }
        )
    return {"person": person, "accounts": store.person_accounts(person_id), "knows": entries}


def person_vcard(store: Store, person_id: int) -> str:
    """The person as one vCard (the person page's "Export vCard"); NotFound if unknown."""
    from metanet.export import vcard_of

    person = store.person(person_id)
    accounts = store.person_accounts(person_id)
    return vcard_of({**person, "accounts": accounts}, contact_of(store, person_id, accounts))


def person_page(
    store: Store, person_id: int, *, paths: int = 3, shared_shown: int = 50
) -> PersonPage:
    """The person page: details, facts and their conflicts, merge history, offline
    relations, shared connections, the best paths and open suggestions."""
    from metanet.answers.shared import said_shared
    from metanet.identity.profile import person_360
    from metanet.services.answers import mutual
    from metanet.services.answers import paths as best_paths
    from metanet.services.identity import queue
    from metanet.services.interactions import person_interaction

    details = person_details(store, person_id)
    whole = person_360(store, person_id)
    has_me = store.me() is not None
    is_me = bool(details["person"]["is_me"])
    shared = mutual(store, person_id) if has_me and not is_me else None
    routes = best_paths(store, person_id, k=paths)["paths"] if not is_me else []
    return {
        **details,
        "contact": contact_of(store, person_id, details["accounts"]),
        "facts": whole["facts"],
        "conflicts": whole["conflicts"],
        "history": whole["merge_history"],
        "relations": store.relations_of(person_id),
        "shared": shared["people"][:shared_shown] if shared else [],
        "shared_total": shared["total"] if shared else 0,
        "said_shared": said_shared(store, person_id) if not is_me else [],
        "has_me": has_me,
        "paths": routes,
        "suggestions": queue(store, person_id=person_id, limit=10),
        "interaction": person_interaction(store, person_id),
    }


def people_page(
    store: Store,
    page: int,
    size: int,
    *,
    sort: str = "last_seen",
    where: PeopleFilter = EVERYONE,
) -> PeoplePage:
    """Page ``page`` (1-based) of the people ``where`` lets through, ordered by ``sort``
    (one of :data:`PEOPLE_SORTS`, "-" in front for the other way round), each with the
    strength of the user's best tie to them and their degree, and the facets' counts."""
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in PEOPLE_SORTS:
        raise errors.InvalidInput(f"sort must be one of {', '.join(PEOPLE_SORTS)}", field="sort")
    offset = (page - 1) * size
    if key == "last_seen" and not descending:
        ids = store.people_ids(where, newest_first=True, limit=size + 1, offset=offset)
    else:
        ids = _ordered_ids(store, key, where)
        ids = (ids[::-1] if descending else ids)[offset : offset + size + 1]
    from metanet.services.answers import closeness  # numpy: not on the capture path

    rows = store.people_rows(ids[:size])
    close = closeness(store, [row["id"] for row in rows])
    people = [
        {
            **row,
            "networks": sorted(filter(None, (row["networks"] or "").split(","))),
            "strength": strength if degree in (1, 2) else None,
            "degree": degree,
        }
        for row, (strength, degree) in zip(rows, close, strict=True)
    ]
    total = store.people_count(where)
    return {
        "people": people,
        "page": page,
        "next_page": page + 1 if len(ids) > size else None,
        "total": total,
        "first": offset + 1 if people else 0,
        "sort": sort,
        "filters": {f: v for f in FACETS if (v := where.value(f)) is not None},
        "facets": {f: _facet(store, f, where) for f in FACETS},
    }


def _ordered_ids(store: Store, key: str, where: PeopleFilter) -> list[int]:
    """Everyone ``where`` lets through in ``key``'s natural order (last seen: newest first;
    name: A to Z by the one folding; strength: strongest first; degree: closest first,
    the stronger tie first within a degree)."""
    if key == "name":
        named = store.people_names(where)
        return [i for i, _ in sorted(named, key=lambda pair: (fold(pair[1]), pair[0]))]
    if key == "last_seen":
        return store.people_ids(where, newest_first=True)
    from metanet.services.answers import closeness

    ids = store.people_ids(where)
    close = closeness(store, ids)
    if key == "strength":
        order = sorted(range(len(ids)), key=lambda n: (-close[n][0], ids[n]))
    else:
        order = sorted(range(len(ids)), key=lambda n: (close[n][1], -close[n][0], ids[n]))
    return [ids[n] for n in order]


def _facet(store: Store, facet: Facet, where: PeopleFilter) -> list[FacetValue]:
    chosen = where.value(facet)
    found = store.people_facet(facet, where, FACET_VALUES)
    return [
        {"value": row["value"], "count": row["count"], "selected": row["value"] == chosen}
        for row in found
    ]
