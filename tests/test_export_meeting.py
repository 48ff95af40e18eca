"""The JSON export carries the meeting's data (partners, meetings with their requests,
introductions with every state change), and a forgotten person's introductions are gone
from it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from metanet.services import data
from metanet.services.introductions import change_state, introduce
from metanet.services.meeting import import_texts
from metanet.services.people import find_person
from metanet.store import Store
from tests.cli_support import home


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    home(tmp_path, monkeypatch, demo=True)
    with Store(tmp_path / "metanet.db") as store:
        yield store


def test_the_json_export_has_partners_meetings_and_introductions(demo: Store) -> None:
    import_texts(demo, [("", "Thomas Müller: Prokurist; Firma: Berger Maschinenbau")])
    frank = find_person(demo, "Frank Wagner")
    offered = introduce(demo, frank, to="Thomas Müller", note="Einkauf")
    change_state(demo, offered["id"], "made", value=2500)
    document = json.loads(data.export_text(demo, "json"))
    assert [p["name"] for p in document["partners"]] == ["Thomas Müller"]
    [meeting] = document["meetings"]
    assert meeting["requests"][0]["company"] == "Berger Maschinenbau"
    [intro] = document["introductions"]
    assert intro["person"]["name"] == "Frank Wagner" and intro["value"] == 2500
    assert [e["state"] for e in intro["events"]] == ["offered", "made"]
    data.forget(demo, frank)
    document = json.loads(data.export_text(demo, "json"))
    assert document["introductions"] == []
    assert "Frank Wagner" not in json.dumps(document, ensure_ascii=False)
