"""Single-use login tokens that one process mints and another accepts.

The native host (``open_summary``) or ``metanet serve`` mints a token; the running server
verifies it. They share no memory, only the secret (metanet.secret), so a token carries
its own proof:

    v1.<nonce>.<expiry>.<mac>      mac = HMAC-SHA256(secret, "metanet-login|v1|<nonce>|<expiry>")

``nonce`` is 16 random bytes (base64url), ``expiry`` Unix seconds. Every part uses only
URL-safe characters, so the token goes into a query string as is. The server checks the
MAC in constant time, the expiry, and that the nonce was never used before (it remembers
used nonces until they expire; a replayed link is refused). This module imports nothing
heavy: the native host uses it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from urllib.parse import quote

VERSION = "v1"
TTL_SECONDS = 120
NONCE_BYTES = 16
# Tolerated clock difference between the minting and the verifying process (same machine).
CLOCK_SKEW_SECONDS = 5
# Before re-reading the secret after a MAC mismatch (see LoginTokens.verify).
RELOAD_INTERVAL_SECONDS = 1.0
_SHAPE = re.compile(r"v1\.([A-Za-z0-9_-]{22})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")


class TokenRejected(Exception):
    """The token is not accepted; ``reason`` is one of: malformed, forged, expired, used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, nonce: str, expiry: int) -> bytes:
    # A fixed label keeps these MACs apart from anything else the secret may sign later.
    message = f"metanet-login|{VERSION}|{nonce}|{expiry}".encode("ascii")
    return hmac.new(secret, message, hashlib.sha256).digest()


def mint(secret: bytes, *, now: float | None = None, ttl: int = TTL_SECONDS) -> str:
    """A fresh login token valid for ``ttl`` seconds from ``now``."""
    issued = time.time() if now is None else now
    nonce = _b64(secrets.token_bytes(NONCE_BYTES))
    expiry = int(issued) + ttl
    return f"{VERSION}.{nonce}.{expiry}.{_b64(_mac(secret, nonce, expiry))}"


#: where a login may lead: a page of the summary itself (a path, never another site)
LOCAL_PAGE = re.compile(r"/(?:[a-z]+(?:/\d{1,18})?)?(?:#[a-z-]{1,40})?")


def login_url(port: int, token: str, next_page: str | None = None) -> str:
    """The one line a user (or the extension) opens to log in to the summary page;
    ``next_page`` (a :data:`LOCAL_PAGE`, e.g. ``/people/12#shared``) is where it leads."""
    url = f"http://127.0.0.1:{port}/login?token={token}"
    if next_page and LOCAL_PAGE.fullmatch(next_page):
        url += "&next=" + quote(next_page, safe="/")
    return url


class LoginTokens:
    """The server's side: verifies tokens and remembers which were used.

    ``load_secret`` is called lazily and again when a well-formed token fails the MAC check
    (at most once per second): if the secret was created by another process at the same
    moment, or replaced, the server picks the current one up instead of refusing every
    login until restarted.
    """

    def __init__(self, load_secret: Callable[[], bytes]) -> None:
        self._load_secret = load_secret
        self._secret: bytes | None = None
        self._loaded_at = 0.0
        self._used: dict[str, int] = {}  # nonce → expiry

    def _current_secret(self, *, reload: bool = False) -> bytes:
        if self._secret is None or reload:
            self._secret = self._load_secret()
            self._loaded_at = time.monotonic()
        return self._secret

    def _mac_ok(self, nonce: str, expiry: int, mac: bytes) -> bool:
        if hmac.compare_digest(_mac(self._current_secret(), nonce, expiry), mac):
            return True
        if time.monotonic() - self._loaded_at < RELOAD_INTERVAL_SECONDS:
            return False
        previous = self._secret
        if self._current_secret(reload=True) == previous:
            return False
        return hmac.compare_digest(_mac(self._current_secret(), nonce, expiry), mac)

    def verify(self, token: str, *, now: float | None = None) -> None:
        """Accept ``token`` once, or raise :class:`TokenRejected` saying why."""
        current = time.time() if now is None else now
        match = _SHAPE.fullmatch(token or "")
        if match is None:
            raise TokenRejected("malformed")
        nonce, expiry_text, mac_text = match.groups()
        expiry = int(expiry_text)
        try:
            mac = _unb64(mac_text)
        except (binascii.Error, ValueError):
            raise TokenRejected("malformed") from None
        # The MAC first: nothing else about an unsigned token is worth answering.
        if not self._mac_ok(nonce, expiry, mac):
            raise TokenRejected("forged")
        # Outside its validity window: past, or further ahead than any token we mint (a
        # token that never expires would also pin its nonce in memory forever).
        if expiry < current or expiry > current + TTL_SECONDS + CLOCK_SKEW_SECONDS:
            raise TokenRejected("expired")
        self._forget_expired(current)
        if nonce in self._used:
            raise TokenRejected("used")
        self._used[nonce] = expiry

    def _forget_expired(self, now: float) -> None:
        """A used nonce needs remembering only until its token would have expired anyway."""
        for nonce in [n for n, expiry in self._used.items() if expiry < now]:
            del self._used[nonce]
