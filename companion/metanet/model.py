"""The records every layer shares: accounts and ties as a page or an export shows them.

Site parsers and importers produce them, identity reads them, the store writes them. They
hold data only: no database, no parsing, no words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

#: ids of persons, accounts and captures are SQLite integers: a larger number names nothing
MAX_ID = 2**63 - 1

VIEWER_KEY = "~me"  # never a real key: normalisers produce no "~"


class PageKind:
    """Names of page kinds; stored in ``captures.kind``."""

    PROFILE = "profile"
    CONTACTS = "contacts"  # a contact/friends/connections list of the owner
    MUTUAL = "mutual"  # contacts shared by the viewer and the owner
    FOLLOWERS = "followers"
    FOLLOWING = "following"
    SEARCH = "search"  # search results: seen accounts, never ties
    NOT_FOUND = "not_found"  # the site says the profile does not exist


@dataclass(frozen=True)
class AccountRef:
    """A pointer to one account: its network and normalised key."""

    network: str
    key: str

    @classmethod
    def viewer(cls, network: str) -> AccountRef:
        """The person viewing the page (the user), whose own URL the page may not show.

        A parser uses this for "My Network → Connections" and the like: the user's
        first-degree ties. The store resolves it to the user's own account on that network.
        """
        return cls(network, VIEWER_KEY)

    @property
    def is_viewer(self) -> bool:
        return self.key == VIEWER_KEY


class PositionKind:
    """Values of :attr:`Position.kind`."""

    WORK = "work"
    EDUCATION = "education"


@dataclass(frozen=True)
class Position:
    """A job or a school in a profile's history: where, as what, from which year to which.

    Later issues turn shared organisations into "circles"; today they are facts of one
    account and never ties.
    """

    organisation: str
    kind: str = PositionKind.WORK
    title: str | None = None  # the role, or the degree / field of study
    start_year: int | None = None
    end_year: int | None = None  # None: not said, or still there (see ``current``)
    current: bool = False  # "Present", "heute"
    organisation_url: str | None = None  # the organisation's page on the same site


@dataclass(kw_only=True)
class PersonFacts:
    """What a page says about a person: an account's facts, and the facts embedded
    metadata gives before they are keyed to an account (``sites.embedded.Facts``).
    Keyword-only, so that an account's network, key and URL stay its first arguments."""

    name: str | None = None
    headline: str | None = None
    company: str | None = None
    role: str | None = None
    location: str | None = None
    photo_url: str | None = None
    # Links from this profile to the same person elsewhere (sameAs, rel="me", profile
    # links): evidence for identity resolution, never merged here.
    same_as: list[str] = field(default_factory=list)


@dataclass
class AccountRecord(PersonFacts):
    """One account as a page shows it. ``key`` comes from the site's URL normaliser."""

    network: str
    key: str
    profile_url: str
    # Normalised e-mail addresses and E.164 phone numbers (imports, vCards, some pages).
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    # Other keys of this same account on the same network, when the page shows both: a
    # LinkedIn member URN beside the vanity slug (``/in/slug?miniProfileUrn=…``), a
    # Facebook numeric id beside the username. One member, one account: the store joins
    # an alias to this key.
    aliases: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)

    @functools.cached_property
    def ref(self) -> AccountRef:
        """Made once per record (a 500-card list asks each card's ~9 times); a record's
        network and key are never changed (``dataclasses.replace`` makes a new record)."""
        return AccountRef(self.network, self.key)

    @property
    def refs(self) -> list[AccountRef]:
        """This account under its key and under every alias."""
        return [self.ref, *(AccountRef(self.network, alias) for alias in self.aliases)]


@dataclass(frozen=True)
class TieRecord:
    """``src`` knows ``dst`` on ``network``: ``kind`` is contact, friend or follows."""

    src: AccountRef
    dst: AccountRef
    kind: str
    directed: bool = False


@dataclass(frozen=True)
class MutualMention:
    """One person a page names as shared between the viewer and an account.

    ``account`` when the page links them ("Kyle Pitzen" with a profile link); the name
    alone otherwise ("Ron Shapiro (mutual connection)" as plain text).
    """

    name: str | None
    account: AccountRef | None = None


@dataclass
class SharedConnections:
    """What a page says the viewer shares with one account (``of``, usually the owner).

    ``kind`` is the tie the sharing stands for: ``contact`` ("2 mutual connections"),
    ``friend`` ("12 mutual friends") or ``follows`` ("Followed by a, b and 56 others":
    accounts the viewer follows that follow ``of``). ``total`` is the number the page
    prints, the named people included ("A, B and 289 other mutual connections" is 291);
    None when the page names people but prints no number. The named ones that carry an
    account are also ties in the same :class:`ParseResult`.
    """

    of: AccountRef
    kind: str
    named: list[MutualMention] = field(default_factory=list)
    total: int | None = None


@dataclass
class GroupRecord:
    """A group whose members a page lists (a GitHub organisation's people).

    Being in one group is not a personal tie (a 3,000-member organisation would tie
    everyone to everyone), so a group yields seen accounts and this record, never ties.
    """

    network: str
    key: str
    url: str
    name: str | None = None
    members: list[AccountRef] = field(default_factory=list)


class Reading:
    """Values of :attr:`ParseResult.partly_read`: why a page was only partly read."""

    # A known site's page in a layout its parser does not know: the owner comes from
    # what any page publishes (OpenGraph, JSON-LD, the title); lists and facts may be
    # missing. Stored, never reported as a parser failure while a name is on the page.
    UNKNOWN_LAYOUT = "unknown_layout"
    # A page longer than the parsers read (``sites.page.MAX_PAGE_CHARS``, the most a browser
    # can send): what lies beyond is not read. Said in the capture log and the popup.
    PAGE_CUT = "page_cut"


@dataclass
class ParseResult:
    """Everything one page yields. ``owner`` is whose profile or list the page is."""

    site: str
    kind: str
    parser: str
    parser_version: int
    owner: AccountRecord | None = None
    accounts: list[AccountRecord] = field(default_factory=list)
    ties: list[TieRecord] = field(default_factory=list)
    shared: list[SharedConnections] = field(default_factory=list)
    groups: list[GroupRecord] = field(default_factory=list)
    partly_read: str | None = None  # a :class:`Reading` code; None: read completely

    def all_accounts(self) -> list[AccountRecord]:
        """The owner first, then every other account, each key once."""
        seen: dict[AccountRef, AccountRecord] = {}
        for record in [self.owner, *self.accounts]:
            if record is not None and record.ref not in seen:
                seen[record.ref] = record
        return list(seen.values())
