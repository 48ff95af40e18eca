"""Shared test helpers.

Real saved pages live outside the repository, in ``shared/fixtures/real/`` beside the
clone (here ``/work/shared``; CI copies ``shared/`` next to its checkout), so they are
found relative to the repository root's parent, never by an absolute path.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "real"
REAL_MISSING = (
    f"real saved pages not found at {REAL_FIXTURES} "
    "(shared/ beside the checkout): the tests that read them are skipped"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_report_header() -> list[str]:
    """One line at the top of the run for each thing whose tests are skipped here."""
    lines = [] if REAL_FIXTURES.is_dir() else [REAL_MISSING]
    firefox = os.environ.get("METANET_FIREFOX") or "firefox-esr"
    if shutil.which(firefox) is None and not in_ci():
        lines.append(
            f"Firefox not found ({firefox}): the browser tests' Firefox runs are skipped "
            "(apt-get install firefox-esr; CI fails instead)"
        )
    return lines


def real_fixture_path(relpath: str) -> Path:
    """The path of ``shared/fixtures/real/<relpath>``; a missing file fails loudly.

    Without the whole folder (a plain clone) the test is skipped, except in CI, where the
    real pages are part of the suite's contract. A single missing file is always an error.
    """
    if not REAL_FIXTURES.is_dir() and not in_ci():
        pytest.skip(REAL_MISSING)
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


@pytest.fixture(autouse=True)
def english_utc_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an English terminal in UTC, whatever the machine says: the CLI
    speaks the environment's language and shows local times. Tests of German output set
    LANG themselves."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
