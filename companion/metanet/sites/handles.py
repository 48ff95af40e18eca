"""Sites whose people are a handle in the URL: one description each, one reader for all.

X (``x.com/<handle>``), Instagram (``instagram.com/<user>/``), GitHub
(``github.com/<login>``) and Mastodon (``<any instance>/@<user>``) name a person by one
path segment, and show the same lists under it. What differs between them is data: the
hosts, what a handle looks like, which first segments are the site's own pages, which
paths (or, on GitHub, which ``?tab=``) are lists, and how a profile URL is written. Each
site module holds one :class:`HandleSite`; this module reads URLs with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote

from metanet.model import AccountRef, PageKind
from metanet.sites.base import ParserError
from metanet.sites.urls import split_site_url


@dataclass(frozen=True)
class Handle:
    """A URL read against a :class:`HandleSite`."""

    key: str  # the account's key on the site's network
    rest: tuple[str, ...]  # the lowercased path segments after the handle
    segment: str  # the handle's segment as written (without the prefix)
    query: Mapping[str, list[str]]


def _lowercase(segment: str, host: str) -> str:
    return segment.lower()


@dataclass(frozen=True)
class HandleSite:
    """How one site writes its people's URLs."""

    network: str
    host: re.Pattern[str] | None  # anchored, searched in the host name; None: any host
    handle: re.Pattern[str]  # a handle segment (after the prefix)
    # The profile URL: ``{key}`` stands for the quoted key; for ``user@domain`` keys
    # (Mastodon) ``{user}`` and ``{domain}`` for its parts.
    profile: str
    reserved: frozenset[str] = frozenset()  # first segments that are the site's own pages
    # Lists under a handle: lowercased path segments after it (or ``?tab=`` values on a
    # site with ``tab_lists``) → page kind.
    lists: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    profile_tabs: frozenset[tuple[str, ...]] = frozenset({()})  # sub-paths still the profile
    tab_lists: bool = False
    deeper_is_account: bool = True  # /<handle>/<more> still names the account
    prefix: str = ""  # Mastodon writes /@user
    skipped: frozenset[str] = frozenset()  # first segments before the handle (/web/@user)
    safe: str = ""  # characters a key keeps unquoted in its profile URL
    key: Callable[[str, str], str | None] = _lowercase  # (segment, host) → key

    def split(self, url: str) -> Handle | None:
        """The handle a URL names and what follows it, or None for other URLs."""
        found = split_site_url(url, self.host)
        if found is None:
            return None
        parts, raw = found
        segments = [unquote(segment) for segment in raw]
        if segments[:1] and segments[0].lower() in self.skipped:
            segments = segments[1:]
        if not segments or not segments[0].startswith(self.prefix):
            return None
        segment = segments[0][len(self.prefix) :]
        if segment.lower() in self.reserved or not self.handle.match(segment):
            return None
        key = self.key(segment, (parts.hostname or "").rstrip("."))
        if key is None:
            return None
        rest = tuple(part.lower() for part in segments[1:])
        return Handle(key, rest, segment, parse_qs(parts.query))

    def normalise(self, url: str) -> AccountRef | None:
        """The account a profile URL (or, where the site allows, a sub-page) points at."""
        found = self.split(url)
        if found is None or (found.rest and not self.deeper_is_account):
            return None
        return AccountRef(self.network, found.key)

    def profile_url(self, key: str) -> str:
        user, _, domain = key.partition("@")
        return self.profile.format(
            key=quote(key, safe=self.safe), user=quote(user, safe=self.safe), domain=domain
        )

    def page_kind(self, url: str) -> str | None:
        """``profile`` or a list kind for a URL under a handle; None for other pages."""
        found = self.split(url)
        if found is None:
            return None
        if self.tab_lists:
            if found.rest:
                return None
            tab = next(iter(found.query.get("tab", [])), "").lower()
            return self.lists.get((tab,), PageKind.PROFILE) if tab else PageKind.PROFILE
        if found.rest in self.profile_tabs:
            return PageKind.PROFILE
        return self.lists.get(found.rest)

    def page(
        self, url: str, kind: str | None, what: str = "a profile or list URL"
    ) -> tuple[str, Handle]:
        """The page kind a parser detected and the handle its URL names; a ParserError
        (``<network>: not <what>``) when it detected none or the URL names no handle."""
        handle = self.split(url)
        if kind is None or handle is None:
            raise ParserError(f"{self.network}: not {what}: {url[:200]!r}")
        return kind, handle
