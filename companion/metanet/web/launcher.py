"""Find or start the summary server and hand out login links (native host: ``open_summary``).

Imports nothing heavy (no aiohttp): the native host calls this, and its first replies
must stay fast. The running server is described by ``paths.server_file()``; a server
counts as running only if its ``/healthz`` answers with the random token written there, so
a stale file or another program on the port is never mistaken for ours. The token is
meaningless outside that 0600 file: ``/healthz`` is public and says nothing else (no pid,
no version).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from metanet import paths
from metanet.web.tokens import login_url, mint

DEFAULT_PORT = 8765
# Without an explicit port, the launcher tries this many ports from DEFAULT_PORT on, so a
# foreign program on 8765 does not make "Open summary" fail for good.
PORT_CANDIDATES = 10
#: how long a started server may take to answer; it returns as soon as the server answers or
#: exits, so this only bounds a server that hangs (a cold start under load took over 5 s)
START_TIMEOUT_SECONDS = 30.0
PROBE_TIMEOUT_SECONDS = 0.5
#: this process's identity for the probe: random, unlike a pid that another program may reuse
PROCESS_TOKEN = secrets.token_hex(16)


# Servers this process started. Kept so Python neither warns about dropping a running
# child nor leaves it unreaped when it exits while this process (the host) lives on.
_started: list[subprocess.Popen[bytes]] = []


class ServerStartError(Exception):
    """The summary server could not be started; the message says why and where to look."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    started_at: str
    token: str


#: the port this process recorded itself on (write_server_file), while it serves
_recorded_port: int | None = None


def write_server_file(port: int) -> None:
    """Record this process as the running server (mode 0600, replaced atomically)."""
    global _recorded_port
    _recorded_port = port
    target = paths.server_file()
    info = {
        "pid": os.getpid(),
        "port": port,
        "token": PROCESS_TOKEN,
        "started_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    fd, tmp = tempfile.mkstemp(prefix=".server-", dir=target.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(info, handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_server_file() -> None:
    """Record this server again if a wipe removed its file (it runs on, serving the new
    database: "Open summary" must find it rather than start a second one)."""
    if _recorded_port is not None and read_server_file() is None:
        write_server_file(_recorded_port)


def read_server_file() -> ServerInfo | None:
    try:
        data: Any = json.loads(paths.server_file().read_text(encoding="utf-8"))
        return ServerInfo(
            int(data["pid"]), int(data["port"]), str(data["started_at"]), str(data["token"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_server_file(pid: int) -> None:
    """Remove the file if it still names ``pid`` (a newer server may have replaced it)."""
    info = read_server_file()
    global _recorded_port
    if pid == os.getpid():
        _recorded_port = None
    if info is not None and info.pid == pid:
        paths.server_file().unlink(missing_ok=True)


def probe(port: int, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    """The token of the Metanet server answering on 127.0.0.1:``port``, or None."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
        reply = conn.getresponse()
        data: Any = json.loads(reply.read(4096))
        identity = reply.getheader("X-Metanet", "")
        if reply.status == 200 and data.get("app") == "metanet" and identity.startswith("metanet/"):
            return str(data["token"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, http.client.HTTPException):
        return None
    finally:
        conn.close()
    return None


def running_server() -> ServerInfo | None:
    """The server recorded in the server file, if it is alive and answering."""
    info = read_server_file()
    if info is not None and probe(info.port) == info.token:
        return info
    return None


def fresh_login_url(port: int, next_page: str | None = None) -> str:
    """A new single-use login link for the server on ``port`` (leading to ``next_page``)."""
    from metanet.secret import load_secret  # keyring is imported only when needed

    return login_url(port, mint(load_secret()), next_page)


def _log_tail(path: Path, lines: int = 3) -> str:
    with contextlib.suppress(OSError):
        tail = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:]
        return " | ".join(tail)
    return ""


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pick_port(port: int | None) -> int:
    """``port`` as given, else the first free one of DEFAULT_PORT and the next few."""
    if port is not None:
        return port
    for candidate in range(DEFAULT_PORT, DEFAULT_PORT + PORT_CANDIDATES):
        if _port_is_free(candidate):
            return candidate
    raise ServerStartError(
        f"ports {DEFAULT_PORT}-{DEFAULT_PORT + PORT_CANDIDATES - 1} on 127.0.0.1 are all in "
        "use; start the summary yourself with `metanet serve --port N`"
    )


def _spawn(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """Start ``metanet serve`` detached from the caller.

    The native host's stdout is the native-messaging channel to the browser: a child that
    inherited it could write into that pipe and corrupt the framing, and would keep the
    pipe open after the host exits. So stdin is /dev/null and stdout/stderr go to the log
    file. A new session (POSIX) or a detached process group (Windows) keeps the server
    alive when the browser ends the host and its process group.
    """
    command = [sys.executable, "-m", "metanet", "serve", "--port", str(port), "--no-print-token"]
    options: dict[str, Any] = {}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    with open(log_path, "ab") as log_handle:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            cwd=paths.home(),
            close_fds=True,
            **options,
        )


def ensure_running(port: int | None = None, next_page: str | None = None) -> str:
    """A fresh login URL for the summary server, starting the server if none runs.

    ``port`` is used only when a server has to be started (default: the first free of
    8765 and the next nine); a server that already runs is reused on whatever port it has.
    The login leads to ``next_page`` (``/people/12#shared``), or to the dashboard.
    """
    info = running_server()
    if info is not None:
        return fresh_login_url(info.port, next_page)
    port = _pick_port(port)
    log_path = paths.log_file()
    process = _spawn(port, log_path)
    _started.append(process)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        started = read_server_file()
        if started is not None and started.pid == process.pid and probe(port) == started.token:
            return fresh_login_url(port, next_page)
        code = process.poll()
        if code is not None:
            # Another caller may have started a server at the same moment and won the port.
            info = running_server()
            if info is not None:
                return fresh_login_url(info.port, next_page)
            raise ServerStartError(
                f"the summary server could not start on port {port} (exit code {code}): "
                f"{_log_tail(log_path) or 'no output'} — see {log_path}"
            )
        time.sleep(0.05)
    process.terminate()
    raise ServerStartError(
        f"the summary server did not answer on port {port} (127.0.0.1) within "
        f"{START_TIMEOUT_SECONDS:.0f} seconds; see {log_path}"
    )
