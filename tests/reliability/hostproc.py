"""A real `metanet host` subprocess spoken to in frames (for the reliability tests)."""

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
    def __init__(self, home: Path) -> None:
        env = {**os.environ, "METANET_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "metanet", "host"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )

    def send(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(encode(message))
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        header = self.proc.stdout.read(4)
        if len(header) < 4:
            raise EOFError("host closed its output")
        (length,) = struct.unpack("=I", header)
        reply: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return reply

    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        self.send(message)
        return self.read()

    def close(self) -> int:
        if self.proc.stdin:
            self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        if self.proc.stdout:
            self.proc.stdout.close()
        return code
