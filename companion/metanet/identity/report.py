"""What a resolution run reports (to importers, the CLI and the bench)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ResolveReport:
    """What one resolution run did."""

    accounts: int = 0
    merges: int = 0  # persons merged on exact evidence
    suggestions: int = 0  # open suggestions written
    conflicts: int = 0  # exact evidence held back because the names disagree
    splits: int = 0  # persons split off when an account showed its first name (.rejudge)
    seconds: float = 0.0
    merged_pairs: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("merged_pairs")
        return data
