"""``ping`` (version handshake) and ``open_summary`` (the summary page, logged in)."""

from __future__ import annotations

from typing import Any

from metanet import __version__, paths
from metanet.actions.context import HostContext
from metanet.errors import Unavailable

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
    # the launcher does not import aiohttp: the host stays light
    from metanet.web.launcher import ServerStartError, ensure_running

    try:
        return {"url": ensure_running()}
    except ServerStartError as exc:
        raise SummaryUnavailable(str(exc)) from None
