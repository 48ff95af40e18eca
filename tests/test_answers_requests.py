"""Search requests: saved, re-evaluated on new data, notices, and partner exchange."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.answers import requests
from metanet.answers.shapes import Found, Notice
from metanet.store import NotFound
from tests.answers_graph import Net


@pytest.fixture
def net(tmp_path: Path) -> Net:
    n = Net(tmp_path / "m.db")
    n.me()
    n.tie("me", "anna")
    n.acc("kathi", role="Geschäftsführerin", company="Berger Maschinenbau")
    n.tie("anna", "kathi")
    return n


def introducer_name(match: Found | Notice) -> str | None:
    """The name of the one who introduces, which every match here has."""
    introducer = match["introducer"]
    assert introducer is not None
    return introducer["name"]


def test_a_new_request_answers_at_once_without_notices(net: Net) -> None:
    saved = requests.add(net.store, "Maschinenbau", note="Zulieferer")
    assert [m["name"] for m in saved["matches"]] == ["Kathi"]
    assert introducer_name(saved["matches"][0]) == "Anna"
    assert requests.notices(net.store) == []
    assert requests.list_requests(net.store)[0]["matches"] == 1


def test_new_data_raises_a_notice_naming_person_and_introducer(net: Net) -> None:
    saved = requests.add(net.store, "Maschinenbau")
    assert requests.evaluate(net.store) == []  # nothing new
    net.acc("otto", role="CFO", company="Otto Maschinenbau")
    net.tie("anna", "otto")
    new = requests.evaluate(net.store)
    assert [(n["name"], introducer_name(n)) for n in new] == [("Otto", "Anna")]
    shown = requests.notices(net.store, mark_seen=True)
    assert [(n["request_id"], n["name"]) for n in shown] == [(saved["id"], "Otto")]
    assert requests.notices(net.store) == []
    assert requests.list_requests(net.store)[0]["new"] == 0


def test_remove(net: Net) -> None:
    saved = requests.add(net.store, "Maschinenbau")
    requests.remove(net.store, saved["id"])
    assert requests.list_requests(net.store) == []
    with pytest.raises(NotFound):
        requests.remove(net.store, saved["id"])


def test_partner_exchange_shares_names_and_introducers_only(net: Net) -> None:
    mine = requests.add(net.store, "Geschäftsführerin Maschinenbau", hops=2, note="für Bernd")
    text = requests.export_text(net.store, mine["id"])
    assert text.splitlines() == [
        "Metanet request v1",
        "query: Geschäftsführerin Maschinenbau",
        "hops: 2",
        "note: für Bernd",
        "partner: Me",  # whose request it is: a partner's meeting import names them
    ]
    imported = requests.import_text(net.store, text)
    assert imported["origin"] == "partner" and [m["name"] for m in imported["matches"]] == ["Kathi"]
    answer = requests.answer_text(net.store, imported["id"])
    assert answer.splitlines()[2] == "- Kathi (introducer: Anna)"
    assert "linkedin" not in answer and "score" not in answer  # no graph details
    assert "nobody" in requests.answer_text(net.store, imported["id"], person_ids=[])


def test_a_text_that_is_not_a_request_is_refused(net: Net) -> None:
    with pytest.raises(requests.BadRequestText):
        requests.import_text(net.store, "hello\nquery: x")
    with pytest.raises(requests.BadRequestText):
        requests.parse_text("Metanet request v1\nquery: x\nhops: 9")
