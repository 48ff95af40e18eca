"""What the CLI tests share: a home of their own and the command as a person runs it."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from metanet.cli import cli
from metanet.demo.seed import load
from metanet.store import Store


def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, demo: bool = False) -> Path:
    """``tmp_path`` as the data folder (``METANET_HOME``), with the demo's people if ``demo``."""
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    if demo:
        with Store() as store:
            load(store)
    return tmp_path


def invoke(*args: str, env: dict[str, str] | None = None, given: str | None = None) -> Result:
    """``metanet ARGS`` with ``given`` on stdin; an exception in the command fails the test."""
    return CliRunner().invoke(cli, list(args), env=env, input=given, catch_exceptions=False)
