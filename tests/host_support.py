"""A real ``metanet host`` subprocess spoken to in frames, as a browser would.

Used by the host tests, the reliability tests and bench/parse_store.py.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

from metanet.protocol import encode


class HostProcess:
    """A running host (``args``: the caller arguments a browser would pass)."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "METANET_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "metanet", "host", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )

    def send_raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_raw(encode(message))

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        header = self.proc.stdout.read(4)
        if len(header) < 4:
            raise EOFError(f"host closed its output; stderr: {self.stderr_text()}")
        (length,) = struct.unpack("=I", header)
        reply: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return reply

    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        self.send(message)
        return self.read()

    def close(self) -> int:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        return code

    def stderr_text_so_far(self) -> str:
        """What the host wrote to stderr until now, without waiting for it to end."""
        import fcntl

        assert self.proc.stderr is not None
        fd = self.proc.stderr.fileno()
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        return (self.proc.stderr.read() or b"").decode(errors="replace")

    def stderr_text(self) -> str:
        return self.proc.stderr.read().decode() if self.proc.stderr else ""
