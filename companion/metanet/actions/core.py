"""``ping`` (version handshake) and ``open_summary`` (the summary page, logged in)."""

from __future__ import annotations

from typing import Any

from metanet import __version__, paths
from metanet.actions.args import int_arg
from metanet.actions.context import HostContext
from metanet.errors import Unavailable
from metanet.model import MAX_ID

PROTOCOL_VERSION = 1


def ping(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": __version__,
        "protocol": PROTOCOL_VERSION,
        "database": str(paths.database()),
    }


class SummaryUnavailable(Unavailable):
    """The summary page's server could not be started (reply ``server_start_failed``)."""


def open_summary(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The summary page's login address; with ``person_id``, leading to that person's
    shared connections (the popup's "all N")."""
    # the launcher does not import aiohttp: the host stays light
    from metanet.web.launcher import ServerStartError, ensure_running

    person = int_arg(request, "person_id", 0, 0, MAX_ID)  # 0: the dashboard
    try:
        return {"url": ensure_running(next_page=f"/people/{person}#shared" if person else None)}
    except ServerStartError as exc:
        raise SummaryUnavailable(str(exc)) from None
