"""One test per row of native-messaging/browsers.json: install into a fake machine, check.

EXPECTED below is written out again by hand from the sources (Chrome's and Edge's native
messaging pages, MDN "Native manifests", brave-core's brave_main_delegate.cc, Chromium's
native_process_launcher_win.cc), not generated from the table: a misspelt folder in the
table then fails its row instead of being copied into the test.

Windows rows run here too, against MemoryRegistry: the real registry cannot run on this
Linux machine, and what matters is which key gets which value.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from metanet.nativehost.environment import Env
from metanet.nativehost.installer import install
from metanet.nativehost.launcher import launcher_path
from metanet.nativehost.status import status
from metanet.nativehost.table import Row, TableError, load_table, parse_table
from tests.nativehost_support import fake_env

HOST = "metanet.companion"
CHROME_ORIGINS = ["chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/"]
FIREFOX_IDS = ["metanet@metanet.app"]

# Row id -> manifest folder. "~" is HOME (XDG_CONFIG_HOME unset), "/" the filesystem root.
# Windows rows: (registry key, folder the key's manifest file lives in).
EXPECTED: dict[str, Any] = {
    "chrome-linux-user": "~/.config/google-chrome/NativeMessagingHosts",
    "chromium-linux-user": "~/.config/chromium/NativeMessagingHosts",
    "edge-linux-user": "~/.config/microsoft-edge/NativeMessagingHosts",
    "brave-linux-user": "~/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    "vivaldi-linux-user": "~/.config/vivaldi/NativeMessagingHosts",
    "firefox-linux-user": "~/.mozilla/native-messaging-hosts",
    "chrome-linux-user-flatpak": (
        "~/.var/app/com.google.Chrome/config/google-chrome/NativeMessagingHosts"
    ),
    "chromium-linux-user-flatpak": (
        "~/.var/app/org.chromium.Chromium/config/chromium/NativeMessagingHosts"
    ),
    "firefox-linux-user-flatpak": "~/.var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts",
    "chrome-linux-system": "/etc/opt/chrome/native-messaging-hosts",
    "chromium-linux-system": "/etc/chromium/native-messaging-hosts",
    "edge-linux-system": "/etc/opt/edge/native-messaging-hosts",
    # Brave overrides DIR_NATIVE_MESSAGING with Chrome's system folder.
    "brave-linux-system": "/etc/opt/chrome/native-messaging-hosts",
    "firefox-linux-system": "/usr/lib/mozilla/native-messaging-hosts",
    "chrome-macos-user": "~/Library/Application Support/Google/Chrome/NativeMessagingHosts",
    "chromium-macos-user": "~/Library/Application Support/Chromium/NativeMessagingHosts",
    "edge-macos-user": "~/Library/Application Support/Microsoft Edge/NativeMessagingHosts",
    # ... and on macOS Chrome's folders for both scopes.
    "brave-macos-user": "~/Library/Application Support/Google/Chrome/NativeMessagingHosts",
    "vivaldi-macos-user": "~/Library/Application Support/Vivaldi/NativeMessagingHosts",
    "firefox-macos-user": "~/Library/Application Support/Mozilla/NativeMessagingHosts",
    "chrome-macos-system": "/Library/Google/Chrome/NativeMessagingHosts",
    "chromium-macos-system": "/Library/Application Support/Chromium/NativeMessagingHosts",
    "edge-macos-system": "/Library/Microsoft/Edge/NativeMessagingHosts",
    "brave-macos-system": "/Library/Google/Chrome/NativeMessagingHosts",
    "firefox-macos-system": "/Library/Application Support/Mozilla/NativeMessagingHosts",
    "chrome-windows-user": (
        r"HKCU\Software\Google\Chrome\NativeMessagingHosts\metanet.companion",
        "{DATA}/native-messaging/chromium",
    ),
    "chromium-windows-user": (
        r"HKCU\Software\Chromium\NativeMessagingHosts\metanet.companion",
        "{DATA}/native-messaging/chromium",
    ),
    "edge-windows-user": (
        r"HKCU\Software\Microsoft\Edge\NativeMessagingHosts\metanet.companion",
        "{DATA}/native-messaging/chromium",
    ),
    # Chromium-branded builds (Brave, Vivaldi) fall back to Chrome's key.
    "brave-windows-user": (
        r"HKCU\Software\Google\Chrome\NativeMessagingHosts\metanet.companion",
        "{DATA}/native-messaging/chromium",
    ),
    "vivaldi-windows-user": (
        r"HKCU\Software\Google\Chrome\NativeMessagingHosts\metanet.companion",
        "{DATA}/native-messaging/chromium",
    ),
    "firefox-windows-user": (
        r"HKCU\Software\Mozilla\NativeMessagingHosts\metanet.companion",
        "{DATA}/native-messaging/firefox",
    ),
    "chrome-windows-system": (
        r"HKLM\Software\Google\Chrome\NativeMessagingHosts\metanet.companion",
        "{PROGRAMDATA}/metanet/native-messaging/chromium",
    ),
    "chromium-windows-system": (
        r"HKLM\Software\Chromium\NativeMessagingHosts\metanet.companion",
        "{PROGRAMDATA}/metanet/native-messaging/chromium",
    ),
    "edge-windows-system": (
        r"HKLM\Software\Microsoft\Edge\NativeMessagingHosts\metanet.companion",
        "{PROGRAMDATA}/metanet/native-messaging/chromium",
    ),
    "brave-windows-system": (
        r"HKLM\Software\Google\Chrome\NativeMessagingHosts\metanet.companion",
        "{PROGRAMDATA}/metanet/native-messaging/chromium",
    ),
    "vivaldi-windows-system": (
        r"HKLM\Software\Google\Chrome\NativeMessagingHosts\metanet.companion",
        "{PROGRAMDATA}/metanet/native-messaging/chromium",
    ),
    "firefox-windows-system": (
        r"HKLM\Software\Mozilla\NativeMessagingHosts\metanet.companion",
        "{PROGRAMDATA}/metanet/native-messaging/firefox",
    ),
}

ROWS = load_table().rows


def resolve(template: str, env: Env) -> Path:
    """EXPECTED notation -> a path on the fake machine (independent of Env.expand)."""
    if template.startswith("~/"):
        return Path(env.vars["HOME"]) / template[2:]
    if template.startswith("{DATA}/"):
        return env.data_dir / template.removeprefix("{DATA}/")
    if template.startswith("{PROGRAMDATA}/"):
        return Path(env.vars["PROGRAMDATA"]) / template.removeprefix("{PROGRAMDATA}/")
    assert template.startswith("/"), template
    return env.root / template[1:]


def make_present(row: Row, env: Env) -> None:
    """Make the row's browser look installed: create the first folder it detects by."""
    folder = env.expand(row.detect_paths[0])
    assert folder is not None
    folder.mkdir(parents=True)


def written_manifests(tmp_path: Path) -> set[Path]:
    return {p for p in tmp_path.rglob(f"{HOST}.json") if p.is_file()}


def test_every_row_has_an_expected_location() -> None:
    assert sorted(row.id for row in ROWS) == sorted(EXPECTED)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_row_installs_where_the_browser_looks(row: Row, tmp_path: Path) -> None:
    env = fake_env(tmp_path, row.os)
    make_present(row, env)

    report = install(row.scope, [row.browser.key], env=env)

    outcome = next(o for o in report.outcomes if o.row == row)
    assert outcome.action == "created", outcome.detail
    expected = EXPECTED[row.id]
    if row.os == "windows":
        key, folder = expected
        manifest = resolve(folder, env) / f"{HOST}.json"
        assert env.registry is not None
        assert env.registry.read_default(key) == str(manifest)
    else:
        manifest = resolve(expected, env) / f"{HOST}.json"
    assert outcome.location is not None and outcome.location.manifest == manifest
    # Nothing is written for the other browsers of the table.
    assert written_manifests(tmp_path) == {manifest}

    content = json.loads(manifest.read_text())
    assert content["name"] == HOST
    assert content["type"] == "stdio"
    assert content["path"] == str(launcher_path(env, row.scope))
    assert Path(content["path"]).is_absolute() and Path(content["path"]).is_file()
    if row.browser.key == "firefox":
        assert content["allowed_extensions"] == FIREFOX_IDS
        assert "allowed_origins" not in content
    else:
        assert content["allowed_origins"] == CHROME_ORIGINS
        assert "allowed_extensions" not in content
    if row.os != "windows":
        assert os.access(content["path"], os.X_OK)

    [found] = [s for s in status(row.scope, [row.browser.key], env=env) if s.row == row]
    assert found.detected and found.registered and found.correct, found.problems


def test_linux_user_rows_follow_xdg_config_home(tmp_path: Path) -> None:
    env = fake_env(tmp_path, "linux")
    config = tmp_path / "elsewhere"
    env = Env(env.os, {**env.vars, "XDG_CONFIG_HOME": str(config)}, env.data_dir, env.root)
    (config / "chromium").mkdir(parents=True)

    install("user", ["chromium"], env=env)

    assert (config / "chromium/NativeMessagingHosts" / f"{HOST}.json").is_file()
    assert not (tmp_path / "home/.config").exists()


def test_every_row_cites_a_source_and_flatpak_rows_carry_the_caveat() -> None:
    for row in ROWS:
        assert all(source.startswith("https://") for source in row.sources), row.id
        if row.variant == "flatpak":
            assert row.caveat and "sandbox" in row.caveat
            assert row.flatpak_id and row.caveat_fix and row.flatpak_id in row.caveat_fix


def _table_json() -> dict[str, Any]:
    path = Path(__file__).parents[1] / "native-messaging" / "browsers.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


TEMPLATES = {"host-manifest.chromium.json", "host-manifest.firefox.json"}


def test_the_shipped_json_parses() -> None:
    assert parse_table(_table_json(), TEMPLATES).rows == ROWS


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t["rows"][0].update(manifest_dir="/etc/chrome"), "must be under ~"),
        (lambda t: t["rows"][0].update(browser="netscape"), "unknown browser"),
        (lambda t: t["rows"][0].update(sources=[]), "source"),
        (lambda t: t["rows"][0].update(detect={}), "detect"),
        (lambda t: t["rows"].append(copy.deepcopy(t["rows"][0])), "two rows"),
        (
            lambda t: t["families"]["chromium"].update(allowed=["chrome-extension://*/"]),
            "chrome-extension://",
        ),
        (lambda t: t.update(host_name="Metanet.Companion"), "naming rule"),
        (lambda t: _first(t, "windows").pop("registry_key"), "registry_key"),
        (lambda t: _first(t, "linux", "system").update(manifest_dir="~/x"), "absolute"),
        (lambda t: _first(t, "linux", "user", "flatpak").pop("caveat"), "caveat"),
    ],
    ids=[
        "user-row-absolute",
        "unknown-browser",
        "no-source",
        "no-detection",
        "duplicate-row",
        "wildcard-origin",
        "bad-host-name",
        "windows-without-key",
        "system-row-in-home",
        "flatpak-without-caveat",
    ],
)
def test_an_inconsistent_table_is_refused(mutate: Any, message: str) -> None:
    data = _table_json()
    mutate(data)
    with pytest.raises(TableError, match=message):
        parse_table(data, TEMPLATES)


def _first(data: dict[str, Any], os_name: str, scope: str = "user", variant: str = "native") -> Any:
    return next(
        row
        for row in data["rows"]
        if row["os"] == os_name
        and row["scope"] == scope
        and row.get("variant", "native") == variant
    )
