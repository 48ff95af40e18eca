"""Fuzzing the native host: every bad frame gets an error reply or a clean exit.

The quick version runs in CI; `python bench/reliability.py fuzz` runs ≥ 100,000 frames.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metanet import host
from metanet.actions import HostContext
from metanet.protocol import MAX_REPLY_BYTES, encode
from tests.reliability import frames


def read_replies(data: bytes) -> list[dict[str, Any]]:
    """Split a host's stdout into replies, checking every frame on the way."""
    replies, offset = [], 0
    while offset < len(data):
        (length,) = struct.unpack("=I", data[offset : offset + 4])
        assert length <= MAX_REPLY_BYTES
        body = data[offset + 4 : offset + 4 + length]
        assert len(body) == length, "a reply frame was cut"
        reply = json.loads(body.decode("utf-8"))
        assert isinstance(reply, dict) and isinstance(reply.get("ok"), bool)
        assert reply["ok"] or isinstance(reply["error"]["code"], str)
        replies.append(reply)
        offset += 4 + length
    return replies


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = tmp_path_factory.mktemp("fuzz-home")
    old = os.environ.get("METANET_HOME")
    os.environ["METANET_HOME"] = str(home)
    context = HostContext()
    yield context
    context.close()
    if old is None:
        del os.environ["METANET_HOME"]
    else:
        os.environ["METANET_HOME"] = old


def run_in_process(ctx: HostContext, data: bytes) -> list[dict[str, Any]]:
    out = io.BytesIO()
    assert host.serve(io.BytesIO(data), out, ctx) == 0
    return read_replies(out.getvalue())


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=200))
def test_any_body_gets_exactly_one_reply(ctx: HostContext, body: bytes) -> None:
    data = struct.pack("=I", len(body)) + body + encode({"id": "after", "action": "ping"})
    replies = run_in_process(ctx, data)
    assert len(replies) == 2
    assert replies[-1]["id"] == "after" and replies[-1]["ok"] is True


def raw_encode(message: dict[str, Any]) -> bytes:
    """Frame anything Python's JSON writer can write, NaN and lone surrogates included."""
    body = json.dumps(message, allow_nan=True).encode()
    return struct.pack("=I", len(body)) + body


# text as JSON can carry it: any character, lone UTF-16 surrogates (category Cs) included
any_text = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    action=st.sampled_from(["ping", "capture", "lookup", "bogus"]) | json_values,
    args=st.dictionaries(st.sampled_from(["url", "html", "title", "id"]), json_values, max_size=4),
)
def test_any_request_object_gets_a_reply_with_its_id(
    ctx: HostContext, action: Any, args: dict[str, Any]
) -> None:
    message = {**args, "id": 42, "action": action}
    replies = run_in_process(ctx, raw_encode(message))
    assert len(replies) == 1
    assert replies[0]["id"] == 42 or replies[0]["error"]["code"] == "bad_request"
    if not replies[0]["ok"]:
        assert replies[0]["error"]["code"] != "internal", replies[0]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=60))
def test_a_stream_cut_anywhere_ends_cleanly(ctx: HostContext, cut: int) -> None:
    data = encode({"id": 1, "action": "ping"}) + encode(
        {"id": 2, "action": "lookup", "url": "https://example.org/x"}
    )
    cut_at = len(data) - cut if cut < len(data) else 1
    replies = run_in_process(ctx, data[:cut_at])
    assert all(r["ok"] for r in replies)


def test_real_host_survives_random_traffic(tmp_path: Path) -> None:
    """A seeded stream of 1,500 mixed frames through the real `metanet host` process."""
    data, owed = frames.stream(seed=20261128, count=1500)
    env = {**os.environ, "METANET_HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "metanet", "host"],
        input=data + encode({"id": "last", "action": "ping"}),
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert b"Traceback" not in proc.stderr
    replies = read_replies(proc.stdout)
    assert len(replies) == owed + 1
    assert replies[-1] == {"id": "last", "ok": True, "result": replies[-1]["result"]}
    internal = [r for r in replies if not r["ok"] and r["error"]["code"] == "internal"]
    assert internal == []
