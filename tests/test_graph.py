"""One person graph: ``metanet person``, the host's ``lookup`` (the popup) and the person
page say the same about whom someone knows — a one-way follow is not knowing, a follow
both ways is, and an offline relation is."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from click.testing import CliRunner

from metanet.cli import cli
from metanet.graph import counted_ties, via
from metanet.identity.me import set_me
from metanet.model import AccountRecord
from metanet.store import Store
from tests.host_support import HostProcess
from tests.web_support import Client, api, page

pytest_plugins = ("tests.web_fixtures",)  # the web_* fixtures

TARGET = "https://x.com/target"


def x(handle: str) -> AccountRecord:
    return AccountRecord("x", handle, f"https://x.com/{handle}", name=handle.title())


def build(home: Path) -> dict[str, int]:
    """target: followed by fan (one way), follows and is followed by pal (both ways),
    a LinkedIn contact of colleague, and golf partner of carl (offline)."""
    with Store(home / "metanet.db") as store:
        ids = {h: store.upsert_account(x(h)) for h in ("me", "target", "fan", "pal")}
        set_me(store, ids["me"])
        colleague = store.upsert_account(
            AccountRecord("linkedin", "colleague", "https://www.linkedin.com/in/colleague/",
                          name="Colleague")
        )  # fmt: skip
        target_li = store.upsert_account(
            AccountRecord("linkedin", "target", "https://www.linkedin.com/in/target/")
        )
        store.add_tie(ids["fan"], ids["target"], network="x", kind="follows", directed=True)
        store.add_tie(ids["pal"], ids["target"], network="x", kind="follows", directed=True)
        store.add_tie(ids["target"], ids["pal"], network="x", kind="follows", directed=True)
        store.add_tie(ids["me"], ids["pal"], network="x", kind="follows", directed=True)
        store.add_tie(ids["pal"], ids["me"], network="x", kind="follows", directed=True)
        store.add_tie(target_li, colleague, network="linkedin", kind="contact", directed=False)
        person = {k: int(store.account_by_id(v)["person_id"]) for k, v in ids.items()}
        li_person = int(store.account_by_id(target_li)["person_id"])
        from metanet.identity.persons import Merge, merge_persons

        merge_persons(store, [Merge(person["target"], li_person, "test", "test", None)])
        person["colleague"] = int(store.account_by_id(colleague)["person_id"])
        person["carl"] = store.add_offline_person("Carl")
        store.relate(person["carl"], person["target"], "golf partner")
        return person


def as_set(entries: list[dict[str, Any]], key: str = "person_id") -> set[tuple[int, str]]:
    def place(p: dict[str, str]) -> str:
        return f"{p['network']}: {p['label']}" if "label" in p else p["network"]

    return {(int(e[key]), "; ".join(map(place, e["via"]))) for e in entries}


async def test_cli_popup_and_person_page_know_the_same_people(
    web_home: Path, web_client: Client
) -> None:
    person = build(web_home)
    expected = {
        (person["pal"], "x"),
        (person["colleague"], "linkedin"),
        (person["carl"], "offline: golf partner"),
    }  # not the fan: following someone is not knowing them

    cli_result = CliRunner().invoke(cli, ["person", TARGET, "--json"], catch_exceptions=False)
    assert cli_result.exit_code == 0, cli_result.output
    from_cli = json.loads(cli_result.output)["knows"]

    host = HostProcess(web_home)
    try:
        reply = host.ask({"id": 1, "action": "lookup", "url": TARGET})
    finally:
        host.close()
    assert reply["ok"], reply
    from_popup = reply["result"]["knows"]
    assert reply["result"]["knows_total"] == 3

    from_page = (await api(web_client, f"/api/people/{person['target']}"))["knows"]
    html = await page(web_client, f"/people/{person['target']}")
    listed = set(re.findall(r'<td><a href="/people/(\d+)">', html))

    assert as_set(from_cli) == expected
    assert as_set(from_popup) == expected
    assert as_set(from_page, key="id") == expected
    assert listed == {str(pid) for pid, _ in expected}
    assert [e["person_id"] for e in from_cli] == [e["person_id"] for e in from_popup]
    assert [e["strength"] for e in from_cli] == [e["strength"] for e in from_page]


def test_a_follow_counts_only_both_ways_and_once() -> None:
    src = np.array([1, 2, 1, 3, 4, 5])
    dst = np.array([2, 1, 3, 1, 5, 4])
    directed = np.array([1, 1, 1, 0, 1, 1])
    network = np.array([7, 7, 7, 9, 7, 8])
    # 1→2 and 2→1 on one network: once; 1→3 alone: no; 3-1 undirected: yes;
    # 4→5 and 5→4 on two different networks: neither
    assert counted_ties(src, dst, directed, network).tolist() == [
        True, False, False, True, False, False,
    ]  # fmt: skip


def test_via_lists_networks_by_name_then_offline_relations() -> None:
    assert via(["xing", "offline", "linkedin"], ["neighbour"]) == [
        {"network": "linkedin"},
        {"network": "xing"},
        {"network": "offline", "label": "neighbour"},
    ]
