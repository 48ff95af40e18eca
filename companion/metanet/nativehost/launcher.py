"""The host launcher: the one program every host manifest points to.

A browser starts a native host by executing the manifest's ``path`` with the caller origin
as its only argument; Chromium cannot pass further arguments, so ``path`` cannot be
``python -m metanet host``. The launcher is a two-line script that runs exactly that, with
the interpreter that performed the install (so a virtualenv keeps working) and, when
``METANET_HOME`` was set at install time, that data folder baked in: the browser's
environment rarely carries the user's shell variables.

A user install puts it at ``<data folder>/bin/metanet-host`` (``metanet-host.bat`` on
Windows). A system install registers the host for every account, so its launcher must be
reachable by every account: ``/usr/local/lib/metanet/metanet-host`` (Linux, macOS) or
``metanet\\metanet-host.bat`` in ``%PROGRAMDATA%``, and it bakes in no data folder (each user keeps
their own). Mode 0755: executable by the browser, writable by nobody but its owner, because
whoever can change it runs code with the browser's rights.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from metanet.nativehost.environment import Env
from metanet.nativehost.files import WriteAction, make_folder, write_file

LAUNCHER_MODE = 0o755


SYSTEM_FOLDERS = {"linux": "/usr/local/lib/metanet", "macos": "/usr/local/lib/metanet"}
WINDOWS_SYSTEM_FOLDER = "{PROGRAMDATA}/metanet"


def launcher_path(env: Env, scope: str = "user") -> Path:
    """Where :func:`write_launcher` puts the launcher for this Env and scope."""
    name = "metanet-host.bat" if env.os == "windows" else "metanet-host"
    if scope == "system":
        template = WINDOWS_SYSTEM_FOLDER if env.os == "windows" else SYSTEM_FOLDERS[env.os]
        folder = env.expand(template)
        if folder is None:
            raise ValueError("PROGRAMDATA is not set: no system-wide place for the launcher")
        return folder / name
    return env.data_dir / "bin" / name


def render_launcher(os_name: str, python: str, metanet_home: str | None) -> str:
    """The launcher's text for ``os_name`` (``windows`` gets a batch file)."""
    if os_name == "windows":
        return _render_batch(python, metanet_home)
    lines = [
        "#!/bin/sh",
        "# Metanet native-messaging host launcher, written by `metanet install`.",
        "# Browsers start it with the caller's origin as the only argument.",
    ]
    if metanet_home:
        lines += [f"METANET_HOME={shlex.quote(metanet_home)}", "export METANET_HOME"]
    lines.append(f'exec {shlex.quote(python)} -m metanet host "$@"')
    return "\n".join(lines) + "\n"


def _render_batch(python: str, metanet_home: str | None) -> str:
    # In a batch file "%" starts a variable reference, so literal percent signs double.
    def escape(text: str) -> str:
        return text.replace("%", "%%")

    lines = ["@echo off", "rem Metanet native-messaging host launcher, written by metanet install."]
    if metanet_home:
        lines.append(f'set "METANET_HOME={escape(metanet_home)}"')
    lines.append(f'"{escape(python)}" -m metanet host %*')
    return "\r\n".join(lines) + "\r\n"


def write_launcher(
    env: Env, python: str | None = None, scope: str = "user"
) -> tuple[Path, WriteAction]:
    """Write (or refresh) the launcher; returns its path and what was done."""
    path = launcher_path(env, scope)
    make_folder(path.parent, 0o755)
    home = env.var("METANET_HOME") if scope == "user" else None
    text = render_launcher(env.os, python or sys.executable, home)
    return path, write_file(path, text, LAUNCHER_MODE)
