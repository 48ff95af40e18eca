"""The records every layer shares: accounts and ties as a page or an export shows them.

Site parsers and importers produce them, identity reads them, the store writes them. They
hold data only: no database, no parsing, no words.
"""

from __future__ import annotations

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


@dataclass
class AccountRecord:
    """One account as a page shows it. ``key`` comes from the site's URL normaliser."""

    network: str
    key: str
    profile_url: str
    name: str | None = None
    headline: str | None = None
    company: str | None = None
    role: str | None = None
    location: str | None = None
    photo_url: str | None = None
    # Links from this profile to the same person elsewhere (sameAs, rel="me", profile
    # links): evidence for identity resolution, never merged here.
    same_as: list[str] = field(default_factory=list)
    # Normalised e-mail addresses and E.164 phone numbers (imports, vCards, some pages).
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    @property
    def ref(self) -> AccountRef:
        return AccountRef(self.network, self.key)


@dataclass(frozen=True)
class TieRecord:
    """``src`` knows ``dst`` on ``network``: ``kind`` is contact, friend or follows."""

    src: AccountRef
    dst: AccountRef
    kind: str
    directed: bool = False


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

    def all_accounts(self) -> list[AccountRecord]:
        """The owner first, then every other account, each key once."""
        seen: dict[AccountRef, AccountRecord] = {}
        for record in [self.owner, *self.accounts]:
            if record is not None and record.ref not in seen:
                seen[record.ref] = record
        return list(seen.values())
