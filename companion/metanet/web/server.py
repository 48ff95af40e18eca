"""``metanet serve``: run the summary page on 127.0.0.1 until Ctrl-C (or SIGTERM).

``ensure_running`` (the native host's ``open_summary``) lives in web/launcher.py, which
imports no aiohttp; it is re-exported here for callers that look for it beside ``serve``.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import webbrowser

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from metanet import paths
from metanet.services.long_lived import start_backup_if_due
from metanet.web.app import make_app
from metanet.web.launcher import (
    ensure_running,
    fresh_login_url,
    remove_server_file,
    running_server,
    write_server_file,
)
from metanet.web.tokens import TTL_SECONDS

__all__ = ["LISTEN_HOST", "ServerError", "ensure_running", "serve"]

# Never 0.0.0.0 or another interface: the page shows everyone the user knows, and any
# other address would offer it to the local network (café Wi-Fi, office LAN).
LISTEN_HOST = "127.0.0.1"
WINDOWS_EADDRINUSE = 10048

log = logging.getLogger(__name__)


class ServerError(Exception):
    """The summary server cannot run; the message tells the user what to do."""


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Access log without query strings, so login tokens never land in a log file."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s", request.method, request.path, response.status)


def _print(text: str) -> None:
    print(text, flush=True)  # flushed: a parent process may be waiting for this line


async def _run(port: int, open_browser: bool, print_token: bool) -> None:
    runner = web.AppRunner(
        make_app(paths.database(), port=port),
        access_log_class=PathOnlyAccessLogger,
        access_log=logging.getLogger("metanet.web.access"),
    )
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, LISTEN_HOST, port).start()
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, WINDOWS_EADDRINUSE):
                raise ServerError(
                    f"port {port} is already in use on {LISTEN_HOST}; "
                    "choose another one with --port N"
                ) from None
            raise ServerError(f"cannot listen on {LISTEN_HOST}:{port}: {exc}") from None
        write_server_file(port)
        start_backup_if_due()
        try:
            if print_token:
                url = fresh_login_url(port)
                _print(f"Metanet summary: {url}")
                _print(
                    f"(The link works once and for {TTL_SECONDS // 60} minutes. "
                    "Press Ctrl-C to stop the server.)"
                )
                if open_browser:
                    webbrowser.open(url)
            else:
                _print(
                    f"Metanet summary running on http://{LISTEN_HOST}:{port}/ (pid {os.getpid()})"
                )
            await _until_stopped()
        finally:
            remove_server_file(os.getpid())
    finally:
        await runner.cleanup()


async def _until_stopped() -> None:
    """Wait for SIGINT or SIGTERM, so the server file is removed on either."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows has no loop signal handlers; Ctrl-C arrives as KeyboardInterrupt there.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def first_free_port(port: int, spare_ports: int) -> int:
    """``port`` if it is free on 127.0.0.1, else the first free one of the next ``spare_ports``.

    Only a probe: the server binds for real afterwards (and says so if it lost a race).
    """
    for candidate in range(port, port + spare_ports + 1):
        with socket.socket() as probe:
            try:
                probe.bind((LISTEN_HOST, candidate))
            except OSError:
                continue
            return candidate
    return port  # none free: the real bind reports it in words


def serve(port: int, open_browser: bool, *, print_token: bool = True, spare_ports: int = 0) -> None:
    """Serve the summary page on 127.0.0.1:``port`` until interrupted.

    Prints one single-use login link (``print_token``) and opens it in the browser if
    ``open_browser``. With ``spare_ports`` (the demo), a taken port moves on to the first
    free one of the next ``spare_ports`` and says so. If this data folder's server already
    runs on that port, prints a fresh link for it instead of failing. Raises
    :class:`ServerError` when the port is taken by something else.
    """
    existing = running_server()
    if existing is not None and existing.port == port:
        if not print_token:
            _print(f"Metanet summary is already running on port {port} (pid {existing.pid})")
            return
        url = fresh_login_url(port)
        _print(f"Metanet summary is already running (pid {existing.pid}): {url}")
        if open_browser:
            webbrowser.open(url)
        return
    if spare_ports:
        wanted, port = port, first_free_port(port, spare_ports)
        if port != wanted:
            _print(f"Port {wanted} is in use; the summary page uses port {port} instead.")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(port, open_browser, print_token))
