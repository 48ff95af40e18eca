"""The data folder and the files Metanet writes are private (0700 / 0600), whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet import paths


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read what is created (the common 022, and worse)."""
    old = os.umask(0o000)
    yield
    os.umask(old)


def test_an_existing_data_folder_open_to_others_is_made_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setenv("METANET_HOME", str(folder))
    assert paths.home() == folder
    assert mode(folder) == 0o700
    assert not paths.readable_by_others(folder)


@pytest.mark.usefixtures("open_umask")
def test_the_log_is_private_even_when_a_logging_handler_creates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    handler = logging.FileHandler(paths.log_file(), encoding="utf-8")
    handler.close()
    assert mode(paths.log_file()) == 0o600
    assert mode(paths.log_file().parent) == 0o700


@pytest.mark.usefixtures("open_umask")
def test_open_private_writes_0600_and_tightens_an_existing_file(tmp_path: Path) -> None:
    new = tmp_path / "export.csv"
    with paths.open_private(new) as out:
        out.write("a")
    assert mode(new) == 0o600
    old = tmp_path / "old.csv"
    old.write_text("x")
    os.chmod(old, 0o644)
    with paths.open_private(old) as out:
        out.write("b")
    assert (mode(old), old.read_text()) == (0o600, "b")
