"""What the host's actions share in one process: after imports, what they brought is kept
out of the collector's reach (a cold capture's full collection need not walk it)."""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator

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
