"""Host actions for the extension's options page: ``me``/``me_add`` and ``keep_raw``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet import actions
from metanet.host import handle
from metanet.protocol import BadRequest
from tests.db_support import raw

PROFILE = "<html><head><title>Jana | LinkedIn</title></head><body><h1>Jana</h1></body></html>"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[actions.HostContext]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    context = actions.HostContext()
    yield context
    context.close()


def test_me_is_null_until_an_account_is_declared(ctx: actions.HostContext) -> None:
    assert actions.ACTIONS["me"](ctx, {}) == {"person": None}
    result = actions.ACTIONS["me_add"](
        ctx, {"url": "https://de.linkedin.com/in/jana-example/?trk=x"}
    )
    assert (result["network"], result["key"]) == ("linkedin", "jana-example")
    assert result["person"]["is_me"] is True
    assert [a["key"] for a in result["person"]["accounts"]] == ["jana-example"]
    assert actions.ACTIONS["me"](ctx, {})["person"]["id"] == result["person_id"]


@pytest.mark.parametrize("url", ["", "not a url", 7])
def test_me_add_refuses_what_is_not_a_profile(ctx: actions.HostContext, url: object) -> None:
    reply = handle(ctx, {"id": 1, "action": "me_add", "url": url})
    assert reply["error"]["code"] == "bad_request"


def test_keep_raw_false_stores_the_size_but_not_the_page(ctx: actions.HostContext) -> None:
    url = "https://www.linkedin.com/in/jana-example/"
    kept = actions.capture(ctx, {"url": url, "html": PROFILE})
    dropped = actions.capture(ctx, {"url": url, "html": PROFILE, "keep_raw": False})
    assert ctx.store.capture_html(kept["capture_id"]) == PROFILE
    assert ctx.store.capture_html(dropped["capture_id"]) == ""
    row = raw(ctx.store).table("captures").get(dropped["capture_id"])
    assert row["size"] == len(PROFILE.encode())
    assert dropped["outcome"] == kept["outcome"]


def test_keep_raw_must_be_a_boolean(ctx: actions.HostContext) -> None:
    with pytest.raises(BadRequest):
        actions.capture(ctx, {"url": "https://example.org/", "html": "", "keep_raw": "no"})
