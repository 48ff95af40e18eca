"""A scripted native host standing in for ``metanet host`` in the extension's own tests.

Usage (from a launcher script Chromium starts): ``fake_host.py SCRIPT LOG [ORIGIN]``.
SCRIPT is a JSON object mapping an action to ``{"result": ...}``, ``{"error": {...}}``,
``{"hang": true}`` or ``{"exit": true}``; it is re-read for every request. Each request is
appended to LOG as one JSON line (the ``html`` field replaced by its length; the page itself
is saved beside LOG as ``capture-<n>.html`` and named in ``_html_file``). Standard library
only, so it runs whatever is installed.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path
from typing import Any

HEADER = struct.Struct("=I")


def read_frame(stream: Any) -> dict[str, Any] | None:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    body = stream.read(size)
    message: dict[str, Any] = json.loads(body.decode("utf-8"))
    return message


def write_frame(stream: Any, message: dict[str, Any]) -> None:
    body = json.dumps(message).encode("utf-8")
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def main() -> int:
    script_file, log_file = Path(sys.argv[1]), Path(sys.argv[2])
    # Chromium passes the caller's origin; Firefox the manifest's path, then the add-on id.
    origin, caller = (sys.argv[3] if len(sys.argv) > 3 else ""), sys.argv[3:]
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (request := read_frame(stdin)) is not None:
        reply: dict[str, Any] = {"id": request.get("id")}
        logged = dict(request)
        if isinstance(logged.get("html"), str):
            page = log_file.parent / f"capture-{len(list(log_file.parent.glob('capture-*')))}.html"
            page.write_text(logged["html"], encoding="utf-8")
            logged["html"], logged["_html_file"] = len(logged["html"]), str(page)
        logged["_origin"], logged["_caller"] = origin, caller
        with log_file.open("a", encoding="utf-8") as log:
            log.write(json.dumps(logged) + "\n")
        behaviour = json.loads(script_file.read_text(encoding="utf-8")).get(request.get("action"))
        if behaviour is None:
            error = {"code": "unknown_action", "message": f"no script for {request.get('action')}"}
            write_frame(stdout, {**reply, "ok": False, "error": error})
        elif behaviour.get("exit"):
            return 3
        elif behaviour.get("hang"):
            stdin.read()  # never answer; return once the browser closes the port
            return 0
        elif "error" in behaviour:
            write_frame(stdout, {**reply, "ok": False, "error": behaviour["error"]})
        else:
            write_frame(stdout, {**reply, "ok": True, "result": behaviour["result"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
