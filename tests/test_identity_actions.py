"""The popup's "Same person as …?": the ``suggestions`` and ``same_person`` actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from metanet import sites
from metanet.actions import HostContext
from metanet.host import handle
from metanet.i18n import texts, words
from metanet.identity import resolve_all
from metanet.model import AccountRecord

XING = "https://www.xing.com/profile/Anna_Schmidt"
LINKEDIN = "https://www.linkedin.com/in/anna-schmidt-bosch/"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HostContext:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    context = HostContext()
    for url in (XING, LINKEDIN):
        ref = sites.normalise(url)
        assert ref is not None
        context.store.upsert_account(
            AccountRecord(ref.network, ref.key, url, name="Anna Schmidt", company="Bosch")
        )
    resolve_all(context.store)
    return context


def ask(ctx: HostContext, **request: Any) -> dict[str, Any]:
    return handle(ctx, {"id": 1, **request})


def test_suggestions_for_the_profile_in_the_tab(ctx: HostContext) -> None:
    reply = ask(ctx, action="suggestions", url=XING + "?trk=x")
    assert reply["ok"], reply
    [item] = reply["result"]["suggestions"]
    assert item["other"]["profile_url"] == LINKEDIN and "both at Bosch" in texts.reasons(
        words("en"), item["reasons"]
    )
    unknown = ask(ctx, action="suggestions", url="https://www.xing.com/profile/Nobody")
    assert unknown["result"] == {"known": False, "person": None, "suggestions": []}


def test_same_person_confirm_and_reject(ctx: HostContext) -> None:
    other = ask(ctx, action="suggestions", url=XING)["result"]["suggestions"][0]["other"]
    rejected = ask(ctx, action="same_person", url=XING, other_person_id=other["person_id"],
                   decision="reject")  # fmt: skip
    assert rejected["result"]["decision"] == "different"
    assert ask(ctx, action="suggestions", url=XING)["result"]["suggestions"] == []
    confirmed = ask(ctx, action="same_person", url=XING, other_person_id=other["person_id"],
                    decision="confirm")  # fmt: skip
    networks = {a["network"] for a in confirmed["result"]["person"]["accounts"]}
    assert networks == {"xing", "linkedin"}
    again = ask(ctx, action="same_person", url=XING, other_person_id=other["person_id"],
                decision="confirm")  # fmt: skip
    assert again["error"]["code"] == "not_found"  # merged: that person id is gone


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        ({"url": XING, "other_person_id": 2, "decision": "maybe"}, "bad_request"),
        ({"url": XING, "other_person_id": "2", "decision": "confirm"}, "bad_request"),
        ({"url": "https://www.xing.com/profile/Nobody", "other_person_id": 2,
          "decision": "confirm"}, "not_found"),
        ({"url": XING, "other_person_id": 999, "decision": "confirm"}, "not_found"),
    ],
)  # fmt: skip
def test_same_person_bad_requests(ctx: HostContext, request_: dict[str, Any], code: str) -> None:
    reply = ask(ctx, action="same_person", **request_)
    assert reply["error"]["code"] == code
