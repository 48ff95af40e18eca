"""What the host's actions share in one process: after imports, what they brought is kept
out of the collector's reach (a cold capture's full collection need not walk it)."""

from __future__ import annotations

import gc
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet.actions import context


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite runs with an ordinary collector


def test_objects_are_kept_after_an_import_and_only_then(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(context, "_KEPT", [0])  # as in a fresh host
    context.keep_modules()
    assert gc.get_freeze_count() > 0  # modules were imported since the last call
    gc.unfreeze()
    context.keep_modules()
    assert gc.get_freeze_count() == 0  # nothing new imported: nothing frozen
    sys.modules["metanet_test_new_module"] = types.ModuleType("metanet_test_new_module")
    try:
        context.keep_modules()
        assert gc.get_freeze_count() > 0
    finally:
        del sys.modules["metanet_test_new_module"]


def test_a_request_begins_only_between_the_warm_ups_steps() -> None:
    """A request that arrives during a warm-up step (an import) waits for that step; a
    step waits for the request under way. Two threads importing one circle of modules at
    once gave "cannot import name 'COLUMNS' from partially initialized module"."""
    ctx = context.HostContext()
    happened: list[str] = []
    started = threading.Event()

    def slow_step() -> None:
        started.set()
        time.sleep(0.2)
        happened.append("step")

    warm = threading.Thread(target=context._step, args=(ctx.idle, ctx.steps, slow_step))
    warm.start()
    assert started.wait(5)
    with ctx.request():
        happened.append("request")
    warm.join(5)
    assert happened == ["step", "request"]

    happened.clear()
    with ctx.request():
        warm = threading.Thread(
            target=context._step,
            args=(ctx.idle, ctx.steps, lambda: happened.append("step")),
        )
        warm.start()
        time.sleep(0.2)
        happened.append("request")
    warm.join(5)
    assert happened == ["request", "step"]


QUIET = 1.0  # s: far above a loaded machine's oversleeping of 0.1 s


def test_waiting_for_quiet_lasts_until_no_request_came_for_that_long() -> None:
    """The automatic backup's check starts only after the host had no request for a while:
    each request pushes it back, one under way holds it."""
    ctx = context.HostContext()
    done = threading.Event()

    def wait() -> None:
        ctx.wait_quiet(QUIET)
        done.set()

    waiter = threading.Thread(target=wait)
    started = time.monotonic()
    waiter.start()
    for _ in range(5):  # a request every 0.1 s: never QUIET without one (margin for load)
        time.sleep(0.1)
        with ctx.request():
            assert not done.is_set()
    with ctx.request():
        time.sleep(QUIET + 0.3)  # longer than the quiet asked for, but a request is under way
        assert not done.is_set()
    assert done.wait(10)
    waiter.join(5)
    assert time.monotonic() - started >= 0.5 + (QUIET + 0.3) + QUIET


def test_work_left_for_after_the_reply_runs_in_order_and_a_failure_is_only_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    ctx = context.HostContext()
    done: list[str] = []

    def broken(store: object) -> None:
        raise RuntimeError("disk full")

    ctx.after_reply(lambda store: done.append(f"first on {type(store).__name__}"))
    ctx.after_reply(broken)
    ctx.after_reply(lambda store: done.append("third"))
    assert done == []  # nothing before the reply
    ctx.finish_replied()
    assert done == ["first on Store", "third"]
    assert "work after a reply failed" in caplog.text and "disk full" in caplog.text
    ctx.finish_replied()  # each ran once
    assert done == ["first on Store", "third"]
    ctx.close()


def test_the_warm_up_sets_the_memory_keeping_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The host leaves :func:`long_lived.keep_freed_memory` to its warm-up (loading ctypes
    would delay the first ping's reply): its first step, before the graph is loaded."""
    from metanet.services import long_lived

    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    steps: list[str] = []
    monkeypatch.setattr(long_lived, "keep_freed_memory", lambda: steps.append("memory"))
    monkeypatch.setattr(long_lived, "CAPTURE_MODULES", ("json",))
    monkeypatch.setattr(long_lived, "LOOKUP_MODULES", ())
    monkeypatch.setattr(long_lived, "read_capture_tables", lambda: steps.append("tables"))
    monkeypatch.setattr(long_lived, "start_loading_graph", lambda: steps.append("graph"))
    monkeypatch.setattr(context, "BACKUP_AFTER_QUIET_S", 3600.0)  # its thread never starts it
    ctx = context.HostContext()
    context._warm(ctx)
    assert steps == ["memory", "tables", "graph"]
    ctx.close()
