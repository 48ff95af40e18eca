"""Browser sessions after a login: a random id in a cookie, remembered in server memory.

Server memory is enough: a restarted server forgets every session and the user logs in
again from the extension (or the line ``metanet serve`` prints), which also ends any
session that might have leaked. Only a hash of each id is kept, so the dictionary lookup
never compares secret strings byte by byte.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from aiohttp import web

SESSION_SECONDS = 12 * 60 * 60


def cookie_name(port: int) -> str:
    """One cookie per port: browsers do not separate cookies by port (RFC 6265 §8.5), so a
    demo server and the real one on another port would otherwise overwrite each other's.
    """
    return f"metanet_session_{port}"


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


class Sessions:
    """Live session ids with their expiry (absolute: 12 hours after login)."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}

    def create(self, *, now: float | None = None) -> str:
        current = time.time() if now is None else now
        session_id = secrets.token_urlsafe(32)
        self._expiry[_key(session_id)] = current + SESSION_SECONDS
        return session_id

    def valid(self, session_id: str | None, *, now: float | None = None) -> bool:
        if not session_id:
            return False
        current = time.time() if now is None else now
        key = _key(session_id)
        expiry = self._expiry.get(key)
        if expiry is None:
            return False
        if expiry < current:
            del self._expiry[key]
            return False
        return True

    def drop(self, session_id: str | None) -> None:
        if session_id:
            self._expiry.pop(_key(session_id), None)


def set_session_cookie(response: web.StreamResponse, port: int, session_id: str) -> None:
    """Attach the session cookie.

    HttpOnly: no script on the page can read it (captured pages are hostile input, so an
    escaping bug must not leak the session). SameSite=Strict: the browser sends it only on
    requests started from our own site, never from another site's link, form or fetch.
    No ``Secure`` flag: the summary page is plain http on 127.0.0.1 (there is no
    certificate for a loopback address), and browsers differ on whether a Secure cookie
    is stored or sent over http://127.0.0.1 at all. The traffic never leaves the machine,
    so TLS would protect nothing here. No Max-Age: it ends with the browser session; the
    server's own 12-hour limit applies besides.
    """
    response.set_cookie(
        cookie_name(port),
        session_id,
        path="/",
        httponly=True,
        samesite="Strict",
    )


def clear_session_cookie(response: web.StreamResponse, port: int) -> None:
    response.del_cookie(cookie_name(port), path="/")
