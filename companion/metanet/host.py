"""The native-messaging host: one process per browser port, a loop of request → reply.

Rules: stdout carries protocol frames only (anything else breaks the browser's port), so
the real stdout is kept for frames and ``sys.stdout`` is pointed at stderr; logs go to a
file; one bad frame gets an error reply and the loop goes on; EOF ends it cleanly.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any, BinaryIO

from metanet import paths
from metanet.actions import ACTIONS, HostContext
from metanet.protocol import (
    BadRequest,
    EndOfStream,
    ErrorCode,
    ProtocolError,
    TruncatedFrame,
    check_text,
    encode_reply,
    error_reply,
    ok_reply,
    read_message,
    request_id_of,
)

log = logging.getLogger("metanet.host")


def allowed_callers() -> dict[str, set[str]]:
    """Per manifest format, the exact callers our manifests allow (the same table)."""
    from metanet.nativehost.table import load_table

    return {key: set(family.allowed) for key, family in load_table().families.items()}


def caller_allowed(args: list[str]) -> bool:
    """Whether the browser says the caller is our extension, matched exactly.

    Chromium passes our origin (``chrome-extension://ID/``) as the first argument, on
    Windows followed by ``--parent-window=N``; Firefox passes the manifest's path and then
    the add-on id. Nothing else is a caller: no other scheme, case or spelling. Run by
    hand or in a pipe there is no argument and the host serves whoever runs it (the user).
    """
    if not args:
        return True
    allowed = allowed_callers()
    if args[0] in allowed.get("chromium", set()):
        return all(arg.startswith("--parent-window=") for arg in args[1:])
    return len(args) == 2 and args[1] in allowed.get("firefox", set())


def handle(ctx: HostContext, message: dict[str, Any]) -> dict[str, Any]:
    """Answer one decoded request; never raises."""
    rid = request_id_of(message)
    try:
        check_text(message)
    except BadRequest as exc:
        return error_reply(rid, exc.code, exc.message)
    action = message.get("action")
    if not isinstance(action, str):
        return error_reply(rid, ErrorCode.BAD_REQUEST, "a request needs an 'action' string")
    handler = ACTIONS.get(action)
    if handler is None:
        known = ", ".join(sorted(ACTIONS))
        return error_reply(rid, ErrorCode.UNKNOWN_ACTION, f"unknown action '{action}' ({known})")
    try:
        return ok_reply(rid, ctx.run(lambda: handler(ctx, message)))
    except Exception as exc:
        return _error_for(rid, action, exc)


def _error_for(rid: Any, action: str, exc: Exception) -> dict[str, Any]:
    """The error reply the one error table gives; anything else is a bug, logged."""
    from metanet.services.errors import error_row

    row = error_row(exc)
    if row is not None:
        return error_reply(rid, **row.error(exc))
    log.exception("action %s failed", action)
    return error_reply(rid, ErrorCode.INTERNAL, f"internal error in '{action}': see the log")


def elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def serve(stdin: BinaryIO, stdout: BinaryIO, ctx: HostContext) -> int:
    """Answer frames until EOF. Returns the exit status."""
    while True:
        message: dict[str, Any] = {}
        try:
            message = read_message(stdin)
        except EndOfStream:
            log.info("browser closed the port")
            return 0
        except TruncatedFrame as exc:
            log.warning("stream ended mid-frame: %s", exc)
            return 0
        except ProtocolError as exc:
            log.warning("bad frame: %s", exc)
            reply = error_reply(None, exc.code, exc.message)
        else:
            started = time.perf_counter()
            with ctx.request():
                reply = handle(ctx, message)
            # what the browser waits for, beside its own part (bench/REPORT-popup.md)
            action = message.get("action")
            named = action if isinstance(action, str) and action in ACTIONS else "?"
            log.info("%s answered in %.1f ms", named, elapsed_ms(started))
        try:
            stdout.write(encode_reply(reply))
            stdout.flush()
        except (BrokenPipeError, OSError) as exc:
            log.info("browser went away while we replied: %s", exc)
            return 0
        ctx.finish_replied()  # what a request left for after its reply (a capture's words)
        if message.get("action") == "ping":
            ctx.warm_up()  # after the reply: the ping is never kept waiting
        else:
            ctx.keep_imported()  # after the reply: what a request imported stays


def _setup_logging() -> None:
    handler = logging.FileHandler(paths.log_file(), encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s host[%(process)d] %(levelname)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def main(args: list[str]) -> int:
    """Entry point of ``metanet host``."""
    frames_out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never corrupt the frame stream
    _setup_logging()
    if not caller_allowed(args):
        log.warning("refused caller %s", args)
        frames_out.write(
            encode_reply(
                error_reply(None, ErrorCode.FORBIDDEN_ORIGIN, "this host serves Metanet only")
            )
        )
        frames_out.flush()
        return 2
    log.info("host started for %s", args or "a terminal")
    from metanet.services import long_lived

    long_lived.declare(keep_memory=False)  # the warm-up's first step keeps it
    ctx = HostContext()
    try:
        code = serve(sys.stdin.buffer, frames_out, ctx)
    finally:
        ctx.close()
    if ctx.warming_up():
        # The browser left during the warm-up. Tearing the interpreter down would stop
        # that thread wherever it is, and inside numpy's C++ code that aborts the process
        # ("terminate called without an active exception"): leave without the teardown.
        logging.shutdown()
        sys.stderr.flush()
        os._exit(code)
    return code
