"""The user's settings: a few named values (table ``settings``, migration m010).

They live in the database, so a backup carries them and a restore brings them back;
``metanet wipe`` removes them with everything else. Values are text; the service that
owns a setting gives it its type.
"""

from __future__ import annotations

from metanet.store.connection import Connection


class SettingsRows(Connection):
    """Reading and writing named settings."""

    def setting(self, key: str) -> str | None:
        value = self._sql.value("select value from settings where key = ?", [key])
        return None if value is None else str(value)

    def set_settings(self, values: dict[str, str | None]) -> None:
        """Set several settings in one transaction; None removes a setting."""
        with self.write():
            for key, value in values.items():
                if value is None:
                    self._sql.execute("delete from settings where key = ?", [key])
                else:
                    self._sql.execute(
                        "insert into settings (key, value) values (?, ?) "
                        "on conflict(key) do update set value = excluded.value",
                        [key, value],
                    )
