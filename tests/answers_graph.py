"""A tiny builder of hand-made networks for the answers tests.

Ties are dated long ago by default so that the recency bonus stays out of the numbers
a test computes by hand; a test that wants it passes ``recent=True``.
"""

from __future__ import annotations

from pathlib import Path

from metanet.identity.me import set_me
from metanet.identity.persons import Merge, merge_persons
from metanet.model import AccountRecord
from metanet.store import Store

OLD = "2020-01-01T00:00:00+00:00"


class Net:
    """Persons by short name; accounts per (name, network)."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.person: dict[str, int] = {}
        self.account: dict[tuple[str, str], int] = {}

    def acc(self, name: str, network: str = "linkedin", **facts: str) -> int:
        key = (name, network)
        if key not in self.account:
            record = AccountRecord(
                network,
                f"{name.lower()}-{network}",
                f"https://www.{network}.com/in/{name.lower()}/",
                name=name.title(),
                **facts,  # type: ignore[arg-type]
            )
            self.account[key] = self.store.upsert_account(record, seen_at=OLD)
            person = int(self.store.account_by_id(self.account[key])["person_id"])
            if name in self.person and self.person[name] != person:
                # the same human on a second network: merge, as identity resolution would
                merge_persons(self.store, [Merge(self.person[name], person, "test", "test", None)])
            else:
                self.person[name] = person
        return self.account[key]

    def me(self, *networks: str) -> None:
        for network in networks or ("linkedin",):
            set_me(self.store, self.acc("me", network))

    def tie(self, a: str, b: str, network: str = "linkedin", *, recent: bool = False) -> None:
        kind = "friend" if network == "facebook" else "contact"
        self.store.add_tie(
            self.acc(a, network),
            self.acc(b, network),
            network=network,
            kind=kind,
            directed=False,
            seen_at=None if recent else OLD,
        )

    def offline(self, name: str) -> int:
        self.person[name] = self.store.add_offline_person(name.title())
        return self.person[name]

    def relate(self, a: str, b: str, label: str, strength: float | None = None) -> None:
        self.store.relate(self.person[a], self.person[b], label, strength=strength)
