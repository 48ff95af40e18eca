"""Fill a database with the bundled demo network (``demo/data/network.json``).

The file is Metanet's own small description of people, accounts, ties and offline
relations; it is recorded as an import so every tie keeps its evidence, like real data.
Its sample pages go through the real capture pipeline, parsers included.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

from metanet import sites
from metanet.identifiers import normalise_email, normalise_phone
from metanet.identity.me import set_me
from metanet.identity.persons import Merge, merge_persons
from metanet.model import AccountRecord
from metanet.reasons import encode
from metanet.services.pages import capture
from metanet.store import Store, now

DEMO_FORMAT = "metanet-demo"


def demo_data() -> Any:
    return resources.files("metanet.demo").joinpath("data")


def _account_record(spec: dict[str, Any], name: str) -> AccountRecord:
    ref = sites.normalise(spec["profile_url"]) if spec.get("profile_url") else None
    network, key = (
        (ref.network, ref.key)
        if ref and ref.network == spec["network"]
        else (spec["network"], spec["key"])
    )
    return AccountRecord(
        network,
        key,
        spec["profile_url"],
        name=name,
        headline=spec.get("headline"),
        company=spec.get("company"),
        role=spec.get("role"),
        location=spec.get("location"),
        emails=[e for e in map(normalise_email, spec.get("emails", [])) if e],
        phones=[p for p in map(normalise_phone, spec.get("phones", [])) if p],
        same_as=spec.get("links", []),
    )


def _load_people(store: Store, people: list[dict[str, Any]], import_id: int) -> dict[str, Any]:
    """Create each person; returns id → {"person": pid, "accounts": {network: account id}}."""
    seen = now()
    index: dict[str, Any] = {}
    for spec in people:
        if spec.get("offline"):
            pid = store.add_offline_person(spec["name"], note=spec.get("note"))
            index[spec["id"]] = {"person": pid, "accounts": {}}
            continue
        accounts: dict[str, int] = {}
        for acc in spec["accounts"]:
            record = _account_record(acc, spec["name"])
            accounts[acc["network"]] = store.upsert_account(
                record, seen_at=seen, import_id=import_id
            )
        pids = [int(store.account_by_id(a)["person_id"]) for a in accounts.values()]
        why = encode([{"code": "demo_data"}])
        merge_persons(store, [Merge(pids[0], other, why, "import", None) for other in pids[1:]])
        if spec.get("me"):
            set_me(store, next(iter(accounts.values())))
        index[spec["id"]] = {"person": pids[0], "accounts": accounts}
    return index


def load(store: Store) -> dict[str, Any]:
    """Load the demo network and capture its sample pages; returns what was stored."""
    folder = demo_data()
    raw = folder.joinpath("network.json").read_bytes()
    data = json.loads(raw)
    with store.write():
        import_id = store.add_import(
            {
                "filename": "network.json",
                "format": DEMO_FORMAT,
                "sha256": hashlib.sha256(raw).hexdigest(),
                "imported_at": now(),
                "outcome": "stored",
            }
        )
        index = _load_people(store, data["people"], import_id)
        for tie in data["ties"]:
            store.add_tie(
                index[tie["a"]]["accounts"][tie["network"]],
                index[tie["b"]]["accounts"][tie["network"]],
                network=tie["network"],
                kind=tie["kind"],
                directed=False,
                import_id=import_id,
            )
        for rel in data["relations"]:
            store.relate(
                index[rel["a"]]["person"],
                index[rel["b"]]["person"],
                rel["label"],
                strength=rel.get("strength"),
                source="import",
            )
        store.update_import(
            import_id,
            {
                "accounts_seen": store.counts()["accounts"],
                "ties_seen": len(data["ties"]) + len(data["relations"]),
            },
        )
    captures = [
        capture(
            store,
            page["url"],
            folder.joinpath(page["file"]).read_text(encoding="utf-8"),
            page.get("title"),
        ).as_dict()
        for page in data["pages"]
    ]
    return {"about": data["about"], "index": index, "captures": captures}
