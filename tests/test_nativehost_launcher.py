"""The host launcher: its text, its permissions, and that it really runs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from metanet.nativehost.environment import Env
from metanet.nativehost.launcher import launcher_path, render_launcher, write_launcher

ORIGIN = "chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/"


def env_for(tmp_path: Path, metanet_home: str | None = None, os_name: str = "linux") -> Env:
    variables = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    if metanet_home is not None:
        variables["METANET_HOME"] = metanet_home
    return Env(os=os_name, vars=variables, data_dir=tmp_path / "data")


def test_posix_launcher_execs_python_with_the_arguments() -> None:
    text = render_launcher("linux", "/opt/py env/bin/python3", None)

    lines = text.splitlines()
    assert lines[0] == "#!/bin/sh"
    assert lines[-1] == "exec '/opt/py env/bin/python3' -m metanet host \"$@\""
    assert "METANET_HOME" not in text


def test_posix_launcher_bakes_in_metanet_home_safely_quoted() -> None:
    text = render_launcher("macos", "/usr/bin/python3", "/data/it's $HOME")

    assert "METANET_HOME='/data/it'\"'\"'s $HOME'\nexport METANET_HOME\n" in text


def test_windows_launcher_is_a_batch_file() -> None:
    text = render_launcher("windows", r"C:\Python311\python.exe", r"C:\Users\a\100%\metanet")

    assert text.startswith("@echo off\r\n")
    assert 'set "METANET_HOME=C:\\Users\\a\\100%%\\metanet"\r\n' in text
    assert text.endswith('"C:\\Python311\\python.exe" -m metanet host %*\r\n')


def test_written_launcher_is_executable_and_writable_only_by_its_owner(tmp_path: Path) -> None:
    env = env_for(tmp_path)

    path, action = write_launcher(env)

    assert action == "created"
    assert path == tmp_path / "data/bin/metanet-host" == launcher_path(env)
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o755
    assert not mode & (stat.S_IWGRP | stat.S_IWOTH)
    assert os.access(path, os.X_OK)
    assert f"exec {sys.executable} -m metanet host" in path.read_text()
    assert write_launcher(env) == (path, "unchanged")


def test_windows_launcher_gets_a_bat_name(tmp_path: Path) -> None:
    assert launcher_path(env_for(tmp_path, os_name="windows")).name == "metanet-host.bat"


def test_launcher_passes_the_origin_and_metanet_home_to_the_interpreter(tmp_path: Path) -> None:
    """Run the launcher for real, with a stand-in interpreter that records how it was called."""
    record = tmp_path / "record.txt"
    fake_python = tmp_path / "fake python"
    fake_python.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$METANET_HOME" "$@" > \'{record}\'\n', encoding="utf-8"
    )
    fake_python.chmod(0o755)
    path, _ = write_launcher(env_for(tmp_path, "/srv/metanet data"), python=str(fake_python))

    # The browser's environment: no METANET_HOME of its own.
    result = subprocess.run([path, ORIGIN], env={"PATH": "/usr/bin:/bin"}, check=False)

    assert result.returncode == 0
    assert record.read_text().splitlines() == [
        "/srv/metanet data",
        "-m",
        "metanet",
        "host",
        ORIGIN,
    ]


def test_launcher_starts_the_real_metanet_host(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path, _ = write_launcher(env_for(tmp_path, str(data)))

    result = subprocess.run(
        [path, "--help"],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "host" in result.stdout


@pytest.mark.parametrize("mode", [0o775, 0o757])
def test_rewriting_fixes_a_launcher_others_could_write(tmp_path: Path, mode: int) -> None:
    env = env_for(tmp_path)
    path, _ = write_launcher(env)
    path.chmod(mode)

    assert write_launcher(env) == (path, "updated")
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


@pytest.mark.parametrize(
    ("os_name", "where"),
    [("linux", "root/usr/local/lib/metanet/metanet-host"),
     ("macos", "root/usr/local/lib/metanet/metanet-host"),
     ("windows", "ProgramData/metanet/metanet-host.bat")],
)  # fmt: skip
def test_a_system_install_puts_the_launcher_where_every_account_reaches_it(
    tmp_path: Path, os_name: str, where: str
) -> None:
    variables = {"HOME": str(tmp_path / "home"), "METANET_HOME": "/home/me/.metanet",
                 "PROGRAMDATA": str(tmp_path / "ProgramData")}  # fmt: skip
    env = Env(os=os_name, vars=variables, data_dir=tmp_path / "data", root=tmp_path / "root")
    path, _ = write_launcher(env, scope="system")
    assert path == tmp_path / where == launcher_path(env, "system")
    assert "/home/me/.metanet" not in path.read_text()  # each user keeps their own data
    user, _ = write_launcher(env)
    assert "/home/me/.metanet" in user.read_text()
