"""Your own card: which of your accounts' facts each preset shows (``card_choices``).

One row per preset ("partners", "everyone"), its choices as JSON: network → the facts
shown (``metanet/card.py`` says what they mean). Nothing here leaves the computer: the
card is made on request and exported only by the user.
"""

from __future__ import annotations

import json
from typing import Any

from metanet.store.connection import Connection, now


class CardRows(Connection):
    """Row operations on the user's card choices."""

    def card_choices(self, preset: str) -> dict[str, list[str]] | None:
        """The saved choices of a preset, or None when the user never chose."""
        text = self._sql.value("select choices from card_choices where preset = ?", [preset])
        if text is None:
            return None
        found: Any = json.loads(text)
        return {str(k): [str(f) for f in v] for k, v in found.items()}

    def save_card_choices(self, preset: str, choices: dict[str, list[str]]) -> None:
        with self.write():
            self._sql.insert(
                "card_choices",
                {"preset": preset, "choices": json.dumps(choices, sort_keys=True),
                 "saved_at": now()},
                replace=True,
            )  # fmt: skip
