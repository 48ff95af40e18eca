"""Circles: make, rename, merge, delete, dismiss and rate them; add and remove members by
hand, from a member list or from a profile in the tab; a circle's page with how you reach
each member; the circles a person is in.

A member list is matched with the identity rules: each row becomes an account known only
offline, with its e-mail address and profile links, and identity resolution merges it with
a known person on exact evidence (the same address, a link to their profile); a name alone
only becomes a suggestion for the review queue.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from metanet.circles import KINDS, MAX_NAME, MAX_YEAR, MIN_YEAR, Origin, Source, roster
from metanet.errors import InvalidInput, Refused, one_line_name
from metanet.folding import fold_loose
from metanet.model import AccountRecord
from metanet.services.changes import change
from metanet.services.people import person_or_me, profile_account
from metanet.store import CircleRow, Forgotten, NotFound, Store, now

if TYPE_CHECKING:
    from metanet.answers.shapes import CircleRef, PersonRef, Place
    from metanet.answers.shapes import Reach as ReachAnswer

#: the circles one search may be limited to
MAX_SEARCH_CIRCLES = 20
#: a member list's rows get merge suggestions at once up to this many (as an import)
SUGGEST_LIMIT = 2000
#: members a circle's page lists with how you reach them (all are counted)
SHOWN_MEMBERS = 500
#: time a circle's page spends on paths to members further than two hops
PATHS_BUDGET_S = 0.5
ROSTER_NETWORK = "offline"


class CircleSummary(TypedDict):
    id: int
    name: str
    kind: str
    origin: str  # user, page, inferred
    place: str | None
    start_year: int | None
    end_year: int | None
    rating: float | None
    dismissed: bool
    members: int


class CircleListing(TypedDict):
    circles: list[CircleSummary]
    hidden: int  # dismissed circles, and inferred ones with fewer than two members


class Reach(TypedDict):
    """How the user reaches a member: ``degree`` 1 (ties or a circle both are in), 2 or
    more (the best path's length, with its first hop as the ``introducer``), 0 when no
    path was found; -1 for the user."""

    degree: int
    strength: float
    via: list[Place]
    introducer: PersonRef | None


class CircleMember(TypedDict):
    person_id: int
    name: str | None
    network: str  # the account that is in the circle
    profile_url: str | None
    start_year: int | None
    end_year: int | None
    current: bool
    source: str  # user, roster, page, profile
    title: str | None
    capture_id: int | None
    reach: Reach


class CirclePage(TypedDict):
    circle: CircleSummary
    members: list[CircleMember]  # the first SHOWN_MEMBERS, by name
    total: int
    dismissed_members: int
    has_me: bool
    stale: NotRequired[bool]


class PersonCircle(TypedDict):
    """A circle a person is in, as the popup and the person page list it."""

    circle_id: int
    name: str
    kind: str
    origin: str
    members: int
    start_year: int | None
    end_year: int | None
    current: bool
    source: str
    title: str | None


class Joined(TypedDict):
    circle: CircleSummary
    person_id: int
    added: bool  # False: already a member


class Removed(TypedDict):
    circle_id: int
    removed: int


class RosterRow(TypedDict):
    line: int
    name: str
    person_id: int | None
    outcome: str  # new, matched (exact evidence), suggested (a name), already, forgotten
    other: PersonRef | None  # the known person it was merged with or suggested as


class RosterImported(TypedDict):
    circle: CircleSummary
    rows: list[RosterRow]
    counts: dict[str, int]


class Merged(TypedDict):
    circle: CircleSummary
    moved: int


class Deleted(TypedDict):
    circle_id: int
    memberships: int


# -- checking what the user typed ---------------------------------------------------------


_NAME_PROBLEMS = {
    "empty": "a circle needs a name, e.g. 'Golfclub Starnberg'",
    "too_long": "a circle's name has at most {limit} characters",
}


def check_name(name: str) -> str:
    return one_line_name(name, limit=MAX_NAME, field="name", messages=_NAME_PROBLEMS)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(f"'kind' must be one of {', '.join(KINDS)}", field="kind")
    return kind


def check_years(start: int | None, end: int | None) -> tuple[int | None, int | None]:
    for year in (start, end):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput(f"a year must be from {MIN_YEAR} to {MAX_YEAR}", field="years")
    if start is not None and end is not None and end < start:
        raise InvalidInput("the to-year comes before the from-year", field="years")
    return start, end


def check_rating(rating: float | None) -> float | None:
    if rating is not None and not 0 < rating <= 1:
        raise InvalidInput("a circle's rating is above 0 and at most 1, e.g. 0.3", field="rating")
    return rating


# -- circles ------------------------------------------------------------------------------


def summary(store: Store, circle_id: int, members: int | None = None) -> CircleSummary:
    row = store.circle(circle_id)
    if members is None:
        members = store.member_counts([circle_id]).get(circle_id, 0)
    return _summary(row, members)


def _summary(row: CircleRow | dict[str, Any], members: int) -> CircleSummary:
    return {
        "id": int(row["id"]),
        "name": row["name"],
        "kind": row["kind"],
        "origin": row["origin"],
        "place": row["place"],
        "start_year": row["start_year"],
        "end_year": row["end_year"],
        "rating": row["rating"],
        "dismissed": row["dismissed_at"] is not None,
        "members": int(members),
    }


class AmbiguousCircle(NotFound):
    """A name matched more than one circle; ``candidates`` lists them."""

    def __init__(self, text: str, candidates: list[CircleRow]) -> None:
        names = "; ".join(f"#{c['id']} {c['name']} ({c['kind']})" for c in candidates[:10])
        super().__init__(f"'{text}' names {len(candidates)} circles: {names}. Use its id.")
        self.candidates = candidates


def find_circle(store: Store, text: str) -> int:
    """A circle named by id (``3`` or ``#3``) or by its name (any case)."""
    text = text.strip()
    if text.lstrip("#").isdigit():
        return int(store.circle(int(text.lstrip("#")))["id"])
    found = store.find_circles(text)
    if not found:
        raise NotFound(f"no circle is called '{text}': metanet circle list")
    if len(found) > 1:
        raise AmbiguousCircle(text, found)
    return int(found[0]["id"])


def circle_refs(store: Store, circles: Sequence[int]) -> list[CircleRef]:
    """Circles a search is limited to, by id and name (an unknown id is ``NotFound``)."""
    if len(circles) > MAX_SEARCH_CIRCLES:
        raise InvalidInput(
            f"a search is limited to at most {MAX_SEARCH_CIRCLES} circles", field="circles"
        )
    refs: list[CircleRef] = []
    for circle_id in dict.fromkeys(circles):
        row = store.circle(circle_id)
        refs.append({"circle_id": int(row["id"]), "name": row["name"]})
    return refs


def create(
    store: Store,
    name: str,
    *,
    kind: str = "other",
    place: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
) -> CircleSummary:
    """A new circle of the user's."""
    start_year, end_year = check_years(start_year, end_year)
    circle_id = store.add_circle(
        check_name(name),
        check_kind(kind),
        origin=Origin.USER,
        place=(place or "").strip() or None,
        start_year=start_year,
        end_year=end_year,
    )
    return summary(store, circle_id, 0)


def listing(store: Store, *, everything: bool = False) -> CircleListing:
    """The circles by name; without ``everything``, dismissed circles and inferred ones
    with fewer than two members (a firm only one profile names) are counted, not listed."""
    shown, hidden = [], 0
    for row in store.list_circles():
        lonely = row["origin"] == Origin.INFERRED and row["members"] < 2
        if not everything and (row["dismissed_at"] is not None or lonely):
            hidden += 1
            continue
        shown.append(_summary(row, row["members"]))
    return {"circles": shown, "hidden": hidden}


def edit(
    store: Store,
    circle_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    place: str | None = None,
    years: tuple[int | None, int | None] | None = None,
) -> CircleSummary:
    """Rename a circle, or change its kind, place or years (None: leave it)."""
    fields: dict[str, Any] = {}
    if name is not None:
        fields["name"] = check_name(name)
    if kind is not None:
        fields["kind"] = check_kind(kind)
    if place is not None:
        fields["place"] = place.strip() or None
    if years is not None:
        fields["start_year"], fields["end_year"] = check_years(*years)
    store.update_circle(circle_id, fields)
    return summary(store, circle_id)


def merge(store: Store, keep: int, other: int) -> Merged:
    """Move ``other``'s members into ``keep``; ``other`` is gone (its pages and profiles
    find ``keep`` from now on)."""
    if keep == other:
        raise InvalidInput("name two different circles to merge", field="other")
    from metanet.answers import requests as saved_requests  # numpy: not for every command

    moved = store.merge_circles(keep, other)
    saved_requests.replace_circle(store, other, keep)
    return {"circle": summary(store, keep), "moved": moved}


def delete(store: Store, circle_id: int) -> Deleted:
    """Delete a circle of the user's with its memberships (no person is deleted)."""
    row = store.circle(circle_id)
    if row["origin"] != Origin.USER:
        raise Refused(
            f"'{row['name']}' comes from captured pages and would come back with the next "
            f"one: dismiss it instead (metanet circle dismiss {circle_id})"
        )
    from metanet.answers import requests as saved_requests  # numpy: not for every command

    memberships = store.delete_circle(circle_id)
    saved_requests.replace_circle(store, circle_id, None)
    return {"circle_id": circle_id, "memberships": memberships}


def dismiss(store: Store, circle_id: int, *, undo: bool = False) -> CircleSummary:
    """Set a circle aside: it connects nobody and is not listed (``undo`` takes it back)."""
    store.update_circle(circle_id, {"dismissed_at": None if undo else now()})
    return summary(store, circle_id)


def rate(store: Store, circle_id: int, rating: float | None) -> CircleSummary:
    """How well the circle's members know each other (0-1; None: guess from its size)."""
    store.update_circle(circle_id, {"rating": check_rating(rating)})
    return summary(store, circle_id)


# -- members ------------------------------------------------------------------------------


def _account_of(store: Store, person_id: int) -> int:
    """The account a person joins a circle with: their oldest."""
    accounts = store.person_accounts(person_id)
    if not accounts:
        raise NotFound(f"person #{person_id} has no account to add")
    return min(int(a["id"]) for a in accounts)


def add_member(
    store: Store,
    circle_id: int,
    who: str,
    *,
    new: bool = False,
    start_year: int | None = None,
    end_year: int | None = None,
) -> Joined:
    """Add someone known (a profile URL, an id, a name, "me"), or with ``new`` someone not
    known yet, by name (a person known only offline)."""
    store.circle(circle_id)
    start_year, end_year = check_years(start_year, end_year)
    with change(store):  # saved requests limited to the circle may match the new member
        if new:
            name = " ".join(who.split())
            if not name:
                raise InvalidInput("a new member needs a name", field="name")
            person_id = store.add_offline_person(name[:MAX_NAME])
        else:
            person_id = person_or_me(store, who)
        added = store.add_membership(
            circle_id,
            _account_of(store, person_id),
            source=Source.USER,
            start_year=start_year,
            end_year=end_year,
            current=start_year is not None and end_year is None,
        )
    return {"circle": summary(store, circle_id), "person_id": person_id, "added": added}


def add_profile(
    store: Store,
    url: str,
    *,
    circle_id: int | None = None,
    new_circle: str | None = None,
    kind: str = "other",
    name: str | None = None,
) -> Joined:
    """The popup's "add to circle": the person behind a profile URL (created from the URL
    if never captured) joins a circle, or a new circle of that name."""
    if (circle_id is None) == (new_circle is None):
        raise InvalidInput("name a circle, or a new circle's name", field="circle_id")
    with change(store):  # as add_member
        if new_circle is not None:
            circle_id = create(store, new_circle, kind=kind)["id"]
        assert circle_id is not None
        store.circle(circle_id)
        account = profile_account(store, url, name=name)
        added = store.add_membership(circle_id, account, source=Source.USER)
        person_id = int(store.account_by_id(account)["person_id"])
    return {"circle": summary(store, circle_id), "person_id": person_id, "added": added}


def remove_member(store: Store, circle_id: int, who: str) -> Removed:
    """Take a person out of a circle (every account of theirs that is in it)."""
    store.circle(circle_id)
    person_id = person_or_me(store, who)
    accounts = [int(a["id"]) for a in store.person_accounts(person_id)]
    removed = store.remove_memberships(circle_id, accounts)
    if not removed:
        raise NotFound(f"person #{person_id} is not in circle #{circle_id}")
    return {"circle_id": circle_id, "removed": removed}


def person_circles(store: Store, person_id: int) -> list[PersonCircle]:
    """The circles a person is in (not dismissed), by name."""
    rows = [r for r in store.person_memberships(person_id) if r["circle_dismissed_at"] is None]
    counts = _member_counts(store, [int(r["circle_id"]) for r in rows])
    found: dict[int, PersonCircle] = {}
    for r in rows:
        found.setdefault(
            int(r["circle_id"]),
            {
                "circle_id": int(r["circle_id"]),
                "name": r["name"],
                "kind": r["kind"],
                "origin": r["origin"],
                "members": counts.get(int(r["circle_id"]), 0),
                "start_year": r["start_year"],
                "end_year": r["end_year"],
                "current": bool(r["current"]),
                "source": r["source"],
                "title": r["title"],
            },
        )
    return list(found.values())


def _member_counts(store: Store, circles: list[int]) -> dict[int, int]:
    """Each circle's members (persons), from the answers' graph, which holds every
    circle's members once per person: counting them in SQL joins every membership to
    its account (a contact in ten circles of 300 is 3,000 rows, ~10 ms a lookup on the
    heavy network). A graph marked stale (a rebuild after a merge is under way) may
    count a merged person twice: the store counts then."""
    from metanet.answers.service import snapshot_for

    snap = snapshot_for(store)
    if snap.stale:
        return store.member_counts(circles)
    return {circle: snap.circles.size(circle) for circle in circles}


class Choices(TypedDict):
    """The circles to add someone to (the popup's "add to circle")."""

    circles: list[dict[str, Any]]  # id, name, kind


def choices(store: Store) -> Choices:
    return {"circles": store.circle_names()}


class PersonCircles(TypedDict):
    """The person page's circles part: theirs, and the circles to add them to."""

    circles: list[PersonCircle]
    circle_choices: list[dict[str, Any]]


def circles_of(store: Store, person_id: int) -> PersonCircles:
    return {"circles": person_circles(store, person_id), "circle_choices": store.circle_names()}


def with_names(store: Store, reach: ReachAnswer) -> ReachAnswer:
    """A reach answer whose circles carry their names and kinds (the answer itself is
    computed from the graph alone, and kept; this is a copy)."""
    named = reach.copy()
    named["circles"] = []
    for entry in reach.get("circles", []):
        row = store.circle(entry["circle_id"])
        named["circles"].append({**entry, "name": row["name"], "kind": row["kind"]})
    return named


# -- a member list ------------------------------------------------------------------------


def roster_key(circle_id: int, member: roster.Member) -> str:
    """The offline account of a list's row: one per circle, name and address, so the same
    list imported again finds the same accounts (and a name in two circles' lists is two
    accounts that only a suggestion, or exact evidence, brings together)."""
    said = f"{fold_loose(member.name)}|{member.email or ''}"
    return f"c{circle_id}:{hashlib.sha256(said.encode()).hexdigest()[:16]}"


def import_roster(
    store: Store, circle_id: int, data: bytes | str, *, fmt: str | None = None
) -> RosterImported:
    """A member list into a circle (refused whole, with every bad row's line, when any row
    is bad); rows are matched to known people by the identity rules."""
    store.circle(circle_id)
    members = roster.read(data, fmt)
    accounts: list[int | None] = []
    fresh: list[bool] = []
    with change(store) as done:
        for member in members:
            record = AccountRecord(
                ROSTER_NETWORK,
                roster_key(circle_id, member),
                "",
                name=member.name,
                company=member.company,
                role=member.role,
                emails=[member.email] if member.email else [],
                phones=member.phones,
                same_as=member.links,
            )
            try:
                account = store.upsert_account(record)
            except Forgotten:
                accounts.append(None)
                fresh.append(False)
                continue
            accounts.append(account)
            fresh.append(
                store.add_membership(
                    circle_id,
                    account,
                    source=Source.ROSTER,
                    start_year=member.start_year,
                    end_year=member.end_year,
                    current=member.start_year is not None and member.end_year is None,
                )
            )
        done.touched = [a for a in accounts if a is not None]
        done.suggest = done.touched if len(done.touched) <= SUGGEST_LIMIT else []
    rows = [
        _roster_row(store, member, account, new)
        for member, account, new in zip(members, accounts, fresh, strict=True)
    ]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
    return {"circle": summary(store, circle_id), "rows": rows, "counts": counts}


def _roster_row(store: Store, member: roster.Member, account: int | None, new: bool) -> RosterRow:
    row: RosterRow = {
        "line": member.line, "name": member.name, "person_id": None, "outcome": "forgotten",
        "other": None,
    }  # fmt: skip
    if account is None:
        return row
    person_id = int(store.account_by_id(account)["person_id"])
    row["person_id"] = person_id
    others = [a for a in store.person_accounts(person_id) if int(a["id"]) != account]
    if not new:
        row["outcome"] = "already"
    elif others:
        row["outcome"] = "matched"
        row["other"] = {"person_id": person_id, "name": store.person(person_id)["name"]}
    else:
        from metanet.identity.suggestions import review_queue

        open_ones = review_queue(store, person_id=person_id, limit=1)
        if open_ones:
            other = open_ones[0]["b"]
            row["outcome"] = "suggested"
            row["other"] = {"person_id": int(other["person_id"]), "name": other["name"]}
        else:
            row["outcome"] = "new"
    return row


# -- a circle's page ------------------------------------------------------------------------


def circle_page(store: Store, circle_id: int, *, shown: int = SHOWN_MEMBERS) -> CirclePage:
    """The circle, its members by name and how the user reaches each."""
    from metanet.answers.service import snapshot_for  # numpy and the graph

    row = store.circle(circle_id)
    memberships = store.circle_memberships(circle_id)
    live = [m for m in memberships if m["dismissed_at"] is None]
    by_person: dict[int, Any] = {}
    for m in live:
        by_person.setdefault(int(m["person_id"]), m)
    snap = snapshot_for(store)
    members: list[CircleMember] = []
    until = time.perf_counter() + PATHS_BUDGET_S
    for person_id, m in list(by_person.items())[:shown]:
        members.append(
            {
                "person_id": person_id,
                "name": m["name"],
                "network": m["network"],
                "profile_url": m["profile_url"],
                "start_year": m["start_year"],
                "end_year": m["end_year"],
                "current": bool(m["current"]),
                "source": m["source"],
                "title": m["title"],
                "capture_id": m["capture_id"],
                "reach": reach_of(store, snap, person_id, far=time.perf_counter() < until),
            }
        )
    page: CirclePage = {
        "circle": _summary(row, len(by_person)),
        "members": members,
        "total": len(by_person),
        "dismissed_members": len(memberships) - len(live),
        "has_me": snap.me is not None,
    }
    if snap.stale:
        page["stale"] = True
    return page


def reach_of(store: Store, snap: Any, person_id: int, *, far: bool = True) -> Reach:
    """How the user reaches one person, circles counted (the paths' view of the graph);
    with ``far``, beyond two hops too (the best path)."""
    from metanet.answers.circle_graph import View
    from metanet.answers.explain import circles_between
    from metanet.answers.paths import best_routes
    from metanet.graph import tie_via

    me = snap.me
    none: Reach = {"degree": 0, "strength": 0.0, "via": [], "introducer": None}
    if me is None or person_id >= snap.size:
        return none
    if person_id == me:
        return {**none, "degree": -1}
    view = View(snap)
    first, second = float(view.first[person_id]), float(view.second[person_id])
    if first > 0:
        via: list[Place] = tie_via(store, snap, me, person_id)
        via += [{"network": "circle", "label": c["name"]}
                for c in circles_between(store, snap, me, person_id)]  # fmt: skip
        return {"degree": 1, "strength": round(first, 4), "via": via, "introducer": None}
    if second > 0:
        vias = view.layer.evia if view.layer is not None else None
        introducer = int(vias[person_id] if vias is not None else snap.via[person_id])
        name = store.person_names([introducer]).get(introducer)
        return {
            "degree": 2,
            "strength": round(second, 4),
            "via": [],
            "introducer": {"person_id": introducer, "name": name},
        }
    routes = best_routes(snap, person_id, k=1).routes if far else []
    if not routes:
        return none
    if snap.stale and len(store.person_names(routes[0].nodes)) < len(routes[0].nodes):
        return none  # someone on it is gone since the snapshot was made
    first_hop = routes[0].nodes[1]
    return {
        "degree": len(routes[0].nodes) - 1,
        "strength": round(routes[0].score, 4),
        "via": [],
        "introducer": {"person_id": first_hop, "name": store.person_names([first_hop])[first_hop]},
    }
