"""From a received page to stored rows: parse, then store in one transaction.

The raw page is kept (compressed), whatever the outcome, so ``metanet reparse`` can read it
again when a parser improves — unless the user switched "keep raw pages" off in the
extension's options: then the capture row keeps the page's size and hash but an empty page.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from metanet import sites
from metanet.circles.pages import store_circles
from metanet.errors import InvalidInput
from metanet.identifiers import in_region
from metanet.identity.accounts import join_accounts
from metanet.identity.mentions import known_account_named
from metanet.model import AccountRef, PageKind, ParseResult, Reading, SharedConnections
from metanet.sites.base import ParserError
from metanet.sites.page import MAX_PAGE_CHARS
from metanet.store import NewTie, Store, now, pack_page, page_bytes

log = logging.getLogger(__name__)

MAX_URL_LENGTH = 8192
#: what :func:`store_result` keeps of a parse; ``metanet reparse`` stores a capture again
#: when its row was written by an older version (2: aliases, shared counts and mentions)
STORE_VERSION = 2
#: page kinds that list someone's people: "N contacts of X"
LIST_KINDS = frozenset({PageKind.CONTACTS, PageKind.MUTUAL, PageKind.FOLLOWERS,
                        PageKind.FOLLOWING})  # fmt: skip


class Outcome:
    """Values of ``captures.outcome``."""

    STORED = "stored"
    UNSUPPORTED = "unsupported"  # no parser understands the page: no accounts from it
    PARSER_FAILED = "parser_failed"  # a parser claimed the page but its layout did not match


class CaptureInputError(InvalidInput):
    """The capture request itself is unusable (no URL, not http(s), html not text)."""


@dataclass
class CaptureResult:
    """What one capture stored (``owner_account_id``: the account whose page it is)."""

    capture_id: int
    outcome: str
    site: str
    kind: str | None
    error: str | None
    owner_account_id: int | None
    accounts_seen: int
    ties_seen: int
    # A model.Reading code when a page was only partly read (an unknown layout: the owner
    # from the page's metadata; a page longer than the parsers read); None when complete.
    partly_read: str | None = None
    listed: int = 0  # the people a list page shows (its cards), 0 on a profile
    new: int = 0  # of those, how many were not stored before
    yours: bool = False  # a list of the user's own people (no owner but the viewer)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_input(url: Any, html: Any) -> None:
    """Reject requests that cannot be a capture, before anything is stored."""
    if not isinstance(url, str) or not url.strip():
        raise CaptureInputError("a capture needs the page's url")
    if len(url) > MAX_URL_LENGTH:
        raise CaptureInputError(f"the url is longer than {MAX_URL_LENGTH} characters")
    if urlsplit(url.strip()).scheme not in ("http", "https"):
        raise CaptureInputError("only http and https pages can be captured")
    if not isinstance(html, str):
        raise CaptureInputError("a capture needs the page's html as text")
    if not looks_like_html(html):
        raise CaptureInputError("this is not an HTML page (an image or another file?)")


#: how far into a page its first tag must appear
HTML_START = 65_536


def looks_like_html(html: str) -> bool:
    """Whether ``html`` can be a web page's markup: a tag near the start and no NUL.

    A browser's serialised DOM never holds NUL (the HTML parser replaces it); an image, a
    ZIP or random bytes read as text do. Such a file is refused with words instead of being
    stored as a parser failure of whichever site the URL names.
    """
    head = html[:HTML_START]
    return "<" in head and "\x00" not in html


Parsed = tuple[ParseResult | None, str, str | None]
#: the latest parses, by URL and page hash: the popup's preview of a page and the capture
#: that follows it read the page once (parsers are deterministic)
_RECENT: dict[tuple[str, str], Parsed] = {}
RECENT_PARSES = 2


def page_hash(page: str | bytes) -> str:
    """The key a page's parse is kept under: SHA-256 of its bytes (:func:`page_bytes`)."""
    raw = page_bytes(page) if isinstance(page, str) else page
    return hashlib.sha256(raw).hexdigest()


def parse_once(url: str, html: str, digest: str | None = None) -> Parsed:
    """:func:`parse_guarded`, answered from the latest parses when the same page (same
    URL, same bytes) was read a moment ago."""
    key = (url, digest or page_hash(html))
    found = _RECENT.pop(key, None)
    if found is None:
        found = parse_guarded(url, html)
    _RECENT[key] = found
    while len(_RECENT) > RECENT_PARSES:
        del _RECENT[next(iter(_RECENT))]
    return found


def parse_guarded(url: str, html: str) -> Parsed:
    """Run the parsers; a crash in one is a parser failure, never a host crash."""
    try:
        result = sites.parse_page(url, html)
    except ParserError as exc:
        return None, Outcome.PARSER_FAILED, str(exc)
    except RecursionError:
        return None, Outcome.PARSER_FAILED, "the page is nested too deeply to read"
    except Exception as exc:  # a parser bug must not lose the capture
        log.exception("parser crashed on %s", url)
        return None, Outcome.PARSER_FAILED, f"parser error: {type(exc).__name__}: {exc}"
    if result is None:
        return None, Outcome.UNSUPPORTED, None
    return result, Outcome.STORED, None


def ingest(
    store: Store,
    url: str,
    html: str,
    title: str | None = None,
    *,
    keep_raw: bool = True,
    phone_region: str | None = None,
) -> CaptureResult:
    """Parse and store one page; everything it yields is stored in one transaction.

    Identity resolution and the other steps after a capture belong to the caller
    (``services.pages.capture``), inside the same transaction.

    With ``keep_raw=False`` the parsed rows are stored as usual but the raw page is not:
    ``html_z`` holds the empty string (``size`` still the page's), so reparse skips it.
    Phone numbers a page gives without a country code are read in ``phone_region``.
    """
    check_input(url, html)
    url = url.strip()
    received = now()
    raw = page_bytes(html)  # encoded once: hashed here, compressed beside the parse
    packing = _packer().submit(pack_page, raw, keep=keep_raw)
    digest = page_hash(raw)
    result, outcome, error = parse_once(url, html, digest)
    site = result.site if result else sites.site_of(url)
    partly_read = reading_of(result, html)
    with store.write():
        capture_id = store.add_capture(
            {
                "url": url,
                "title": (title or "")[:1000] or None,
                "site": site,
                "kind": result.kind if result else None,
                "received_at": received,
                "parser": result.parser if result else None,
                "parser_version": result.parser_version if result else None,
                "sha256": digest,
                "outcome": outcome,
                "partly_read": partly_read,
                "store_version": STORE_VERSION,
                "error": error,
            },
            packing.result(),
        )
        stored = (
            store_result(store, result, capture_id, received, phone_region) if result else Stored()
        )
        store.update_capture(
            capture_id,
            {
                "owner_account_id": stored.owner_id,
                "accounts_seen": stored.accounts,
                "ties_seen": stored.ties,
            },
        )
    return CaptureResult(
        capture_id,
        outcome,
        site,
        result.kind if result else None,
        error,
        stored.owner_id,
        stored.accounts,
        stored.ties,
        partly_read,
        listed=stored.listed,
        new=stored.new,
        yours=result is not None and is_yours(result),
    )


@functools.cache
def _packer() -> ThreadPoolExecutor:
    """The thread that compresses received pages: zlib leaves the interpreter lock while
    it compresses, so a 1 MB page is packed on another core while it is parsed."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="metanet-pack")


def reading_of(result: ParseResult | None, html: str) -> str | None:
    """Why a page was read only in part: the parser's word, or a page longer than the
    parsers read (:data:`~metanet.sites.page.MAX_PAGE_CHARS`)."""
    if result is None:
        return None
    if len(html) > MAX_PAGE_CHARS:
        return Reading.PAGE_CUT
    return result.partly_read


def is_yours(result: ParseResult) -> bool:
    """A list of the user's own people: no owner on the page, ties to the viewer."""
    return (
        result.owner is None
        and result.kind in LIST_KINDS
        and any(end.is_viewer for tie in result.ties for end in (tie.src, tie.dst))
    )


def listed(result: ParseResult) -> list[AccountRef]:
    """The people a list page shows, one per card: on a contact or follower list those
    tied to whose list it is; on a search page every result (not the mutual connections
    a result names); on a group's page its members. None on a profile."""
    if result.kind in LIST_KINDS:
        owner = result.owner.ref if result.owner else None
        found: dict[AccountRef, None] = {}
        for tie in result.ties:
            for end, other in ((tie.src, tie.dst), (tie.dst, tie.src)):
                if other.is_viewer if owner is None else other == owner:
                    found.setdefault(end)
        return [ref for ref in found if not ref.is_viewer]
    if result.kind == PageKind.SEARCH:
        named = {m.account for s in result.shared for m in s.named if m.account}
        return [record.ref for record in result.accounts if record.ref not in named]
    return [ref for group in result.groups for ref in group.members]


@dataclass
class Stored:
    """What :func:`store_result` wrote."""

    owner_id: int | None = None
    accounts: int = 0
    ties: int = 0
    listed: int = 0
    new: int = 0


def store_result(
    store: Store, result: ParseResult, capture_id: int, seen: str, phone_region: str | None = None
) -> Stored:
    """Store what a parse yielded as evidence of ``capture_id``; phone numbers a page gives
    without a country code are read in ``phone_region``. The circles it names become
    memberships (:mod:`metanet.circles.pages`), never ties.

    Used by a new capture and by ``metanet reparse``; call it inside ``store.write()``.
    Accounts are joined with any account stored under one of their aliases (one member,
    one account); what the page says about shared connections is kept
    (:func:`store_shared`).
    """
    newest = store.newest_account_id()
    ids: dict[AccountRef, int] = {}
    names_forgotten = False
    records = [
        replace(record, phones=in_region(record.phones, phone_region))
        if record.phones and phone_region
        else record
        for record in result.all_accounts()
    ]
    joins: list[tuple[int, int, int]] = []  # (position, twin, kept), in the order joined

    def join_twins(at: int, account_id: int) -> bool:
        """A record written on its own may name by an alias an account stored apart: join
        them. Whether it did."""
        twins = store.alias_twins(account_id) if records[at].aliases else []
        for twin in twins:
            join_accounts(store, account_id, twin)
            joins.append((at, twin, account_id))
        return bool(twins)

    # The accounts of a first capture of a 500-card list in a few statements; one at a time
    # those that may join an account stored under one of their aliases.
    written = store.upsert_accounts(
        [(record, True) for record in records],
        seen_at=seen,
        capture_id=capture_id,
        after_one=join_twins,
    )
    for at, (record, account_id) in enumerate(zip(records, written, strict=True)):
        if account_id is None:
            names_forgotten = True  # their ties are skipped below, their page not kept
            continue
        for joined_at, twin, kept in joins:  # joined after this record was written
            if joined_at > at and account_id == twin:
                account_id = kept
        ids.update((ref, account_id) for ref in record.refs)
    if names_forgotten:
        store.drop_page(capture_id)
    for ref in {end for tie in result.ties for end in (tie.src, tie.dst) if end.is_viewer}:
        ids[ref] = store.viewer_account(ref.network)
    ties = [
        NewTie(ids[tie.src], ids[tie.dst], tie.src.network, tie.kind, tie.directed)
        for tie in result.ties
        # a forgotten account, or a parser's tie to an account it did not list
        if tie.src in ids and tie.dst in ids and ids[tie.src] != ids[tie.dst]
    ]
    store.add_ties(ties, seen_at=seen, capture_id=capture_id)  # one batch: a list's 500
    tie_count = len(ties)
    store_circles(store, result, ids, capture_id)  # group members, work and schools
    for said in result.shared:
        tie_count += store_shared(store, said, ids, capture_id, seen)
    shown = [ids[ref] for ref in listed(result) if ref in ids]
    owner = result.owner.ref if result.owner else None
    if owner is None and is_yours(result):  # the user's own list: whose page is yours
        owner = next((ref for ref in ids if ref.is_viewer), None)
    return Stored(
        owner_id=ids.get(owner) if owner else None,
        accounts=len(set(ids.values())),
        ties=tie_count,
        listed=len(set(shown)),
        new=len({account for account in shown if account > newest}),
    )


def store_shared(
    store: Store, said: SharedConnections, ids: dict[AccountRef, int], capture_id: int, seen: str
) -> int:
    """Keep what a page says ``said.of`` shares with the user: the printed count, and each
    person it names. A person named without a link becomes a tie with ``said.of`` when
    they are the one person the user knows by that name (:mod:`metanet.identity.mentions`).
    Returns the ties added."""
    of = ids.get(said.of)
    if of is None:
        return 0
    if said.total is not None:
        store.set_shared_count(of, said.kind, said.total, capture_id=capture_id, seen_at=seen)
    me = store.me()
    added = 0
    for mention in said.named:
        known = ids.get(mention.account) if mention.account else None
        if known is None and mention.account is None and mention.name:
            known = known_account_named(
                store,
                said.of.network,
                mention.name,
                me=int(me["id"]) if me else None,
                besides=ids.values(),
            )
            if known is not None and known != of:
                store.add_tie(known, of, network=said.of.network, kind=said.kind,
                              directed=said.kind == "follows", seen_at=seen,
                              capture_id=capture_id)  # fmt: skip
                added += 1
        if mention.name:
            store.add_shared_mention(
                of, said.kind, mention.name, known, capture_id=capture_id, seen_at=seen
            )
    return added
