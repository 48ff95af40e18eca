"""The shapes of the answers, as every front receives them (docs/PROTOCOL.md shows them).

``stale``: present (true) when the answer came from the snapshot a merge, split or
deletion has outdated while the graph is rebuilt in the background (answers/service.py);
nobody who is gone since is shown.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class PersonRef(TypedDict):
    person_id: int
    name: str | None


class Match(TypedDict):
    """A new match of a request, as ``add`` and a capture's ``request_notices`` give it."""

    request_id: int
    query: str
    person_id: int
    name: str | None
    degree: int
    introducer: PersonRef | None


class Notice(TypedDict):
    """An unseen match: what the badge counts and the summary page lists."""

    request_id: int
    query: str
    person_id: int
    name: str | None
    introducer: PersonRef | None
    found_at: str


#: how two persons know each other, one place: ``{"network": "xing"}``,
#: ``{"network": "offline", "label": "neighbour"}``, or, on a path's hop, a circle both are
#: in: ``{"network": "circle", "label": "Golfclub Starnberg"}`` (words: ``metanet.i18n.texts``)
Place = dict[str, str]
CIRCLE = "circle"


class SharedPerson(TypedDict):
    """Someone both the user and another person know."""

    person_id: int
    name: str | None
    you: list[Place]  # how the user knows them (``via``)
    them: list[Place]  # how the other person knows them
    strength: float  # the introduction they could make: your tie x their tie


class SharedAnswer(TypedDict):
    people: list[SharedPerson]
    total: int
    truncated: bool
    reason: NotRequired[str]  # ``no_me`` before the user declared an account
    stale: NotRequired[bool]


class Route(TypedDict):
    """One introduction path: its score and, per hop, who, how (``via``) and why.

    The first hop is the user (``via`` empty); every further hop also carries
    ``strength``, ``why``, ``rated``, ``ties`` and ``relations`` (docs/PROTOCOL.md).
    """

    score: float
    length: int
    hops: list[dict[str, Any]]


class PathsAnswer(TypedDict):
    target: int
    paths: list[Route]
    max_hops: int
    bounded: bool  # the search skipped part of a huge neighbourhood
    reason: str | None  # ``unreachable``, ``is_me``, ``no_me`` when there is no path
    stale: NotRequired[bool]


class Found(TypedDict):
    """A person a search found."""

    person_id: int
    name: str | None
    degree: int
    score: float
    introducer: PersonRef | None
    through: PersonRef | None
    headline: NotRequired[str | None]
    company: NotRequired[str | None]
    role: NotRequired[str | None]
    location: NotRequired[str | None]


class CircleRef(TypedDict):
    """A circle a search or a saved request is limited to."""

    circle_id: int
    name: str


class SearchAnswer(TypedDict):
    query: str
    hops: int
    total: int
    people: list[Found]
    circles: NotRequired[list[CircleRef]]  # only members of these (search --circle)
    total_exact: NotRequired[bool]
    reason: NotRequired[str]
    stale: NotRequired[bool]


class Degrees(TypedDict):
    degree1: int
    degree2: int


class NetworkReach(Degrees):
    degree2_naive: int


class CircleReach(TypedDict):
    """A circle the user is in, next to the networks (``answers/circle_graph.reach``)."""

    circle_id: int
    name: NotRequired[str]  # the fronts add it (services/circles.with_names)
    kind: NotRequired[str]
    members: int
    degree1: int  # members it connects the user with
    degree1_new: int  # of those, people the user has no tie with
    degree2: int  # one tie beyond them, not within one hop otherwise


class Reach(TypedDict):
    """How many people the user reaches (docs/PROTOCOL.md, ``reach``)."""

    merged: Degrees
    networks: dict[str, NetworkReach]
    circles: list[CircleReach]
    reason: NotRequired[str]  # ``no_me``: then only ``merged`` and ``networks``, empty
    naive: NotRequired[dict[str, Any]]  # degree1, degree2 and the sum in words
    overlap: NotRequired[dict[str, int]]
    coverage: NotRequired[dict[str, Any]]
    degree3_estimate: NotRequired[dict[str, Any]]  # an estimate, labelled as one
    stale: NotRequired[bool]


class SavedRequest(TypedDict):
    """A saved search request, as ``requests add`` answers it."""

    id: int
    query: str
    hops: int
    note: str | None
    origin: str  # mine, partner
    created_at: str
    matches: list[Match]  # its matches now
    circles: NotRequired[list[CircleRef]]  # only members of these
