"""The browser-by-OS-by-scope table (``native-messaging/browsers.json``), loaded and checked.

Where each browser looks for a native-messaging manifest is data, not code: one row per
browser, OS, scope and packaging (native or Flatpak), each naming its sources. Hand-written
per-browser install code is where such paths get misspelt; a table can be read at a glance
and tested row by row. This module turns the JSON into frozen dataclasses and refuses a
table that is inconsistent (unknown browser, a user-scope path outside the home folder, a
Windows row without its registry key, two rows for the same place, ...) with a
:class:`TableError` naming the row.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

PACKAGE = "metanet.native_messaging"
TABLE_FILE = "browsers.json"

OS_NAMES = ("linux", "macos", "windows")
SCOPES = ("user", "system")
VARIANTS = ("native", "flatpak")
ALLOWED_KEYS = {"allowed_origins", "allowed_extensions"}

# Chrome's rule for host names: lowercase alphanumerics, "_" and ".", no leading, trailing
# or doubled dot.
_HOST_NAME = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
# A Chromium extension origin: 32 letters a-p (the ID alphabet) and a trailing slash.
_CHROME_ORIGIN = re.compile(r"^chrome-extension://[a-p]{32}/$")


class TableError(ValueError):
    """The browser table is inconsistent; the message names the row and the field."""


@dataclass(frozen=True)
class Family:
    """Browsers that share a manifest format: ``chromium`` (allowed_origins) or ``firefox``."""

    key: str
    template: str
    allowed_key: str
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class Browser:
    key: str
    name: str
    family: Family


@dataclass(frozen=True)
class Row:
    """One place a browser reads native-messaging manifests from.

    ``manifest_dir`` is a path template (see :meth:`metanet.nativehost.environment.Env.expand`).
    On Windows the browser reads ``registry_key`` whose default value is the manifest file's
    path; the file itself lives in ``manifest_dir`` (our data folder).
    """

    browser: Browser
    os: str
    scope: str
    variant: str
    manifest_dir: str
    registry_key: str | None
    detect_paths: tuple[str, ...]
    detect_executables: tuple[str, ...]
    sources: tuple[str, ...]
    flatpak_id: str | None = None
    caveat: str | None = None
    caveat_fix: str | None = None

    @property
    def id(self) -> str:
        """A stable name such as ``chrome-linux-user`` or ``firefox-linux-user-flatpak``."""
        parts = [self.browser.key, self.os, self.scope]
        if self.variant != "native":
            parts.append(self.variant)
        return "-".join(parts)

    @property
    def label(self) -> str:
        """What a person calls it: ``Google Chrome`` or ``Firefox (Flatpak)``."""
        return self.browser.name + (" (Flatpak)" if self.variant == "flatpak" else "")

    @property
    def family(self) -> Family:
        return self.browser.family

    @property
    def location_key(self) -> tuple[str, str, str]:
        """Rows with equal keys write the very same file or registry key (e.g. Brave and
        Chrome share Chrome's folders on macOS)."""
        return (self.os, self.registry_key.lower() if self.registry_key else "", self.manifest_dir)


@dataclass(frozen=True)
class Table:
    host_name: str
    families: Mapping[str, Family]
    browsers: Mapping[str, Browser]
    rows: tuple[Row, ...]

    def select(
        self, os: str, scope: str | None = None, browsers: Iterable[str] | None = None
    ) -> list[Row]:
        """The rows for one OS, optionally one scope and some browsers (by key)."""
        wanted = None if browsers is None else set(browsers)
        return [
            row
            for row in self.rows
            if row.os == os
            and (scope is None or row.scope == scope)
            and (wanted is None or row.browser.key in wanted)
        ]

    @property
    def manifest_filename(self) -> str:
        """On Linux and macOS the file name must be the host name plus ``.json``."""
        return f"{self.host_name}.json"


@functools.cache
def load_table() -> Table:
    """The table shipped in the package (read once per process)."""
    folder = resources.files(PACKAGE)
    data = json.loads(folder.joinpath(TABLE_FILE).read_text(encoding="utf-8"))
    return parse_table(data, known_templates={p.name for p in folder.iterdir()})


def parse_table(data: Any, known_templates: set[str]) -> Table:
    """Check the decoded JSON and build the dataclasses; raise :class:`TableError` if wrong."""
    top = _mapping(data, "the table")
    host_name = _text(top, "host_name", "the table")
    if not _HOST_NAME.match(host_name):
        raise TableError(f"host_name {host_name!r} breaks Chrome's naming rule")
    families = {
        key: _family(key, value, known_templates)
        for key, value in _mapping(top.get("families"), "families").items()
    }
    browsers = {}
    for key, value in _mapping(top.get("browsers"), "browsers").items():
        entry = _mapping(value, f"browser {key}")
        family_key = _text(entry, "family", f"browser {key}")
        if family_key not in families:
            raise TableError(f"browser {key}: unknown family {family_key!r}")
        browsers[key] = Browser(key, _text(entry, "name", f"browser {key}"), families[family_key])
    rows = tuple(_row(i, value, browsers, host_name) for i, value in enumerate(_list(top, "rows")))
    _check_unique(rows)
    return Table(host_name, families, browsers, rows)


def _family(key: str, value: Any, known_templates: set[str]) -> Family:
    where = f"family {key}"
    entry = _mapping(value, where)
    template = _text(entry, "template", where)
    if template not in known_templates:
        raise TableError(f"{where}: template file {template!r} is not in the package")
    allowed_key = _text(entry, "allowed_key", where)
    if allowed_key not in ALLOWED_KEYS:
        raise TableError(f"{where}: allowed_key must be one of {sorted(ALLOWED_KEYS)}")
    allowed = tuple(_texts(entry, "allowed", where))
    if not allowed:
        raise TableError(f"{where}: allowed must name at least one extension")
    if allowed_key == "allowed_origins":
        for origin in allowed:
            # Chrome rejects wildcards and anything but a full origin with its slash.
            if not _CHROME_ORIGIN.match(origin):
                raise TableError(f"{where}: {origin!r} is not chrome-extension://<32 a-p>/")
    return Family(key, template, allowed_key, allowed)


def _row(index: int, value: Any, browsers: Mapping[str, Browser], host_name: str) -> Row:
    entry = _mapping(value, f"row {index}")
    browser_key = _text(entry, "browser", f"row {index}")
    where = f"row {index} ({browser_key})"
    if browser_key not in browsers:
        raise TableError(f"{where}: unknown browser")
    os_name = _choice(entry, "os", OS_NAMES, where)
    scope = _choice(entry, "scope", SCOPES, where)
    variant = entry.get("variant", "native")
    if variant not in VARIANTS:
        raise TableError(f"{where}: variant must be one of {VARIANTS}")
    manifest_dir = _text(entry, "manifest_dir", where)
    _check_template(manifest_dir, os_name, scope, where)
    registry_key = entry.get("registry_key")
    if os_name == "windows":
        hive = "HKCU" if scope == "user" else "HKLM"
        if not isinstance(registry_key, str) or not registry_key.startswith(hive + "\\"):
            raise TableError(f"{where}: a Windows {scope} row needs a {hive}\\... registry_key")
        if not registry_key.endswith("\\NativeMessagingHosts\\" + host_name):
            raise TableError(f"{where}: registry_key must end in NativeMessagingHosts\\{host_name}")
    elif registry_key is not None:
        raise TableError(f"{where}: only Windows rows have a registry_key")
    detect = _mapping(entry.get("detect", {}), f"{where} detect")
    detect_paths = tuple(_texts(detect, "paths", where))
    detect_executables = tuple(_texts(detect, "executables", where))
    if not detect_paths and not detect_executables:
        raise TableError(f"{where}: say how to detect the browser (paths or executables)")
    for template in detect_paths:
        _check_template(template, os_name, "any", where)
    sources = tuple(_texts(entry, "sources", where))
    if not sources:
        raise TableError(f"{where}: name at least one source for this location")
    flatpak_id = entry.get("flatpak_id")
    caveat = entry.get("caveat")
    if variant == "flatpak" and not (flatpak_id and caveat and entry.get("caveat_fix")):
        raise TableError(f"{where}: a Flatpak row needs flatpak_id, caveat and caveat_fix")
    return Row(
        browser=browsers[browser_key],
        os=os_name,
        scope=scope,
        variant=variant,
        manifest_dir=manifest_dir,
        registry_key=registry_key,
        detect_paths=detect_paths,
        detect_executables=detect_executables,
        sources=sources,
        flatpak_id=flatpak_id,
        caveat=caveat,
        caveat_fix=entry.get("caveat_fix"),
    )


def _check_template(template: str, os_name: str, scope: str, where: str) -> None:
    """User-scope folders must live under the user's home; system ones must not."""
    if os_name == "windows":
        if not template.startswith("{"):
            raise TableError(f"{where}: Windows paths start with a {{VARIABLE}}: {template!r}")
        return
    in_home = template.startswith(("~/", "{XDG_CONFIG_HOME}/"))
    if scope == "user" and not in_home:
        raise TableError(f"{where}: a user-scope folder must be under ~: {template!r}")
    if scope == "system" and not template.startswith("/"):
        raise TableError(f"{where}: a system folder must be an absolute path: {template!r}")
    if scope == "any" and not (in_home or template.startswith("/")):
        raise TableError(f"{where}: {template!r} is neither under ~ nor absolute")


def _check_unique(rows: tuple[Row, ...]) -> None:
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            raise TableError(f"two rows for {row.id}")
        seen.add(row.id)


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TableError(f"{where}: expected an object")
    return value


def _list(entry: Mapping[str, Any], key: str) -> list[Any]:
    value = entry.get(key)
    if not isinstance(value, list):
        raise TableError(f"{key}: expected a list")
    return value


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise TableError(f"{where}: {key} must be a non-empty string")
    return value


def _texts(entry: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TableError(f"{where}: {key} must be a list of strings")
    return value


def _choice(entry: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = _text(entry, key, where)
    if value not in choices:
        raise TableError(f"{where}: {key} must be one of {choices}, not {value!r}")
    return value
