"""The summary-page secret: OS keyring when usable, else a 0600 file; never a crash."""

from __future__ import annotations

import base64
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import KeyringError

from metanet import paths, secret


class InMemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring (Secret Service, Keychain, Credential Locker), which
    does not run in this test environment. Same interface, kept in a dict."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring is not annotated
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


class BrokenKeyring(InMemoryKeyring):
    """A backend that exists but fails, like a locked keyring or a vanished D-Bus."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("the keyring is locked")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    previous = keyring.get_keyring()
    yield tmp_path
    keyring.set_keyring(previous)


def test_keyring_holds_the_secret_when_usable() -> None:
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    first = secret.load_secret()
    assert len(first) == 32
    stored = backend.items[("metanet", "summary-page-secret")]
    assert base64.urlsafe_b64decode(stored) == first
    assert secret.load_secret() == first  # stable across calls (and processes)
    assert not paths.secret_fallback_file().exists()


def test_keyring_status() -> None:
    keyring.set_keyring(InMemoryKeyring())
    before = secret.backend_status()
    assert before["usable"] is True
    assert before["location"] == "keyring"
    assert before["secret_present"] is False
    secret.load_secret()
    status = secret.backend_status()
    assert status["secret_present"] is True
    assert status["backend"].endswith("InMemoryKeyring")
    assert "OS keyring" in status["summary"] and "InMemoryKeyring" in status["summary"]


def _assert_private_file(path: Path) -> None:
    assert path.exists()
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_fallback_file_when_no_backend(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    with caplog.at_level(logging.INFO, logger="metanet.secret"):
        first = secret.load_secret()
    path = paths.secret_fallback_file()
    _assert_private_file(path)
    assert len(first) == 32
    assert secret.load_secret() == first
    assert "file" in caplog.text and str(path) in caplog.text
    assert base64.urlsafe_b64encode(first).decode() not in caplog.text  # never logged
    status = secret.backend_status()
    assert status["usable"] is False
    assert status["location"] == str(path)
    assert "No usable keyring backend" in status["summary"]
    assert str(path) in status["summary"]


def test_fallback_when_chainer_has_no_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(chainer.ChainerBackend())  # type: ignore[no-untyped-call]
    assert len(secret.load_secret()) == 32
    _assert_private_file(paths.secret_fallback_file())
    assert secret.backend_status()["usable"] is False


def test_broken_backend_falls_back_without_crashing(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(BrokenKeyring())
    with caplog.at_level(logging.INFO, logger="metanet.secret"):
        value = secret.load_secret()
    assert len(value) == 32
    _assert_private_file(paths.secret_fallback_file())
    assert "failed" in caplog.text and "locked" in caplog.text
    status = secret.backend_status()
    assert status["usable"] is False
    assert "failed" in status["summary"] and "locked" in status["summary"]


def test_get_keyring_raising_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode() -> KeyringBackend:
        raise RuntimeError("bad keyringrc")

    monkeypatch.setattr(keyring, "get_keyring", explode)
    assert len(secret.load_secret()) == 32
    assert "bad keyringrc" in secret.backend_status()["backend"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_file_readable_by_others_is_replaced() -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    first = secret.load_secret()
    path = paths.secret_fallback_file()
    path.chmod(0o644)
    second = secret.load_secret()
    assert second != first
    _assert_private_file(path)


@pytest.mark.parametrize(
    "content", ["", "not base64 !!", base64.urlsafe_b64encode(b"short").decode()]
)
def test_corrupt_file_is_replaced(content: str) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    path = paths.secret_fallback_file()
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.write(fd, content.encode())
    os.close(fd)
    assert len(secret.load_secret()) == 32
    _assert_private_file(path)


def test_malformed_keyring_value_is_replaced() -> None:
    backend = InMemoryKeyring()
    backend.items[("metanet", "summary-page-secret")] = "garbage"
    keyring.set_keyring(backend)
    assert len(secret.load_secret()) == 32
    assert backend.items[("metanet", "summary-page-secret")] != "garbage"
