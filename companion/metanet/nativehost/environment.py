"""The machine an install runs against: OS name, environment variables, folders, registry.

Every installer function takes an :class:`Env` instead of reading ``os.environ``,
``sys.platform`` or ``winreg`` itself. That is what lets one Linux test run install every
row of the table, macOS and Windows included, into a throw-away folder: the test builds an
``Env`` with a fake HOME, a fake filesystem root for system paths and an in-memory registry.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from metanet import paths
from metanet.nativehost.registry import Registry, WindowsRegistry

# {NAME} placeholders in the table: environment variables, plus DATA (the Metanet data folder).
_PLACEHOLDER = re.compile(r"\{([A-Z0-9_()]+)\}")


class UnsupportedPlatform(RuntimeError):
    """Metanet registers its native host on Linux, macOS and Windows only."""


def current_os() -> str:
    """This machine's OS under the table's names."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "macos"
    if sys.platform == "win32":
        return "windows"
    raise UnsupportedPlatform(f"native-messaging registration is not supported on {sys.platform}")


@dataclass(frozen=True)
class Env:
    """Where an install writes and what it looks at.

    ``root`` prefixes the table's absolute (system-wide) paths such as
    ``/etc/opt/chrome/native-messaging-hosts``: ``/`` for real, a temporary folder in tests.
    """

    os: str
    vars: Mapping[str, str]
    data_dir: Path
    root: Path = Path("/")
    registry: Registry | None = field(default=None, compare=False)

    @classmethod
    def current(cls) -> Env:
        """The real machine: ``os.environ``, the Metanet data folder, the Windows registry."""
        os_name = current_os()
        return cls(
            os=os_name,
            vars=dict(os.environ),
            data_dir=paths.home(),
            registry=WindowsRegistry() if os_name == "windows" else None,
        )

    def var(self, name: str) -> str | None:
        """An environment variable, treating an empty value as unset (as the XDG spec does)."""
        value = self.vars.get(name)
        return value or None

    def expand(self, template: str) -> Path | None:
        """Turn a table path template into a path, or None when a variable it needs is unset.

        ``~`` is HOME; ``{XDG_CONFIG_HOME}`` falls back to ``~/.config`` like the browsers do;
        ``{DATA}`` is the Metanet data folder; other ``{NAME}`` are environment variables;
        a leading ``/`` is a system path, placed under :attr:`root`.
        """
        text = template
        if text == "~" or text.startswith("~/"):
            home = self.var("HOME")
            if home is None:
                return None
            text = home + text[1:]
        missing = False

        def substitute(match: re.Match[str]) -> str:
            nonlocal missing
            value = self._placeholder(match.group(1))
            if value is None:
                missing = True
                return ""
            return value

        text = _PLACEHOLDER.sub(substitute, text)
        if missing:
            return None
        if template.startswith("/"):
            return self.root / text.lstrip("/")
        return Path(text)

    def _placeholder(self, name: str) -> str | None:
        if name == "DATA":
            return str(self.data_dir)
        if name == "XDG_CONFIG_HOME":
            configured = self.var("XDG_CONFIG_HOME")
            home = self.var("HOME")
            return configured or (f"{home}/.config" if home else None)
        return self.var(name)

    def which(self, name: str) -> Path | None:
        """An executable on this Env's PATH (never the test runner's own PATH)."""
        found = shutil.which(name, path=self.vars.get("PATH", ""))
        return Path(found) if found else None
