"""The host launcher: the one program every host manifest points to.

A browser starts a native host by executing the manifest's ``path`` with the caller origin
as its only argument; Chromium cannot pass further arguments, so ``path`` cannot be
``python -m metanet host``. The launcher is a two-line script that runs exactly that, with
the interpreter that performed the install (so a virtualenv keeps working) and, when
``METANET_HOME`` was set at install time, that data folder baked in: the browser's
environment rarely carries the user's shell variables.

It lives at ``<data folder>/bin/metanet-host`` (``metanet-host.bat`` on Windows) with mode
0755: executable by the browser, writable by nobody but its owner, because whoever can
change it runs code with the browser's rights.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from metanet.nativehost.environment import Env
from metanet.nativehost.files import WriteAction, make_folder, write_file

LAUNCHER_MODE = 0o755


def launcher_path(env: Env) -> Path:
    """Where :func:`write_launcher` puts the launcher for this Env."""
    name = "metanet-host.bat" if env.os == "windows" else "metanet-host"
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


def write_launcher(env: Env, python: str | None = None) -> tuple[Path, WriteAction]:
    """Write (or refresh) the launcher; returns its path and what was done."""
    path = launcher_path(env)
    make_folder(path.parent, 0o755)
    text = render_launcher(env.os, python or sys.executable, env.var("METANET_HOME"))
    return path, write_file(path, text, LAUNCHER_MODE)
