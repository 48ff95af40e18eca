"""Hostile pages: absurd sizes, deep nesting, broken encodings, poisoned names.

A parser yields clean text or reports failure; the host stays up and loses no capture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metanet.capture import Outcome, ingest
from metanet.store import Store
from tests.host_support import HostProcess


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def person_page(name: str, extra: str = "") -> str:
    person = {"@type": "Person", "name": name, "url": "https://example.org/p"}
    data = json.dumps(person).replace("</", "<\\/")  # as pages escape it inside <script>
    return f'<script type="application/ld+json">{data}</script>{extra}'


def test_ten_thousand_deep_nesting_is_handled(store: Store) -> None:
    html = "<div>" * 10_000 + "<h1>deep</h1>" + "</div>" * 10_000
    result = ingest(store, "https://example.org/deep", person_page("Tief", html))
    assert result.outcome in (Outcome.STORED, Outcome.PARSER_FAILED)
    assert store.capture_html(result.capture_id).endswith("</div>")


def test_a_hundred_thousand_cards_do_not_explode(store: Store) -> None:
    cards = "".join(
        f'<div class="vcard"><a class="url fn" href="https://example.org/c{n}">C{n}</a></div>'
        for n in range(100_000)
    )
    result = ingest(store, "https://example.org/cards", f"<html><body>{cards}</body></html>")
    assert result.outcome in (Outcome.STORED, Outcome.UNSUPPORTED, Outcome.PARSER_FAILED)
    assert store.counts()["captures"] == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # text stays text
        ("\u202eevil\u202c Name", "evil Name"),  # bidi overrides removed
        ("Zero\u200b\u200dWidth", "ZeroWidth"),
        ("Bell\x07\x1b[31mRed", "Bell [31mRed"),  # control characters become a space
    ],
)
def test_poisoned_names_come_out_clean(store: Store, name: str, expected: str) -> None:
    result = ingest(store, "https://example.org/p", person_page(name))
    assert result.outcome == Outcome.STORED
    owner = store.account_by_id(result.owner_account_id or 0)
    assert owner["name"] == expected


def test_broken_encoding_is_stored_not_crashed(store: Store) -> None:
    broken = "Gr\udcc3\udcb6\udcc3\udc9f"  # lone surrogates: bytes that were not UTF-8
    result = ingest(store, "https://example.org/p", person_page(broken))
    assert result.outcome in (Outcome.STORED, Outcome.PARSER_FAILED)
    assert store.capture_html(result.capture_id).startswith("<script")


def test_a_sixty_mebibyte_page_through_the_real_host(tmp_path: Path) -> None:
    filler = "<p>" + "x" * 1000 + "</p>"
    html = person_page("Riesig", filler * (60 * 1024))  # ~60 MiB, under the 64 MiB frame cap
    host = HostProcess(tmp_path)
    reply = host.ask({"id": 1, "action": "capture", "url": "https://example.org/big", "html": html})
    assert reply["ok"] is True
    assert reply["result"]["outcome"] in ("stored", "parser_failed")
    assert host.ask({"id": 2, "action": "ping"})["ok"] is True
    too_big = html + "x" * (5 * 1024 * 1024)  # over the cap: refused, host goes on
    reply = host.ask(
        {"id": 3, "action": "capture", "url": "https://example.org/big", "html": too_big}
    )
    assert reply["error"]["code"] == "frame_too_large"
    assert host.ask({"id": 4, "action": "ping"})["ok"] is True
    assert host.close() == 0
