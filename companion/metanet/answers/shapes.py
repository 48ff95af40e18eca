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


class NamedShared(TypedDict):
    """Someone a page named as shared: the person they are, or None (a name only)."""

    name: str
    person_id: int | None


class SaidShared(TypedDict):
    """What a page said about the connections the user shares with one of the person's
    accounts: "LinkedIn shows 291 mutual connections" and whom it named."""

    network: str
    kind: str  # contact ("mutual connections"), friend ("mutual friends"), follows
    total: int | None  # the number the page printed; None: it named people only
    named: list[NamedShared]


class SharedAnswer(TypedDict):
    people: list[SharedPerson]
    total: int
    truncated: bool
    reason: NotRequired[str]  # ``no_me`` before the user declared an account
    said: NotRequired[list[SaidShared]]  # what the person's pages say (``mutual``)
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


class MatchReason(TypedDict):
    """Why one word of a search matched: "Managing Director, as Geschäftsführer" is
    ``{"query": "Geschäftsführer", "kind": "synonym", "matched": "Managing Director",
    "field": "headline", "term": "Managing Director"}`` (``metanet.words.Reason``).

    ``kind``: word, form, synonym, compound or prefix; ``field``: name, headline, company,
    role or location; ``term``: what it was looked for as (a synonym's name, else the word).
    """

    query: str
    kind: str
    matched: str
    field: str
    term: str


class Found(TypedDict):
    """A person a search found: who, the facts shown, how far, the best path's strength
    (``score``), who introduces (``through``: the second-degree person of a third-degree
    hit), and how the words matched (``match`` whole or partial, ``quality``, ``why``)."""

    person_id: int
    name: str | None
    degree: int
    score: float
    introducer: PersonRef | None
    through: PersonRef | None
    headline: str | None
    company: str | None
    role: str | None
    location: str | None
    match: str
    quality: float | None
    why: list[MatchReason]


class Match(Found):
    """A new match of a request, as ``add`` and a capture's ``request_notices`` give it: the
    search hit (:class:`Found`) and the request it answers."""

    request_id: int
    query: str


class Beyond(TypedDict):
    """How many match one hop further (``hops`` null: further than three hops or not
    connected at all), given when none match within the hops asked."""

    hops: int | None
    total: int


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
    beyond: NotRequired[Beyond]
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
