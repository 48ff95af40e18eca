"""LinkedIn's embedded data: the Voyager JSON a logged-in page carries in ``<code>`` blocks.

A logged-in LinkedIn page (2017 to today) ships the API responses it was built from as
hidden ``<code id="bpr-guid-…">`` elements: ``{"data": …, "included": [entities]}``.
The entities are typed (``$type``) and keyed (``entityUrn``), and they say what the
markup only shows: whose profile this is (``publicIdentifier`` *and* member URN), the
viewer (``com.linkedin.voyager.common.Me``), whether the viewer is connected to the
owner, positions with their dates, and every mini profile with both its slug and URN.
This is what the parser reads first; the markup is the fallback.

Two generations are handled: 2017 (``com.linkedin.voyager.identity.profile.Profile``,
references by ``$id``) and 2024+ (``…dash.identity.profile.Profile``, references in
``*field`` keys).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from metanet.model import Position, PositionKind
from metanet.sites import tree
from metanet.sites.linkedin_urls import URN
from metanet.sites.text import clean, clean_url

MAX_BLOCKS = 60
MAX_BLOCK_CHARS = 2_000_000
MAX_ENTITIES = 5000

_ME = "com.linkedin.voyager.common.Me"
_MINI = "com.linkedin.voyager.identity.shared.MiniProfile"
_PROFILE_2017 = "com.linkedin.voyager.identity.profile.Profile"
_PROFILE = "com.linkedin.voyager.dash.identity.profile.Profile"
_POSITION = "com.linkedin.voyager.identity.profile.Position"
_EDUCATION = "com.linkedin.voyager.identity.profile.Education"
_CONNECTION = "com.linkedin.voyager.dash.relationships.Connection"
_GEO = "com.linkedin.voyager.dash.common.Geo"
_SEARCH_PROFILE = "com.linkedin.voyager.search.SearchProfile"
# A block is decoded only when it holds one of these types (the others are navigation,
# feature flags and badges, about half of a page's JSON).
_WANTED = (
    "identity.profile",
    "identity.shared",
    "voyager.common.Me",
    "relationships.",
    "voyager.search.",
)
_DEGREES = {"DISTANCE_1": "1st", "DISTANCE_2": "2nd", "DISTANCE_3": "3rd"}

Entity = dict[str, object]


@dataclass
class Member:
    """One member as the embedded data describes them."""

    urn: str  # ACoAA…, the member id in profile URLs
    slug: str | None = None  # publicIdentifier: the vanity slug
    name: str | None = None
    headline: str | None = None
    location: str | None = None
    photo_url: str | None = None
    positions: list[Position] = field(default_factory=list)


@dataclass
class SearchResult:
    """One person a search page's data lists."""

    member: Member
    degree: str | None  # "1st", "2nd", "3rd"
    shared_total: int | None  # how many connections the viewer shares with them


@dataclass
class Voyager:
    """What the ``<code>`` blocks of one page hold."""

    entities: list[Entity]
    by_id: dict[str, Entity]

    @classmethod
    def read(cls, root: tree.Element) -> Voyager:
        entities: list[Entity] = []
        for block in tree.xpath(root, "//code")[:MAX_BLOCKS]:
            body = tree.string(block)
            if not body.lstrip().startswith("{") or not any(mark in body for mark in _WANTED):
                continue  # navigation, badges, settings: nothing about people
            entities.extend(_entities(body[:MAX_BLOCK_CHARS]))
            if len(entities) >= MAX_ENTITIES:
                break
        by_id: dict[str, Entity] = {}
        for entity in entities:
            for key in ("entityUrn", "$id"):
                value = entity.get(key)
                if isinstance(value, str):
                    by_id.setdefault(value, entity)
        return cls(entities[:MAX_ENTITIES], by_id)

    def of_type(self, name: str) -> list[Entity]:
        return [entity for entity in self.entities if entity.get("$type") == name]

    def viewer_urn(self) -> str | None:
        """The viewer's member URN (``Me`` → its mini profile)."""
        for me in self.of_type(_ME):
            urn = _urn(me.get("miniProfile") or me.get("*miniProfile"))
            if urn:
                return urn
        return None

    def mini_profiles(self) -> list[Member]:
        """Every member the page's data names with both a slug and a URN."""
        found: list[Member] = []
        for entity in self.of_type(_MINI) + self.of_type(_PROFILE):
            member = self._member(entity)
            if member is not None and member.slug:
                found.append(member)
        return found

    def owner(self, slug_hint: str | None) -> Member | None:
        """The profile's owner: the full profile entity that is not the viewer.

        2024+: the dash Profile with a member relationship (the viewer's own has none);
        2017: the one full Profile (the viewer appears only as a mini profile). A slug
        from the URL breaks a tie.
        """
        viewer = self.viewer_urn()
        candidates = [
            entity
            for entity in self.of_type(_PROFILE)
            if "*memberRelationship" in entity or "*experienceCard" in entity
        ] or self.of_type(_PROFILE_2017)
        members = [member for member in map(self._member, candidates) if member is not None]
        members = [member for member in members if member.urn != viewer] or members
        if slug_hint:
            members.sort(key=lambda member: (member.slug or "").lower() != slug_hint.lower())
        if not members:
            return None
        owner = members[0]
        owner.positions = self._positions(owner.urn)
        return owner

    def connected(self, urn: str) -> bool:
        """Whether the viewer is connected to member ``urn`` (a first-degree connection)."""
        return any(
            _urn(entity.get("entityUrn")) == urn or _urn(entity.get("*connectedMember")) == urn
            for entity in self.of_type(_CONNECTION)
        )

    def search_results(self) -> list[SearchResult]:
        """The people a search page's data lists (2017: the markup is an empty shell)."""
        found: list[SearchResult] = []
        for hit in self.of_type(_SEARCH_PROFILE):
            urn = _urn(hit.get("miniProfile"))
            mini = self._mini_of(urn) if urn else None
            person = self._member(mini) if mini else None
            if person is None:
                continue
            person.location = clean(hit.get("location")) or person.location
            distance = self.by_id.get(str(hit.get("distance") or "")) or {}
            degree = _DEGREES.get(str(distance.get("value") or ""))
            info = self.by_id.get(str(hit.get("sharedConnectionsInfo") or "")) or {}
            total = info.get("totalCount")
            found.append(SearchResult(person, degree, total if isinstance(total, int) else None))
        return found

    # --- reading entities ----------------------------------------------------------

    def _member(self, entity: Entity) -> Member | None:
        urn = _urn(entity.get("entityUrn"))
        if urn is None:
            return None
        mini = self._mini_of(urn) if entity.get("$type") == _PROFILE_2017 else entity
        first = clean(entity.get("firstName") or (mini or {}).get("firstName"))
        last = clean(entity.get("lastName") or (mini or {}).get("lastName"))
        slug = clean((mini or {}).get("publicIdentifier") or entity.get("publicIdentifier"))
        headline = entity.get("headline") or entity.get("occupation")
        return Member(
            urn=urn,
            slug=slug,
            name=clean(" ".join(part for part in (first, last) if part)),
            headline=clean(headline),
            location=clean(entity.get("locationName")) or self._geo(entity),
            photo_url=_picture(entity.get("profilePicture")),
        )

    def _mini_of(self, urn: str) -> Entity | None:
        for entity in self.of_type(_MINI):
            if _urn(entity.get("entityUrn")) == urn:
                return entity
        return None

    def _geo(self, entity: Entity) -> str | None:
        located = entity.get("geoLocation")
        if not isinstance(located, dict):
            return None
        geo = self.by_id.get(str(located.get("*geo") or ""))
        return clean(geo.get("defaultLocalizedName")) if geo else None

    def _positions(self, urn: str) -> list[Position]:
        """Positions and schools of member ``urn`` (2017 data; 2024+ pages keep them in
        the markup only)."""
        positions: list[Position] = []
        for entity in self.of_type(_POSITION) + self.of_type(_EDUCATION):
            if urn not in str(entity.get("entityUrn") or ""):
                continue
            start, end = self._years(entity.get("timePeriod"))
            if entity.get("$type") == _POSITION:
                organisation = clean(entity.get("companyName"))
                kind, title = PositionKind.WORK, clean(entity.get("title"))
            else:
                organisation = clean(entity.get("schoolName"))
                kind = PositionKind.EDUCATION
                title = clean(
                    ", ".join(
                        str(part)
                        for part in (entity.get("degreeName"), entity.get("fieldOfStudy"))
                        if isinstance(part, str) and part
                    )
                )
            if organisation:
                current = kind == PositionKind.WORK and start is not None and end is None
                positions.append(Position(organisation, kind, title, start, end, current))
        return sorted(positions, key=lambda item: (item.kind, -(item.start_year or 0)))

    def _years(self, reference: object) -> tuple[int | None, int | None]:
        period = self.by_id.get(reference) if isinstance(reference, str) else reference
        if not isinstance(period, dict):
            return None, None
        years: list[int | None] = []
        for name in ("startDate", "endDate"):
            date = period.get(name)
            date = self.by_id.get(date) if isinstance(date, str) else date
            year = date.get("year") if isinstance(date, dict) else None
            years.append(year if isinstance(year, int) else None)
        return years[0], years[1]


def _entities(body: str) -> list[Entity]:
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):
        return []
    if not isinstance(decoded, dict):
        return []
    found: list[Entity] = []
    data = decoded.get("data")
    if isinstance(data, dict):
        found.append(data)
    included = decoded.get("included")
    if isinstance(included, list):
        found.extend(item for item in included[:MAX_ENTITIES] if isinstance(item, dict))
    return found


def _urn(value: object) -> str | None:
    """``ACoAA…`` from ``urn:li:fs_miniProfile:ACoAA…``, ``urn:li:fsd_profile:…`` and the like."""
    if not isinstance(value, str):
        return None
    tail = value.rsplit(":", 1)[-1]
    return tail if URN.match(tail) else None


def _picture(value: object) -> str | None:
    """The largest artifact of a dash profile picture (root URL + path segment)."""
    if not isinstance(value, dict):
        return None
    resolved = value.get("displayImageReferenceResolutionResult")
    image = resolved.get("vectorImage") if isinstance(resolved, dict) else None
    if not isinstance(image, dict):
        return None
    root = image.get("rootUrl")
    artifacts = [a for a in image.get("artifacts") or [] if isinstance(a, dict)]
    if not isinstance(root, str) or not artifacts:
        return None
    largest = max(artifacts, key=lambda artifact: int(artifact.get("width") or 0))
    return clean_url(root + str(largest.get("fileIdentifyingUrlPathSegment") or ""))
