"""The native host's actions: one small function per action name.

Each handler takes the :class:`HostContext` and the request object and returns a JSON-ready
result, or raises: :class:`protocol.BadRequest` for wrong arguments, :class:`NotFound`,
:class:`StoreBusy`. The host turns those into error replies (docs/PROTOCOL.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from metanet import __version__, paths
from metanet.protocol import BadRequest

PROTOCOL_VERSION = 1


class HostContext:
    """What handlers share within one host process: the store, opened on first use.

    ``ping`` must answer fast on a cold start, so nothing heavy is imported or opened
    until an action needs it.
    """

    def __init__(self) -> None:
        self._store: Any = None

    @property
    def store(self) -> Any:
        if self._store is None:
            from metanet.store import Store

            self._store = Store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _text_arg(request: dict[str, Any], name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"'{name}' must be a non-empty string")
    return value


def ping(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": __version__,
        "protocol": PROTOCOL_VERSION,
        "database": str(paths.database()),
    }


def capture(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.capture import CaptureInputError, ingest
    from metanet.queries import person_summary

    url, html = request.get("url"), request.get("html")
    title = request.get("title") if isinstance(request.get("title"), str) else None
    try:
        outcome = ingest(ctx.store, url, html, title)  # type: ignore[arg-type]
    except CaptureInputError as exc:
        raise BadRequest(str(exc)) from None
    person = None
    if outcome.owner_account_id is not None:
        owner = ctx.store.account_by_id(outcome.owner_account_id)
        person = person_summary(ctx.store, int(owner["person_id"]))
    result = outcome.as_dict()
    result["person"] = person
    return result


def lookup(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.queries import lookup as lookup_url

    return lookup_url(ctx.store, _text_arg(request, "url"))


class SummaryUnavailable(Exception):
    """The summary page's server could not be started (reply ``server_start_failed``)."""


def open_summary(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    # the launcher does not import aiohttp: the host stays light
    from metanet.web.launcher import ServerStartError, ensure_running

    try:
        return {"url": ensure_running()}
    except ServerStartError as exc:
        raise SummaryUnavailable(str(exc)) from None


Handler = Callable[[HostContext, dict[str, Any]], Any]

ACTIONS: dict[str, Handler] = {
    "ping": ping,
    "capture": capture,
    "lookup": lookup,
    "open_summary": open_summary,
}
