"""The real server as a separate process, spoken to over real HTTP (urllib).

``python -m metanet serve`` prints a single-use login link; ``ensure_running`` (the
native host's ``open_summary``) starts a detached server and hands out fresh links.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import keyring
import pytest
from click.testing import CliRunner
from keyring.backends import fail

from metanet import paths
from metanet.web import launcher
from metanet.web.commands import serve_command
from metanet.web.launcher import ServerStartError, ensure_running, read_server_file
from tests.process_support import free_port

POSIX = os.name == "posix"
EXTENSION = Path(__file__).resolve().parents[1] / "extension"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder of its own; the secret in its fallback file, in this process and in
    every server process started from it (the OS keyring does not run here)."""
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield tmp_path
    keyring.set_keyring(previous)


def browser() -> urllib.request.OpenerDirector:
    """A client with its own cookie jar, like one browser profile."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def refused(url: str) -> int:
    """The HTTP status of a request that must fail, from a fresh browser."""
    with pytest.raises(urllib.error.HTTPError) as error:
        browser().open(url)
    error.value.close()
    return error.value.code


class LineReader:
    """Reads a process's stdout in a thread, so a test waits for a line with a timeout."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self.stdout = process.stdout
        self.lines: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        for line in self.stdout:
            self.lines.put(line.rstrip("\n"))

    def next(self, timeout: float = 15) -> str:
        return self.lines.get(timeout=timeout)

    def close(self) -> None:
        """After the process exited: let the thread see end-of-file, then close the pipe."""
        self.thread.join(timeout=10)
        self.stdout.close()


def stop_pid(pid: int) -> None:
    """SIGTERM a server we started and reap it (it is our child even when detached)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not POSIX, reason="stops the server with SIGINT")
def test_printed_link_works_once(home: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "metanet", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    reader = LineReader(process)
    try:
        first, second = reader.next(), reader.next()
        prefix = f"Metanet summary: http://127.0.0.1:{port}/login?token="
        assert first.startswith(prefix)
        assert "works once" in second
        url = first.removeprefix("Metanet summary: ")

        info = json.loads(paths.server_file().read_text())
        assert (info["pid"], info["port"]) == (process.pid, port)
        assert stat.S_IMODE(paths.server_file().stat().st_mode) == 0o600
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as reply:
            health = json.loads(reply.read())
        # public, so it answers what the launcher's probe needs and nothing else: no pid
        assert health == {"app": "metanet", "token": info["token"]}

        me = browser()
        with me.open(url) as reply:  # /login → 303 → / with the session cookie
            assert reply.status == 200
            assert reply.url == f"http://127.0.0.1:{port}/"
            assert "People" in reply.read().decode()

        assert refused(url) == 403  # the same link again
        assert refused(f"http://127.0.0.1:{port}/") == 401  # no session cookie

        with me.open(f"http://127.0.0.1:{port}/captures") as reply:
            assert reply.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=10)
        reader.close()
    assert code == 0
    assert not paths.server_file().exists()


def test_port_in_use_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "metanet", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_explains_loopback_and_has_an_example() -> None:
    result = CliRunner().invoke(serve_command, ["--help"])
    assert result.exit_code == 0
    assert "127.0.0.1 only" in result.output and "0.0.0.0" in result.output
    assert "Example:" in result.output and "metanet serve --port" in result.output
    assert "--no-print-token" not in result.output  # for the launcher only


@pytest.mark.skipif(not POSIX, reason="checks POSIX sessions and file descriptors")
def test_ensure_running_starts_a_detached_server(home: Path) -> None:
    port = free_port()
    # A stale record (a server that died without cleaning up) must not fool it.
    paths.server_file().write_text(
        json.dumps({"pid": 999999, "port": free_port(), "started_at": "x"})
    )
    url = ensure_running(port)
    info = read_server_file()
    assert info is not None and info.port == port
    try:
        assert url.startswith(f"http://127.0.0.1:{port}/login?token=")
        with browser().open(url) as reply:
            assert reply.status == 200

        # Detached: its own session, stdin from /dev/null, output to the log file, and
        # never the caller's stdout (the native-messaging pipe).
        assert os.getsid(info.pid) != os.getsid(0)
        if sys.platform.startswith("linux"):
            assert os.readlink(f"/proc/{info.pid}/fd/0") == os.devnull
            log = str(paths.log_file())
            assert os.readlink(f"/proc/{info.pid}/fd/1") == log
            assert os.readlink(f"/proc/{info.pid}/fd/2") == log
        assert "Metanet summary running" in paths.log_file().read_text()
        assert "token=" not in paths.log_file().read_text()

        # Second call: the same server, a new single-use link.
        again = ensure_running()
        assert again != url and again.startswith(f"http://127.0.0.1:{port}/login?token=")
        second = read_server_file()
        assert second is not None and second.pid == info.pid
        with browser().open(again) as reply:
            assert reply.status == 200
        assert refused(again) == 403
    finally:
        stop_pid(info.pid)
    assert not paths.server_file().exists()


def test_ensure_running_reports_a_taken_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ServerStartError) as failure:
            ensure_running(port)
    assert f"port {port}" in str(failure.value)
    assert str(paths.log_file()) in str(failure.value)
    assert time.monotonic() - started < 15


def test_launcher_skips_a_taken_default_port(monkeypatch: pytest.MonkeyPatch) -> None:
    from metanet.web import launcher

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(launcher, "DEFAULT_PORT", port)
        assert launcher._pick_port(None) != port
        assert launcher._pick_port(port) == port  # an explicit port is taken as given
        monkeypatch.setattr(launcher, "PORT_CANDIDATES", 1)
        with pytest.raises(ServerStartError, match="--port"):
            launcher._pick_port(None)


def test_the_popup_waits_longer_than_the_companion_waits_for_the_server() -> None:
    """The popup's `open_summary` gave up after 15 s while the companion waited 30 s for a
    server that starts slowly: the user saw a timeout instead of the page or its reason."""
    source = (EXTENSION / "background" / "messages.js").read_text(encoding="utf-8")
    found = re.search(r"SUMMARY_START_TIMEOUT_MS = ([\d_]+);", source)
    assert found, "messages.js names the open_summary timeout"
    assert int(found.group(1).replace("_", "")) > launcher.START_TIMEOUT_SECONDS * 1000
