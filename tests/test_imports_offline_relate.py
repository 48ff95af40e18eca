"""The host action ``relate``: the popup's "I know this person offline as …" (issue 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.actions import ACTIONS, HostContext
from metanet.host import handle
from tests.db_support import raw

URL = "https://de.linkedin.com/in/katharina-berger/?trk=x"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HostContext]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    context = HostContext()
    yield context
    context.close()


def relate(ctx: HostContext, **request: Any) -> Any:
    return ACTIONS["relate"](ctx, {"id": 1, "action": "relate", **request})


def test_relates_me_to_an_uncaptured_profile(ctx: HostContext) -> None:
    result = relate(ctx, url=URL, label="golf partner", name="Dr. Katharina Berger", strength=0.8)
    person = result["person"]
    assert person["name"] == "Dr. Katharina Berger"
    assert [(a["network"], a["key"]) for a in person["accounts"]] == [
        ("linkedin", "katharina-berger")
    ]
    me = ctx.store.me()
    assert me is not None
    ties = ctx.store.person_ties(int(me["id"]))
    assert [(t["other"], t["kind"], t["network"]) for t in ties] == [
        (person["id"], "golf partner", "offline")
    ]
    relation = raw(ctx.store).table("relations").get(result["relation_id"])
    assert relation["strength"] == 0.8


def test_same_profile_again_updates_the_relation(ctx: HostContext) -> None:
    first = relate(ctx, url=URL, label="neighbour")
    second = relate(ctx, url="https://www.linkedin.com/in/katharina-berger", label="neighbour",
                    strength=0.3)  # fmt: skip
    assert first["person"]["id"] == second["person"]["id"]
    assert raw(ctx.store).table("relations").count == 1
    another = relate(ctx, url=URL, label="met at the Rotary club in Starnberg")
    assert raw(ctx.store).table("relations").count == 2
    assert another["label"] == "met at the Rotary club in Starnberg"


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"label": "neighbour"}, "'url' must be a non-empty string"),
        ({"url": URL}, "'label' must be a non-empty string"),
        ({"url": URL, "label": "  "}, "'label' must be a non-empty string"),
        ({"url": URL, "label": "x", "strength": 2}, "'strength' must be a number from 0 to 1"),
        ({"url": URL, "label": "x", "strength": True}, "'strength' must be a number"),
        ({"url": "mailto:a@b.c", "label": "x"}, "not a profile address"),
    ],
)
def test_bad_requests_store_nothing(
    ctx: HostContext, request_args: dict[str, Any], message: str
) -> None:
    reply = handle(ctx, {"id": 1, "action": "relate", **request_args})
    assert reply["error"]["code"] == "bad_request"
    assert re.search(message, reply["error"]["message"])
    assert raw(ctx.store).table("relations").count == 0
    assert raw(ctx.store).table("accounts").count == 0
