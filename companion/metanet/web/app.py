"""The summary page's aiohttp application (``metanet serve`` runs it on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

from aiohttp import web

from metanet.secret import load_secret
from metanet.store import Store
from metanet.web import render, security
from metanet.web.database import follow_database
from metanet.web.failures import failures
from metanet.web.keys import PORT, SESSIONS, STORE, TOKENS
from metanet.web.sessions import Sessions
from metanet.web.tokens import LoginTokens
from metanet.web.views import (
    captures,
    card,
    circles,
    dashboard,
    data,
    graph_api,
    introductions,
    login,
    meeting,
    paths,
    people,
    person,
    review,
    search,
    uploads,
)

STATIC = Path(__file__).parent / "static"


def make_app(
    store_path: Path, *, port: int, secret: Callable[[], bytes] = load_secret
) -> web.Application:
    """The app for a server listening on 127.0.0.1:``port`` over the database at ``store_path``.

    ``port`` is needed up front: the Host allow-list and the cookie name depend on it.
    ``secret`` loads the token secret (tests pass their own).
    """
    app = web.Application(middlewares=[*security.middlewares(port), follow_database, failures])
    app[PORT] = port
    app[TOKENS] = LoginTokens(secret)
    app[SESSIONS] = Sessions()
    render.setup(app)

    async def open_store(app: web.Application) -> AsyncIterator[None]:
        # Opened on startup, inside the event loop's thread: a Store (its sqlite3
        # connection) is not thread-safe, and every handler runs in that one thread.
        # SQLite calls are quick enough not to need a thread pool.
        store = Store(store_path)
        app[STORE] = store
        yield
        app[STORE].close()  # the current one: a wipe swaps it (web/database.py)

    app.cleanup_ctx.append(open_store)
    app.add_routes(login.routes)
    app.add_routes(people.routes)
    app.add_routes(captures.routes)
    app.add_routes(dashboard.routes)
    app.add_routes(paths.routes)
    app.add_routes(graph_api.routes)
    app.add_routes(search.routes)
    app.add_routes(person.routes)
    app.add_routes(circles.routes)
    app.add_routes(review.routes)
    app.add_routes(data.routes)
    app.add_routes(uploads.routes)
    app.add_routes(meeting.routes)
    app.add_routes(introductions.routes)
    app.add_routes(card.routes)
    app.router.add_static("/static/", STATIC)
    return app
