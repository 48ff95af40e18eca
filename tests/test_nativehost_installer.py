"""install / uninstall / status / doctor / install_into and the CLI, on fake machines.

Windows cases use MemoryRegistry because the Windows registry cannot run on this Linux
machine; the installer only reads, writes and deletes default values, which the fake does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from metanet.nativehost import installer
from metanet.nativehost.commands import doctor_report, install_command, uninstall_command
from metanet.nativehost.environment import Env
from metanet.nativehost.files import write_file
from metanet.nativehost.installer import (
    Report,
    UnknownBrowser,
    install,
    install_into,
    uninstall,
)
from metanet.nativehost.launcher import launcher_path, write_launcher
from metanet.nativehost.manifest import HostPathError
from metanet.nativehost.registry import MemoryRegistry, RegistryError, WindowsRegistry
from metanet.nativehost.status import doctor_rows, status
from tests.nativehost_support import fake_env

HOST_FILE = "metanet.companion.json"
CHROME_ORIGINS = ["chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/"]
DOCTOR_KEYS = {"browser", "os", "scope", "path", "detected", "registered", "ok", "problem", "fix"}


def home(env: Env) -> Path:
    return Path(env.vars["HOME"])


def chrome_dir(env: Env) -> Path:
    return home(env) / ".config/google-chrome/NativeMessagingHosts"


def actions(report: Report) -> dict[str, str]:
    return {o.row.id: o.action for o in report.outcomes}


# --- where install writes ---------------------------------------------------------------


def test_writes_only_for_detected_browsers_and_creates_their_folder(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)  # Chrome used, no hosts folder

    report = install(env=env)

    assert actions(report)["chrome-linux-user"] == "created"
    assert (chrome_dir(env) / HOST_FILE).is_file()
    assert actions(report)["firefox-linux-user"] == "skipped"
    assert "not found" in next(o.detail for o in report.outcomes if o.row.id.startswith("firefox"))
    assert not (home(env) / ".mozilla").exists()
    assert not (home(env) / ".config/chromium").exists()


def test_a_browser_on_path_counts_as_detected(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    firefox = tmp_path / "bin/firefox"
    firefox.write_text("#!/bin/sh\n")
    firefox.chmod(0o755)

    report = install(env=env)

    assert actions(report)["firefox-linux-user"] == "created"
    manifest = json.loads((home(env) / ".mozilla/native-messaging-hosts" / HOST_FILE).read_text())
    assert manifest["allowed_extensions"] == ["metanet@metanet.app"]


def test_browser_option_limits_the_rows(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    for folder in (".config/google-chrome", ".config/chromium"):
        (home(env) / folder).mkdir(parents=True)

    report = install(browsers=["chromium"], env=env)

    assert {o.row.browser.key for o in report.outcomes} == {"chromium"}
    assert not chrome_dir(env).exists()
    with pytest.raises(UnknownBrowser, match="netscape"):
        install(browsers=["netscape"], env=env)


# --- re-running -------------------------------------------------------------------------


def test_second_install_changes_nothing(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    install(env=env)
    before = (chrome_dir(env) / HOST_FILE).read_bytes()

    report = install(env=env)

    assert report.launcher_action == "unchanged"
    assert actions(report)["chrome-linux-user"] == "unchanged"
    assert (chrome_dir(env) / HOST_FILE).read_bytes() == before


def test_upgrade_rewrites_a_stale_manifest_and_launcher(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    install(env=env)
    stale = {"name": "metanet.companion", "path": "/old/metanet-host", "type": "stdio"}
    (chrome_dir(env) / HOST_FILE).write_text(json.dumps(stale))
    write_launcher(env, python="/old/venv/bin/python")

    report = install(env=env)

    assert report.launcher_action == "updated"
    assert actions(report)["chrome-linux-user"] == "updated"
    manifest = json.loads((chrome_dir(env) / HOST_FILE).read_text())
    assert manifest["path"] == str(launcher_path(env))
    assert manifest["allowed_origins"] == CHROME_ORIGINS
    assert "/old/venv" not in launcher_path(env).read_text()


def test_windows_reinstall_repoints_a_moved_registry_key(tmp_path: Path) -> None:
    env = fake_env(tmp_path, "windows")
    (home(env) / "AppData/Local/Google/Chrome/User Data").mkdir(parents=True)
    key = r"HKCU\Software\Google\Chrome\NativeMessagingHosts\metanet.companion"
    assert actions(install(env=env))["chrome-windows-user"] == "created"
    assert env.registry is not None
    env.registry.write_default(key, r"C:\old\metanet.companion.json")

    assert actions(install(env=env))["chrome-windows-user"] == "updated"
    assert actions(install(env=env))["chrome-windows-user"] == "unchanged"
    assert env.registry.read_default(key) == str(
        env.data_dir / "native-messaging/chromium" / HOST_FILE
    )


# --- refusing unsafe hosts --------------------------------------------------------------


def _relative(tmp_path: Path) -> Path:
    return Path("bin/metanet-host")


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere/metanet-host"


def _host_with_mode(mode: int, folder_mode: int = 0o755) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        folder = tmp_path / "hostdir"
        folder.mkdir()
        host = folder / "metanet-host"
        host.write_text("#!/bin/sh\n")
        host.chmod(mode)
        folder.chmod(folder_mode)
        return host

    return make


@pytest.mark.parametrize(
    ("make_host", "message"),
    [
        (_relative, "not an absolute path"),
        (_missing, "does not exist"),
        (_host_with_mode(0o757), "writable by other users"),
        (_host_with_mode(0o775), "writable by other users"),
        (_host_with_mode(0o755, folder_mode=0o777), "writable by other users"),
        (_host_with_mode(0o644), "not executable"),
    ],
    ids=["relative", "missing", "world-writable", "group-writable", "folder-writable", "no-x"],
)
def test_refuses_an_unsafe_host(
    tmp_path: Path, make_host: Callable[[Path], Path], message: str
) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)

    with pytest.raises(HostPathError, match=message):
        install(env=env, host_path=make_host(tmp_path))

    assert not chrome_dir(env).exists()


def test_refuses_its_own_launcher_in_a_folder_others_can_write(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    (env.data_dir / "bin").mkdir(parents=True)
    (env.data_dir / "bin").chmod(0o777)

    with pytest.raises(HostPathError, match="bin is writable by other users"):
        install(env=env)


def test_accepts_a_safe_packaged_host(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    host = _host_with_mode(0o755)(tmp_path)

    report = install(env=env, host_path=host)

    assert json.loads((chrome_dir(env) / HOST_FILE).read_text())["path"] == str(host)
    assert report.launcher == host and not launcher_path(env).exists()


# --- uninstall --------------------------------------------------------------------------


def test_uninstall_removes_what_install_wrote_and_nothing_else(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    (home(env) / ".mozilla/firefox").mkdir(parents=True)
    install(env=env)
    other = chrome_dir(env) / "com.example.other.json"
    other.write_text("{}")

    report = uninstall(env=env)

    assert actions(report)["chrome-linux-user"] == "removed"
    assert actions(report)["firefox-linux-user"] == "removed"
    assert actions(report)["edge-linux-user"] == "absent"
    assert not (chrome_dir(env) / HOST_FILE).exists()
    assert not (home(env) / ".mozilla/native-messaging-hosts" / HOST_FILE).exists()
    assert other.read_text() == "{}" and chrome_dir(env).is_dir()
    assert report.launcher_action == "removed" and not launcher_path(env).exists()
    assert uninstall(env=env).launcher_action == "absent"


def test_uninstall_one_browser_keeps_the_launcher_for_the_others(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    (home(env) / ".mozilla/firefox").mkdir(parents=True)
    install(env=env)

    report = uninstall(browsers=["firefox"], env=env)

    assert report.launcher_action == "kept" and launcher_path(env).is_file()
    assert (chrome_dir(env) / HOST_FILE).is_file()


def test_uninstall_on_windows_deletes_only_our_keys(tmp_path: Path) -> None:
    env = fake_env(tmp_path, "windows")
    (home(env) / "AppData/Roaming/Mozilla/Firefox").mkdir(parents=True)
    (home(env) / "AppData/Local/Microsoft/Edge/User Data").mkdir(parents=True)
    install(env=env)
    registry = env.registry
    assert isinstance(registry, MemoryRegistry)
    foreign = r"HKCU\Software\Mozilla\NativeMessagingHosts\com.example.other"
    registry.write_default(foreign, r"C:\other.json")

    uninstall(env=env)

    assert registry.values == {foreign.lower(): r"C:\other.json"}
    assert not list((env.data_dir / "native-messaging").rglob("*.json"))


def test_windows_uninstall_keeps_a_manifest_another_key_still_names(tmp_path: Path) -> None:
    """Chromium's and Edge's keys point to the same chromium-family manifest file."""
    env = fake_env(tmp_path, "windows")
    (home(env) / "AppData/Local/Chromium/User Data").mkdir(parents=True)
    (home(env) / "AppData/Local/Microsoft/Edge/User Data").mkdir(parents=True)
    install(env=env)

    uninstall(browsers=["edge"], env=env)

    [chromium] = status("user", ["chromium"], env=env)
    assert chromium.correct, chromium.problems
    [edge] = status("user", ["edge"], env=env)
    assert not edge.registered


def test_uninstall_keeps_a_folder_shared_with_an_installed_browser(tmp_path: Path) -> None:
    """On macOS Brave reads Chrome's folder: removing Brave must not break Chrome."""
    env = fake_env(tmp_path, "macos")
    support = home(env) / "Library/Application Support"
    (support / "Google/Chrome").mkdir(parents=True)
    (support / "BraveSoftware/Brave-Browser").mkdir(parents=True)
    report = install(env=env)
    assert actions(report)["brave-macos-user"] == "created"
    assert "shared with Google Chrome" in next(
        o.detail for o in report.outcomes if o.row.id == "brave-macos-user"
    )

    kept = uninstall(browsers=["brave"], env=env)

    assert actions(kept)["brave-macos-user"] == "kept"
    assert (support / "Google/Chrome/NativeMessagingHosts" / HOST_FILE).is_file()
    assert actions(uninstall(env=env))["chrome-macos-user"] == "removed"


def test_system_scope_writes_under_the_system_root(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (env.root / "usr/lib/chromium").mkdir(parents=True)

    report = install("system", env=env)

    assert actions(report)["chromium-linux-system"] == "created"
    manifest = env.root / "etc/chromium/native-messaging-hosts" / HOST_FILE
    assert oct(manifest.stat().st_mode & 0o777) == oct(0o644)
    assert actions(uninstall("system", env=env))["chromium-linux-system"] == "removed"


def test_a_permission_error_is_reported_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root here, so a read-only /etc is simulated at the write call."""
    env = fake_env(tmp_path)
    (env.root / "usr/lib/chromium").mkdir(parents=True)
    (env.root / "usr/lib/firefox").mkdir(parents=True)

    def refuse(path: Path, text: str, mode: int) -> str:
        if "chromium" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return write_file(path, text, mode)

    monkeypatch.setattr(installer, "write_file", refuse)
    report = install("system", env=env)

    assert report.failed
    failed = next(o for o in report.outcomes if o.action == "failed")
    assert failed.row.id == "chromium-linux-system"
    assert "Permission denied" in failed.detail and "needs root (sudo)" in failed.detail
    assert actions(report)["firefox-linux-system"] == "created"


# --- status and doctor ------------------------------------------------------------------


def doctor_row(env: Env, browser: str, scope: str = "user") -> dict[str, object]:
    [row] = [r for r in doctor_rows(env) if r["browser"] == browser and r["scope"] == scope]
    return row


def test_doctor_rows_say_what_is_wrong_and_how_to_fix_it(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    (home(env) / ".mozilla/firefox").mkdir(parents=True)
    install(browsers=["chrome"], env=env)

    rows = doctor_rows(env)
    assert all(set(row) == DOCTOR_KEYS for row in rows)
    chrome = doctor_row(env, "Google Chrome")
    assert chrome["ok"] and chrome["detected"] and chrome["registered"]
    assert chrome["path"] == str(chrome_dir(env) / HOST_FILE)
    firefox = doctor_row(env, "Firefox")
    assert not firefox["ok"] and not firefox["registered"]
    assert firefox["fix"] == "Run `metanet install --browser firefox`."
    edge = doctor_row(env, "Microsoft Edge")
    assert edge["ok"] and not edge["detected"] and edge["problem"] is None

    launcher_path(env).unlink()
    chrome = doctor_row(env, "Google Chrome")
    assert not chrome["ok"] and "does not exist" in str(chrome["problem"])
    assert "metanet install --browser chrome" in str(chrome["fix"])


def test_doctor_notices_wrong_origins(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/google-chrome").mkdir(parents=True)
    install(env=env)
    manifest = chrome_dir(env) / HOST_FILE
    content = json.loads(manifest.read_text())
    content["allowed_origins"] = ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"]
    manifest.write_text(json.dumps(content))

    [chrome] = [s for s in status("user", ["chrome"], env=env) if s.row.variant == "native"]

    assert chrome.registered and not chrome.correct
    assert "allowed_origins" in chrome.problems[0]
    assert "allowed_origins" in str(doctor_row(env, "Google Chrome")["problem"])


def test_doctor_accepts_a_system_wide_registration(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".config/chromium").mkdir(parents=True)
    (env.root / "usr/lib/chromium").mkdir(parents=True)
    install("system", env=env)

    assert doctor_row(env, "Chromium")["ok"]


def test_doctor_warns_about_flatpak_sandboxes(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    (home(env) / ".var/app/org.mozilla.firefox").mkdir(parents=True)
    install(env=env)

    flatpak = doctor_row(env, "Firefox (Flatpak)")

    assert flatpak["registered"] and not flatpak["ok"]
    assert "sandbox" in str(flatpak["problem"])
    assert "flatpak override --user --talk-name=org.freedesktop.Flatpak org.mozilla.firefox" in str(
        flatpak["fix"]
    )


def test_doctor_report_reads_the_real_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    (tmp_path / ".config/chromium").mkdir(parents=True)

    rows = doctor_report()

    [chromium] = [r for r in rows if r["browser"] == "Chromium" and r["scope"] == "user"]
    assert chromium["detected"] and not chromium["registered"] and not chromium["ok"]


# --- install_into -----------------------------------------------------------------------


def test_install_into_an_explicit_folder(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    folder = tmp_path / "profile/NativeMessagingHosts"

    path = install_into(folder, "chromium", env=env)

    assert path == folder / HOST_FILE
    content = json.loads(path.read_text())
    assert content["allowed_origins"] == CHROME_ORIGINS
    assert content["path"] == str(launcher_path(env))
    assert os.access(content["path"], os.X_OK)
    assert json.loads(install_into(folder, "firefox", env=env).read_text())[
        "allowed_extensions"
    ] == ["metanet@metanet.app"]
    with pytest.raises(UnknownBrowser):
        install_into(folder, "netscape", env=env)


def test_install_into_with_the_plain_signature_uses_metanet_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("METANET_HOME", str(data))

    path = install_into(tmp_path / "udd/NativeMessagingHosts", "chromium")

    host = Path(json.loads(path.read_text())["path"])
    assert host == data / "bin/metanet-host"
    assert f"METANET_HOME={data}" in host.read_text()


# --- the real registry and the CLI ------------------------------------------------------


def test_the_real_registry_refuses_to_run_off_windows() -> None:
    with pytest.raises(RegistryError, match="only on Windows"):
        WindowsRegistry().read_default(r"HKCU\Software\Google")


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PATH", str(tmp_path / "emptybin"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return tmp_path / "home"


def test_cli_install_and_uninstall_say_what_they_did(cli_home: Path) -> None:
    (cli_home / ".config/chromium").mkdir(parents=True)
    runner = CliRunner()

    result = runner.invoke(install_command, [])
    assert result.exit_code == 0, result.output
    manifest = cli_home / ".config/chromium/NativeMessagingHosts" / HOST_FILE
    assert f"Chromium: wrote {manifest} (created)." in result.output
    assert "Not found on this computer, skipped: Google Chrome" in result.output

    result = runner.invoke(install_command, ["--json", "--browser", "chromium"])
    document = json.loads(result.output)
    assert [(r["variant"], r["action"]) for r in document["results"]] == [
        ("native", "unchanged"),
        ("flatpak", "skipped"),
    ]

    result = runner.invoke(uninstall_command, [])
    assert result.exit_code == 0
    assert f"Chromium: removed {manifest}." in result.output
    assert not manifest.exists()


def test_cli_install_fails_when_no_browser_is_found(cli_home: Path) -> None:
    result = CliRunner().invoke(install_command, [])

    assert result.exit_code == 1
    assert "No supported browser was found" in result.output


def test_cli_reports_an_unsafe_launcher_folder_as_an_error(cli_home: Path, tmp_path: Path) -> None:
    (cli_home / ".config/chromium").mkdir(parents=True)
    (tmp_path / "data/bin").mkdir(parents=True)
    (tmp_path / "data/bin").chmod(0o777)

    result = CliRunner().invoke(install_command, [])

    assert result.exit_code == 1
    assert "refusing to register the host" in result.output


@pytest.mark.parametrize("command", [install_command, uninstall_command])
def test_cli_help_has_an_example(command: click.Command) -> None:
    result = CliRunner().invoke(command, ["--help"])

    assert result.exit_code == 0
    assert "Example:" in result.output and "--system" in result.output
