"""Nothing leaves the machine, and what stays is readable by the user only.

The companion's network calls are audited with strace: every connect() of the host and of
the summary server, including their children, must go to a Unix socket or to loopback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from metanet.protocol import encode
from tests.reliability import frames

STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(
    STRACE is None and os.environ.get("CI") != "true", reason="strace is not installed"
)
CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)(.*?)\}")


def outbound(trace: str) -> list[str]:
    """connect() calls that go anywhere but a Unix socket or the loopback addresses."""
    bad = []
    for family, rest in CONNECT.findall(trace):
        if family in ("AF_UNIX", "AF_NETLINK"):
            continue
        address = re.search(r'inet_(?:addr|pton)\((?:AF_INET6, )?"([^"]+)"', rest)
        if address and (address.group(1).startswith("127.") or address.group(1) == "::1"):
            continue
        bad.append(f"{family}{rest}")
    return bad


def traced(args: list[str], log: Path) -> list[str]:
    assert STRACE, "strace is required in CI (apt-get install strace)"
    return [STRACE, "-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg", "-o", str(log), *args]


@needs_strace
def test_host_opens_no_outbound_connection(tmp_path: Path) -> None:
    url, html = frames.profile_page(1, 1)
    data = b"".join(
        encode(m)
        for m in (
            {"id": 1, "action": "ping"},
            {"id": 2, "action": "capture", "url": url, "html": html},
            {"id": 3, "action": "lookup", "url": url},
        )
    )
    log = tmp_path / "strace.log"
    env = {**os.environ, "METANET_HOME": str(tmp_path / "home")}
    run = subprocess.run(
        traced([sys.executable, "-m", "metanet", "host"], log),
        input=data,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0
    trace = log.read_text()
    assert outbound(trace) == []


@needs_strace
def test_summary_server_opens_no_outbound_connection(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "strace.log"
    env = {**os.environ, "METANET_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        traced([sys.executable, "-m", "metanet", "serve", "--port", str(port)], log),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        login = ""
        for line in proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+/login\?token=\S+", line)
            if found:
                login = found.group(0)
                break
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(login, timeout=20) as response:
            assert response.status == 200
    finally:
        # stop the server itself (strace would only detach on a signal of its own)
        record = tmp_path / "home" / "server.json"
        if record.exists():
            os.kill(int(json.loads(record.read_text())["pid"]), signal.SIGINT)
        else:
            proc.kill()
        proc.wait(timeout=30)
    time.sleep(0.2)
    trace = log.read_text()
    assert "socket(AF_INET" in trace  # the trace saw the server's own listening socket
    assert outbound(trace) == []


def test_the_data_folder_is_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "METANET_HOME": str(home)}
    url, html = frames.profile_page(2, 2)
    subprocess.run(
        [sys.executable, "-m", "metanet", "host"],
        input=encode({"id": 1, "action": "capture", "url": url, "html": html}),
        capture_output=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for name in ("metanet.db", "metanet.db-wal", "metanet.db-shm"):
        path = home / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, name


def test_outbound_detector_catches_a_real_address() -> None:
    trace = "\n".join(
        [
            "1 connect(3, {sa_family=AF_INET, "
            'sin_port=htons(443), sin_addr=inet_addr("93.184.216.3")}',
            '1 connect(4, {sa_family=AF_INET, sin_port=htons(87), sin_addr=inet_addr("127.0.0.1")}',
            '1 connect(5, {sa_family=AF_UNIX, sun_path="/run/dbus"}, 110) = 0',
        ]
    )
    assert len(outbound(trace)) == 1
