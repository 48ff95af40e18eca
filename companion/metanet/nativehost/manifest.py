"""Host manifests: render one for a browser family, and say what is wrong with one on disk.

The templates (``native-messaging/host-manifest.<family>.json``) hold the fixed fields; the
table supplies the allowed extensions and the installer the launcher path. The same checks
guard both directions: :func:`require_host_path` refuses to register an unsafe host, and
:func:`manifest_problems` explains to ``metanet doctor`` why a registered one will fail,
using the browsers' own rules (absolute path, existing executable, exact origins).
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from metanet.nativehost.files import writable_by_others
from metanet.nativehost.table import PACKAGE, Family, Table


class HostPathError(ValueError):
    """The host program cannot safely be registered (relative, missing, or writable by others)."""


def render(table: Table, family: Family, host_path: Path) -> dict[str, Any]:
    """The manifest for ``family`` pointing to ``host_path`` (which must be absolute)."""
    if not host_path.is_absolute():
        # Chrome and Firefox ignore a manifest whose path is relative on Linux and macOS.
        raise HostPathError(f"the host path must be absolute, not {str(host_path)!r}")
    text = resources.files(PACKAGE).joinpath(family.template).read_text(encoding="utf-8")
    manifest: dict[str, Any] = json.loads(text)
    manifest["name"] = table.host_name
    manifest["path"] = str(host_path)
    manifest[family.allowed_key] = list(family.allowed)
    return manifest


def dumps(manifest: dict[str, Any]) -> str:
    """The manifest as written to disk (stable, so re-installs compare equal)."""
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def host_path_problem(path: Path, os_name: str) -> str | None:
    """Why ``path`` cannot serve as the host program, or None if it can.

    Besides what browsers check (absolute, exists, executable), refuse a program or folder
    that others may write: they could replace it and run code inside the browser's session.
    """
    if not path.is_absolute():
        return f"{path} is not an absolute path"
    if not path.is_file():
        return f"{path} does not exist"
    if os_name == "windows":
        if path.suffix.lower() not in {".bat", ".cmd", ".exe"}:
            return f"{path} is not a .bat, .cmd or .exe file"
    elif not os.access(path, os.X_OK):
        return f"{path} is not executable"
    if os.name == "posix":
        for item in (path, path.parent):
            if writable_by_others(item):
                return f"{item} is writable by other users (run: chmod go-w '{item}')"
    return None


def require_host_path(path: Path, os_name: str) -> None:
    """Raise :class:`HostPathError` if ``path`` cannot serve as the host program."""
    problem = host_path_problem(path, os_name)
    if problem:
        raise HostPathError(f"refusing to register the host: {problem}")


def manifest_problems(path: Path, table: Table, family: Family, os_name: str) -> list[str]:
    """What would make a browser reject or fail to start the manifest at ``path``."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{path} is missing"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"{path} is not readable JSON ({error})"]
    if not isinstance(content, dict):
        return [f"{path} does not hold a JSON object"]
    problems = []
    if content.get("name") != table.host_name:
        problems.append(f"its name is {content.get('name')!r}, not {table.host_name!r}")
    if content.get("type") != "stdio":
        problems.append("its type is not 'stdio'")
    if content.get(family.allowed_key) != list(family.allowed):
        problems.append(
            f"its {family.allowed_key} is {content.get(family.allowed_key)!r}, "
            f"expected {list(family.allowed)!r}"
        )
    host = content.get("path")
    if not isinstance(host, str) or not host:
        problems.append("it names no host path")
    else:
        problem = host_path_problem(Path(host), os_name)
        if problem:
            problems.append(f"its host: {problem}")
    return problems
