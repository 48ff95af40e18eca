"""The real ``metanet host`` as a subprocess, spoken to in frames as a browser would."""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.host_support import HostProcess

PUBLIC_PROFILE = "linkedin/profile-public-2024-scoutr.html"
PROFILE_URL = "https://se.linkedin.com/in/eduardo-alvarez-nowak?trk=people-guest_people_search-card"
OUR_ORIGIN = "chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/"


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostProcess]:
    running = HostProcess(tmp_path, OUR_ORIGIN)
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.close()


def test_ping_capture_lookup_garbage_then_ping(
    host: HostProcess, tmp_path: Path, real_fixture: Any
) -> None:
    pong = host.ask({"id": 1, "action": "ping"})
    assert pong["ok"] is True and pong["id"] == 1
    assert pong["result"]["protocol"] == 1
    assert pong["result"]["database"] == str(tmp_path / "metanet.db")

    html = real_fixture(PUBLIC_PROFILE).read_text(encoding="utf-8")
    captured = host.ask(
        {"id": 2, "action": "capture", "url": PROFILE_URL, "title": "Eduardo", "html": html}
    )
    assert captured["ok"] is True, captured
    result = captured["result"]
    assert result["outcome"] == "stored"
    assert result["site"] == "linkedin" and result["kind"] == "profile"
    assert result["person"]["name"] == "Eduardo Alvarez Nowak"
    assert result["ties_seen"] == 0  # "people also viewed" are never ties

    # any form of the URL finds the same person
    for url in (
        "https://www.linkedin.com/in/eduardo-alvarez-nowak/",
        "https://de.linkedin.com/in/Eduardo-Alvarez-Nowak?originalSubdomain=se",
    ):
        found = host.ask({"id": 3, "action": "lookup", "url": url})
        assert found["ok"] is True
        assert found["result"]["known"] is True
        assert found["result"]["person"]["id"] == result["person"]["id"]

    # garbage: not JSON, not an object, a non-UTF-8 body, an unknown action, a bad request
    host.send_raw(struct.pack("=I", 8) + b"not json")
    assert host.read()["error"]["code"] == "bad_frame"
    host.send_raw(struct.pack("=I", 6) + b"[1, 2]")
    assert host.read()["error"]["code"] == "bad_frame"
    host.send_raw(struct.pack("=I", 3) + b"\xff\xfe\xfd")
    assert host.read()["error"]["code"] == "bad_frame"
    assert host.ask({"id": 4, "action": "fly"})["error"]["code"] == "unknown_action"
    assert host.ask({"id": 5})["error"]["code"] == "bad_request"
    bad_capture = host.ask({"id": 6, "action": "capture", "url": "file:///etc/passwd", "html": ""})
    assert bad_capture == {
        "id": 6,
        "ok": False,
        "error": {"code": "bad_request", "message": "only http and https pages can be captured"},
    }
    assert host.ask({"id": 7, "action": "lookup"})["error"]["code"] == "bad_request"

    # still alive
    assert host.ask({"id": 8, "action": "ping"})["ok"] is True
    assert host.close() == 0  # EOF ends it cleanly

    with sqlite3.connect(tmp_path / "metanet.db") as db:
        rows = db.execute(
            "select network, key, name from accounts where key = ?", ["eduardo-alvarez-nowak"]
        ).fetchall()
        assert rows == [("linkedin", "eduardo-alvarez-nowak", "Eduardo Alvarez Nowak")]
        assert db.execute("select count(*) from captures").fetchone() == (1,)


def test_a_captures_words_are_indexed_after_its_reply_before_the_next_request(
    host: HostProcess, tmp_path: Path, real_fixture: Any
) -> None:
    """The reply comes when the page and its people are stored and merged; their search
    words follow before the host reads the next frame (here a ping, which indexes nothing)."""
    html = real_fixture(PUBLIC_PROFILE).read_text(encoding="utf-8")
    captured = host.ask({"id": 1, "action": "capture", "url": PROFILE_URL, "html": html})
    assert captured["ok"] is True and captured["result"]["outcome"] == "stored", captured
    assert host.ask({"id": 2, "action": "ping"})["ok"] is True
    with sqlite3.connect(tmp_path / "metanet.db") as db:
        assert db.execute("select count(*) from account_words_pending").fetchone() == (0,)
        indexed = db.execute(
            "select count(*) from account_words_fts f join accounts a on a.id = f.rowid "
            "where a.key = 'eduardo-alvarez-nowak'"
        ).fetchone()
        assert indexed == (1,)


def test_oversize_frame_gets_an_error_and_the_loop_goes_on(host: HostProcess) -> None:
    too_big = 64 * 1024 * 1024 + 1
    host.send_raw(struct.pack("=I", too_big))
    host.send_raw(b" " * too_big)
    assert host.read()["error"]["code"] == "frame_too_large"
    assert host.ask({"id": 1, "action": "ping"})["ok"] is True


def test_truncated_frame_ends_the_host_cleanly(host: HostProcess) -> None:
    host.send_raw(struct.pack("=I", 100) + b'{"id": 1')
    assert host.close() == 0


def test_unsupported_page_is_stored_as_unsupported(host: HostProcess) -> None:
    reply = host.ask(
        {
            "id": 1,
            "action": "capture",
            "url": "https://example.org/recipes",
            "html": "<html><body><h1>Apfelkuchen</h1></body></html>",
        }
    )
    assert reply["ok"] is True
    assert reply["result"]["outcome"] == "unsupported"
    assert reply["result"]["person"] is None
    assert reply["result"]["accounts_seen"] == 0


def test_stray_output_never_reaches_the_frame_stream(host: HostProcess) -> None:
    # every reply parses as a frame; nothing but frames is on stdout
    for n in range(20):
        assert host.ask({"id": n, "action": "ping"})["id"] == n


@pytest.mark.parametrize(
    "caller",
    [["chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/"], ["/x/metanet.json", "evil@addon"]],
)
def test_foreign_caller_is_refused(tmp_path: Path, caller: list[str]) -> None:
    other = HostProcess(tmp_path, *caller)
    reply = other.read()
    assert reply["ok"] is False
    assert reply["error"]["code"] == "forbidden_origin"
    assert other.close() == 2


def test_firefox_caller_is_accepted(tmp_path: Path) -> None:
    firefox = HostProcess(
        tmp_path,
        "/home/u/.mozilla/native-messaging-hosts/metanet.companion.json",
        "metanet@metanet.app",
    )
    assert firefox.ask({"id": 1, "action": "ping"})["ok"] is True
    assert firefox.close() == 0


def raw_frame(text: str) -> bytes:
    """A frame whose body is exactly ``text`` (JSON escapes such as \\ud800 kept as written)."""
    body = text.encode("utf-8")
    return struct.pack("=I", len(body)) + body


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"id":"\\ud800","action":"ping"}', "bad_request"),
        ('{"id":1,"action":"\\ud800"}', "bad_request"),
        ('{"id":1,"action":"lookup","url":"https://x.com/\\udfff"}', "bad_request"),
        ('{"id":1,"action":"capture","url":"https://x.com/a","html":"<p>","title":"\\ud800"}',
         "bad_request"),
        ('{"id":1,"action":"search","query":"M\\ud800ller"}', "bad_request"),
        ('{"id":1,"action":"relate","url":"https://x.com/a","label":"\\udc00"}', "bad_request"),
        ('{"id":' + "9" * 5000 + ',"action":"ping"}', "bad_request"),
        ('{"id":1,"action":"lookup","person_id":' + "1" * 4400 + "}", "bad_request"),
        ('{"id":1,"action":"ping","x":NaN}', "bad_request"),
        ('{"id":1,"action":"ping","x":-Infinity}', "bad_request"),
    ],
)  # fmt: skip
def test_a_malformed_request_gets_bad_request_and_the_host_goes_on(
    host: HostProcess, body: str, code: str
) -> None:
    host.send_raw(raw_frame(body))
    reply = host.read()
    assert reply["ok"] is False and reply["error"]["code"] == code, reply
    assert host.ask({"id": 2, "action": "ping"})["ok"] is True
    assert "Traceback" not in host.stderr_text_so_far()


def test_a_lone_surrogate_in_the_page_itself_is_kept(host: HostProcess) -> None:
    """The page's DOM may hold a broken pair (JavaScript strings are UTF-16): it is stored."""
    html = '{"id":1,"action":"capture","url":"https://example.org/p","html":"<p>a\\ud800b</p>"}'
    host.send_raw(raw_frame(html))
    reply = host.read()
    assert reply["ok"] is True, reply
    assert host.ask({"id": 2, "action": "ping"})["ok"] is True


@pytest.mark.parametrize(
    "caller",
    [
        ["CHROME-EXTENSION://jlhpbiohcmkoogpcaocbejgjkjbhbopc/"],
        ["moz-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/"],
        ["chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc"],
        ["chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/x"],
        ["/x/metanet.json", "{01234567-89ab-cdef-0123-456789abcdef}"],
        ["/x/metanet.json", "METANET@METANET.APP"],
        ["chrome-extension://jlhpbiohcmkoogpcaocbejgjkjbhbopc/", "evil@addon"],
    ],
)
def test_only_the_exact_origins_of_our_manifests_are_callers(
    tmp_path: Path, caller: list[str]
) -> None:
    other = HostProcess(tmp_path, *caller)
    reply = other.read()
    assert reply["error"]["code"] == "forbidden_origin"
    assert other.close() == 2


def test_a_damaged_database_is_said_not_internal(tmp_path: Path) -> None:
    """Not a bug of ours: the popup says the database cannot be read, the host stays up."""
    (tmp_path / "metanet.db").write_bytes(b"this is not an SQLite database" * 200)
    damaged = HostProcess(tmp_path, OUR_ORIGIN)
    try:
        reply = damaged.ask({"id": 1, "action": "lookup", "url": PROFILE_URL})
        assert reply["error"]["code"] == "database_unreadable"
        assert "cannot be read" in reply["error"]["message"]
        assert damaged.ask({"id": 2, "action": "ping"})["ok"] is True
    finally:
        damaged.close()
    assert "Traceback" not in (tmp_path / "logs" / "metanet.log").read_text()
