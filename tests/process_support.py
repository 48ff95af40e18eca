"""Starting the companion's servers as a person does: ``python -m metanet …`` in a process."""

import re
import socket
import subprocess
import sys

import pytest

LOGIN = re.compile(r"http://127\.0\.0\.1:(\d+)/login\?token=\S+")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_until_login(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start ``metanet ARGS`` and read what it prints up to its login link: (the process, the
    output so far). Fails the test, the process stopped, if it prints no link."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "metanet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if LOGIN.search(line):
            return proc, "".join(lines)
    stop_process(proc)
    pytest.fail(f"metanet {args[0]} printed no login link:\n" + "".join(lines))


def stop_process(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=10)
