"""A fake machine for the installer's tests, in a temporary folder.

Its Windows registry is a MemoryRegistry: the real one cannot run on this Linux machine.
"""

from pathlib import Path

from metanet.nativehost.environment import Env
from metanet.nativehost.registry import MemoryRegistry


def fake_env(tmp_path: Path, os_name: str = "linux") -> Env:
    """A machine of ``os_name`` inside tmp_path: its own HOME, root, PATH and registry."""
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "bin").mkdir()
    variables = {"HOME": str(home), "PATH": str(tmp_path / "bin")}
    if os_name == "windows":
        variables |= {
            "LOCALAPPDATA": str(home / "AppData/Local"),
            "APPDATA": str(home / "AppData/Roaming"),
            "PROGRAMDATA": str(tmp_path / "ProgramData"),
            "PROGRAMFILES": str(tmp_path / "Program Files"),
            "PROGRAMFILES(X86)": str(tmp_path / "Program Files (x86)"),
        }
    return Env(
        os=os_name,
        vars=variables,
        data_dir=tmp_path / "data",
        root=tmp_path / "root",
        registry=MemoryRegistry(),
    )
