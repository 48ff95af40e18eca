"""The summary page's secret: 32 random bytes that sign single-use login tokens.

Two processes need the same secret: the native host mints a login token and the already
running ``metanet serve`` checks it (web/tokens.py). The secret is therefore stored, not
kept in memory: in the OS keyring (``keyring``, service "metanet", user
"summary-page-secret") when a usable backend exists, otherwise in
``paths.secret_fallback_file()`` created with mode 0600, and ``metanet doctor`` says which
of the two holds it.

A broken keyring must never stop the summary page: every keyring error falls back to the
file, and the log says which store is used (never the secret itself).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
from keyring.backends import chainer, fail

from metanet import paths

SERVICE = "metanet"
USERNAME = "summary-page-secret"
SECRET_BYTES = 32

log = logging.getLogger(__name__)


class SecretError(Exception):
    """Neither the keyring nor the fallback file could hold the secret."""


def _encode(secret: bytes) -> str:
    return base64.urlsafe_b64encode(secret).decode("ascii")


def _decode(text: str | None) -> bytes | None:
    """The secret in ``text``, or None when it is missing or not 32 bytes of base64."""
    if not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == SECRET_BYTES else None


def _backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _usable_backend() -> tuple[keyring.backend.KeyringBackend | None, str]:
    """The keyring backend if it can store anything, else None; plus its name.

    ``fail.Keyring`` is what keyring picks when nothing is installed (a headless Linux
    without Secret Service); a ``ChainerBackend`` with no backends stores nothing either.
    """
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a misconfigured keyringrc raises here
        return None, f"unavailable ({type(exc).__name__}: {exc})"
    name = _backend_name(backend)
    if isinstance(backend, fail.Keyring):
        return None, name
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None, name
    return backend, name


# -- keyring -----------------------------------------------------------------------------


def _from_keyring(backend: keyring.backend.KeyringBackend) -> bytes:
    """Read the secret from the keyring, creating it there on first use.

    Raises whatever the backend raises; the caller falls back to the file.
    """
    existing = backend.get_password(SERVICE, USERNAME)
    secret = _decode(existing)
    if secret is not None:
        return secret
    if existing:
        log.warning("the summary-page secret in the keyring was malformed; replacing it")
    backend.set_password(SERVICE, USERNAME, _encode(secrets.token_bytes(SECRET_BYTES)))
    # Read back what is stored: if another process created one at the same moment, both
    # use whichever write won (the server re-reads the secret when a token does not match).
    stored = _decode(backend.get_password(SERVICE, USERNAME))
    if stored is None:
        raise SecretError("the keyring did not keep the summary-page secret")
    return stored


# -- fallback file -----------------------------------------------------------------------


def _file_is_private(path: Path) -> bool:
    """False when group or others may read the file (POSIX only; Windows has no modes)."""
    if os.name == "nt":
        return True
    return (path.stat().st_mode & 0o077) == 0


def _write_new_file(path: Path, *, replace: bool) -> None:
    """Write a fresh secret to ``path``, mode 0600 from the first byte.

    The secret goes to a private temporary file first, then is linked into place: a reader
    never sees a half-written file, and when two processes create it at once exactly one
    wins (``os.link`` refuses an existing target) and both then read the winner's.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=".secret-", dir=path.parent)  # mode 0600
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(_encode(secrets.token_bytes(SECRET_BYTES)) + "\n")
        if replace:
            os.replace(tmp, path)
        else:
            # If another process was first, keep (and then read) its secret.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _from_file(path: Path) -> bytes:
    """Read the secret from the fallback file, creating (or replacing) it as needed."""
    if not path.exists():
        _write_new_file(path, replace=False)
    elif not _file_is_private(path):
        # Anyone who could read it could log in to the summary page: treat it as leaked.
        log.warning("%s was readable by other users; replaced it with a new secret", path)
        _write_new_file(path, replace=True)
    secret = _decode(path.read_text(encoding="ascii", errors="replace"))
    if secret is None:
        log.warning("%s did not hold a valid secret; replaced it", path)
        _write_new_file(path, replace=True)
        secret = _decode(path.read_text(encoding="ascii", errors="replace"))
    if secret is None:
        raise SecretError(f"could not store the summary-page secret in {path}")
    return secret


# -- public API --------------------------------------------------------------------------


def load_secret() -> bytes:
    """The summary page's secret (created on first use): keyring first, else the file."""
    backend, name = _usable_backend()
    if backend is not None:
        try:
            secret = _from_keyring(backend)
        except Exception as exc:  # any backend failure (locked, D-Bus gone, denied…)
            log.warning(
                "keyring backend %s failed (%s: %s); using the fallback file",
                name,
                type(exc).__name__,
                exc,
            )
        else:
            log.info("summary-page secret: OS keyring (%s)", name)
            return secret
    path = paths.secret_fallback_file()
    try:
        secret = _from_file(path)
    except OSError as exc:
        raise SecretError(f"could not read or create {path}: {exc}") from exc
    log.info("summary-page secret: file %s (no usable keyring backend: %s)", path, name)
    return secret


def backend_status() -> dict[str, Any]:
    """Where the secret lives, for ``metanet doctor``. Never creates the secret.

    Keys: ``backend`` (keyring backend name), ``usable`` (whether it can hold the secret),
    ``location`` ("keyring" or the fallback file's path), ``secret_present`` and ``summary``
    (one sentence for people).
    """
    backend, name = _usable_backend()
    path = paths.secret_fallback_file()
    status: dict[str, Any] = {"backend": name, "usable": False, "location": str(path)}
    if backend is not None:
        try:
            present = _decode(backend.get_password(SERVICE, USERNAME)) is not None
        except Exception as exc:
            status["secret_present"] = path.exists()
            status["summary"] = (
                f"The keyring backend {name} failed ({type(exc).__name__}: {exc}); "
                f"the summary-page secret is kept in {path} (mode 0600) instead."
            )
            return status
        status.update(usable=True, location="keyring", secret_present=present)
        status["summary"] = (
            f"The summary-page secret is kept in the OS keyring ({name}, "
            f"service '{SERVICE}', user '{USERNAME}')"
            + ("." if present else "; it is created on the first `metanet serve`.")
        )
        return status
    status["secret_present"] = path.exists()
    status["summary"] = (
        f"No usable keyring backend ({name}); the summary-page secret is kept in {path} "
        "(mode 0600, readable only by you). Install a keyring backend (e.g. Secret Service "
        "on Linux) to keep it there instead."
    )
    return status
