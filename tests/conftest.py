"""Shared test helpers.

Real saved pages live outside the repository, in ``shared/fixtures/real/`` beside the
clone (here ``/work/shared``; CI copies ``shared/`` next to its checkout), so they are
found relative to the repository root's parent, never by an absolute path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "real"


def real_fixture_path(relpath: str) -> Path:
    """The path of ``shared/fixtures/real/<relpath>``; a missing file fails loudly.

    Real fixtures are part of the test suite's contract: a missing one is an error in
    the checkout, not a reason to skip.
    """
    path = REAL_FIXTURES / relpath
    if not path.is_file():
        raise FileNotFoundError(
            f"real fixture missing: {path} (shared/ must sit beside the repository clone)"
        )
    return path


@pytest.fixture
def real_fixture() -> Callable[[str], Path]:
    """``real_fixture("linkedin/x.html")`` -> Path of that saved page."""
    return real_fixture_path
