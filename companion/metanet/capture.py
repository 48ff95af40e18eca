"""From a received page to stored rows: parse, then store in one transaction.

The raw page is kept (compressed), whatever the outcome, so ``metanet reparse`` can read it
again when a parser improves — unless the user switched "keep raw pages" off in the
extension's options: then the capture row keeps the page's size and hash but an empty page.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from metanet import sites
from metanet.circles.pages import store_circles
from metanet.errors import InvalidInput
from metanet.model import AccountRef, ParseResult
from metanet.sites.base import ParserError
from metanet.store import Forgotten, Store, now

log = logging.getLogger(__name__)

MAX_URL_LENGTH = 8192


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
    # A model.Reading code when a known site's page was only partly read (an unknown
    # layout: the owner from the page's metadata); None when it was read completely.
    partly_read: str | None = None

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


def parse_guarded(url: str, html: str) -> tuple[ParseResult | None, str, str | None]:
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
    store: Store, url: str, html: str, title: str | None = None, *, keep_raw: bool = True
) -> CaptureResult:
    """Parse and store one page; everything it yields is stored in one transaction.

    Identity resolution and the other steps after a capture belong to the caller
    (``services.pages.capture``), inside the same transaction.

    With ``keep_raw=False`` the parsed rows are stored as usual but the raw page is not:
    ``html_z`` holds the empty string (``size`` still the page's), so reparse skips it.
    """
    check_input(url, html)
    url = url.strip()
    received = now()
    result, outcome, error = parse_guarded(url, html)
    site = result.site if result else sites.site_of(url)
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
                "sha256": hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest(),
                "outcome": outcome,
                "error": error,
            },
            html if keep_raw else "",
            size=None if keep_raw else len(html.encode("utf-8", "surrogatepass")),
        )
        owner_id, accounts, ties = (
            store_result(store, result, capture_id, received) if result else (None, 0, 0)
        )
        store.update_capture(
            capture_id,
            {"owner_account_id": owner_id, "accounts_seen": accounts, "ties_seen": ties},
        )
    return CaptureResult(
        capture_id,
        outcome,
        site,
        result.kind if result else None,
        error,
        owner_id,
        accounts,
        ties,
        result.partly_read if result else None,
    )


def store_result(
    store: Store, result: ParseResult, capture_id: int, seen: str
) -> tuple[int | None, int, int]:
    """Store what a parse yielded as evidence of ``capture_id``: (owner id, accounts, ties);
    the circles it names become memberships (:mod:`metanet.circles.pages`), never ties.

    Used by a new capture and by ``metanet reparse``; call it inside ``store.write()``.
    """
    ids: dict[AccountRef, int] = {}
    names_forgotten = False
    for record in result.all_accounts():
        try:
            ids[record.ref] = store.upsert_account(record, seen_at=seen, capture_id=capture_id)
        except Forgotten:
            names_forgotten = True  # their ties are skipped below, their page not kept
    if names_forgotten:
        store.drop_page(capture_id)
    for ref in {end for tie in result.ties for end in (tie.src, tie.dst) if end.is_viewer}:
        ids[ref] = store.viewer_account(ref.network)
    tie_count = 0
    for tie in result.ties:
        if tie.src not in ids or tie.dst not in ids or ids[tie.src] == ids[tie.dst]:
            continue  # a forgotten account, or a parser's tie to an account it did not list
        store.add_tie(
            ids[tie.src],
            ids[tie.dst],
            network=tie.src.network,
            kind=tie.kind,
            directed=tie.directed,
            seen_at=seen,
            capture_id=capture_id,
        )
        tie_count += 1
    store_circles(store, result, ids, capture_id)  # group members, work and schools
    owner_id = ids.get(result.owner.ref) if result.owner else None
    return owner_id, len(ids), tie_count
