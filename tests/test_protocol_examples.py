"""Every example in docs/PROTOCOL.md is true: each request runs through the host's ``handle``
on the demo network, in the order the document gives, and its reply has the example's
outcome and the example's fields (the values are illustrative: ids, dates and paths differ).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.actions import ACTIONS, HostContext
from metanet.demo.seed import load
from metanet.host import handle
from metanet.model import AccountRecord
from metanet.store import Store

DOC = Path(__file__).resolve().parents[1] / "docs" / "PROTOCOL.md"
#: stands for "more of the same" in the examples' objects
ELLIPSIS = "…"


def examples() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(request, reply) pairs from the document's ```json blocks, in order."""
    decoder = json.JSONDecoder()
    pairs = []
    for block in re.findall(r"```json\n(.*?)```", DOC.read_text("utf-8"), re.S):
        values, at = [], 0
        text = block.strip()
        while at < len(text):
            value, end = decoder.raw_decode(text, at)
            values.append(value)
            at = end
            while at < len(text) and text[at].isspace():
                at += 1
        assert len(values) % 2 == 0, f"a request without its reply: {block[:60]}"
        pairs += list(zip(values[::2], values[1::2], strict=True))
    return pairs


def fields(example: Any, real: Any, where: str = "result") -> list[str]:
    """Where ``real`` lacks a field the example shows (an example may show fewer)."""
    if isinstance(example, dict) and isinstance(real, dict):
        missing = []
        for key, value in example.items():
            if key == ELLIPSIS:
                continue
            if key not in real:
                missing.append(f"{where}.{key}")
            elif real[key] is not None:
                missing += fields(value, real[key], f"{where}.{key}")
        return missing
    if isinstance(example, list) and isinstance(real, list) and example and real:
        return fields(example[0], real[0], f"{where}[0]")
    return []


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostContext]:
    home = tmp_path_factory.mktemp("protocol")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("METANET_HOME", str(home))
        with Store(home / "metanet.db") as store:
            load(store)
            # the same_person example needs Anna on XING beside her LinkedIn account
            store.upsert_account(
                AccountRecord(
                    "xing", "anna_schmidt", "https://www.xing.com/profile/Anna_Schmidt",
                    name="Anna Schmidt", company="Bosch",
                )
            )  # fmt: skip
            store.upsert_account(
                AccountRecord(
                    "linkedin", "anna-schmidt-bosch",
                    "https://www.linkedin.com/in/anna-schmidt-bosch/",
                    name="Anna Schmidt", company="Bosch",
                )
            )  # fmt: skip
        context = HostContext()
        yield context
        context.close()


def test_the_document_has_an_example_for_every_action() -> None:
    shown = {request.get("action") for request, _ in examples()}
    assert set(ACTIONS) <= shown


def test_every_example_is_what_the_host_answers(
    ctx: HostContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # open_summary would start a real `metanet serve`: its reply is what is checked here
    monkeypatch.setattr(
        "metanet.web.launcher.ensure_running",
        lambda port=None, next_page=None: "http://127.0.0.1:8765/login?…",
    )
    suggested: dict[str, int] = {}
    for request, reply in examples():
        sent = dict(request)
        if sent.get("action") == "same_person" and "other_person_id" in suggested:
            sent["other_person_id"] = suggested["other_person_id"]  # ids are illustrative
        real = handle(ctx, sent)
        assert real["ok"] == reply["ok"], (request, real)
        assert real["id"] == reply["id"]
        if not reply["ok"]:
            assert real["error"]["code"] == reply["error"]["code"], (request, real)
            assert fields(reply["error"], real["error"], "error") == [], request
            continue
        assert fields(reply["result"], real["result"]) == [], request
        if sent.get("action") == "suggestions" and real["result"]["suggestions"]:
            other = real["result"]["suggestions"][0]["other"]
            suggested["other_person_id"] = other["person_id"]
