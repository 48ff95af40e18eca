"""The Windows registry, reduced to what native-messaging registration needs.

On Windows a browser finds a native host through a registry key whose default value is the
path of the manifest file (Chrome, Edge and Firefox documentation alike). The installer only
ever reads, writes and deletes such default values, so the interface is three methods. The
real implementation imports ``winreg`` on first use because that module exists only on
Windows; :class:`MemoryRegistry` stands in for it everywhere else, including the tests.

Keys are written in full with their hive, e.g.
``HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\metanet.companion``.
"""

from __future__ import annotations

import sys
from typing import Protocol

HIVES = ("HKCU", "HKLM")


class RegistryError(RuntimeError):
    """A registry operation failed or is impossible on this machine."""


class Registry(Protocol):
    """Default values of registry keys."""

    def read_default(self, key: str) -> str | None:
        """The key's default value, or None if the key does not exist."""
        ...

    def write_default(self, key: str, value: str) -> None:
        """Create the key if needed and set its default value."""
        ...

    def delete(self, key: str) -> bool:
        """Delete the key (not its parents); False if it did not exist."""
        ...


def split_key(key: str) -> tuple[str, str]:
    """``"HKCU\\Software\\X"`` → ``("HKCU", "Software\\X")``."""
    hive, _, subkey = key.partition("\\")
    if hive not in HIVES or not subkey:
        raise RegistryError(f"not a HKCU or HKLM registry key: {key!r}")
    return hive, subkey


class MemoryRegistry:
    """A registry held in a dict: for tests and dry runs, never touches Windows.

    Like the real registry it ignores case in key names.
    """

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def read_default(self, key: str) -> str | None:
        split_key(key)
        return self.values.get(key.lower())

    def write_default(self, key: str, value: str) -> None:
        split_key(key)
        self.values[key.lower()] = value

    def delete(self, key: str) -> bool:
        split_key(key)
        return self.values.pop(key.lower(), None) is not None


class WindowsRegistry:
    """The real registry through ``winreg`` (Windows only)."""

    def read_default(self, key: str) -> str | None:
        if sys.platform != "win32":
            raise RegistryError("the Windows registry exists only on Windows")
        import winreg

        hive, subkey = split_key(key)
        try:
            with winreg.OpenKey(_hive(hive), subkey) as handle:
                value, _kind = winreg.QueryValueEx(handle, "")
        except FileNotFoundError:
            return None
        return str(value)

    def write_default(self, key: str, value: str) -> None:
        if sys.platform != "win32":
            raise RegistryError("the Windows registry exists only on Windows")
        import winreg

        hive, subkey = split_key(key)
        with winreg.CreateKeyEx(_hive(hive), subkey, 0, winreg.KEY_WRITE) as handle:
            winreg.SetValueEx(handle, "", 0, winreg.REG_SZ, value)

    def delete(self, key: str) -> bool:
        if sys.platform != "win32":
            raise RegistryError("the Windows registry exists only on Windows")
        import winreg

        hive, subkey = split_key(key)
        try:
            winreg.DeleteKey(_hive(hive), subkey)
        except FileNotFoundError:
            return False
        return True


def _hive(name: str) -> int:
    if sys.platform != "win32":
        raise RegistryError("the Windows registry exists only on Windows")
    import winreg

    return winreg.HKEY_CURRENT_USER if name == "HKCU" else winreg.HKEY_LOCAL_MACHINE
