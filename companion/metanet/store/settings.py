"""The user's settings (table ``settings``): a few named values, such as the region phone
numbers without a country code are read in, and what was last done with them."""

from __future__ import annotations

from metanet.store.connection import Connection


class SettingsRows(Connection):
    """Named values the user chose, or that record what was done with them."""

    def setting(self, name: str) -> str | None:
        value = self._sql.value("select value from settings where name = ?", [name])
        return None if value is None else str(value)

    def set_setting(self, name: str, value: str | None) -> None:
        """Save ``value`` under ``name``; None removes the setting."""
        with self.write():
            if value is None:
                self._sql.execute("delete from settings where name = ?", [name])
            else:
                self._sql.insert("settings", {"name": name, "value": value}, replace=True)
