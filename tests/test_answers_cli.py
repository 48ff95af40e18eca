"""The answer commands on the demo's sample network: text for people, --json for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metanet.cli import cli
from metanet.demo.seed import load
from metanet.store import Store


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store() as store:
        load(store)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_paths_tells_the_story_first(run: Any) -> None:
    text = run("paths", "Dr. Katharina Berger").output
    first = text.splitlines()[1]
    assert first.startswith("1. score 0.339: you → Anna Schmidt (Facebook; 0.47)")
    assert "Bernd Keller (offline: neighbour; 0.90)" in first
    data = json.loads(run("paths", "Dr. Katharina Berger", "-k", "2", "--json").output)
    assert len(data["paths"]) == 2 and data["paths"][0]["score"] >= data["paths"][1]["score"]


def test_rating_a_tie_changes_the_ranking(run: Any) -> None:
    rated = run("rate", "me", "Thomas Müller", "--strength", "1", "--json")
    assert json.loads(rated.output)["strength"] == 1
    run("rate", "Thomas Müller", "Frank Wagner", "--strength", "1")  # 1 x 1 x 0.41 > 0.339
    data = json.loads(run("paths", "Dr. Katharina Berger", "--json").output)
    names = [h["name"] for h in data["paths"][0]["hops"]]
    assert names[1] == "Thomas Müller" and data["paths"][0]["hops"][1]["rated"]
    assert run("rate", "me", "Thomas Müller", "--strength", "0").exit_code != 0
    untied = run("rate", "me", "Dr. Katharina Berger", "--strength", "0.5")
    assert untied.exit_code == 1 and "relate them first" in untied.output


def test_unreachable_is_a_clear_sentence(run: Any) -> None:
    run("add", "Einsiedler")
    result = run("paths", "Einsiedler")
    assert result.exit_code == 0 and result.output.strip() == "No path within 4 hops."


def test_reach_and_search(run: Any) -> None:
    reach = json.loads(run("reach", "--json").output)
    assert reach["merged"]["degree1"] == 8
    assert reach["degree3_estimate"]["estimate"] is not None
    found = run("search", "Maschinenbau", "--hops", "3").output
    assert "Dr. Katharina Berger (degree 3, introducer Anna Schmidt)" in found


def test_requests_round_trip_between_partners(run: Any, tmp_path: Path) -> None:
    added = json.loads(run("requests", "add", "Geschäftsführerin", "--hops", "3", "--json").output)
    assert "Dr. Katharina Berger" in [m["name"] for m in added["matches"]]
    exported = tmp_path / "request.txt"
    run("requests", "export", str(added["id"]), "-o", str(exported))
    answer = run("requests", "import", str(exported), "--answer").output
    assert "- Dr. Katharina Berger (introducer: Anna Schmidt)" in answer
    listed = run("requests", "list").output
    assert "“Geschäftsführerin” (3 hops, yours)" in listed and "a partner's" in listed
    assert run("requests", "remove", str(added["id"])).exit_code == 0
    assert run("requests", "remove", "999").exit_code == 1


def test_answer_a_partner_with_only_the_people_you_choose(run: Any, tmp_path: Path) -> None:
    request = tmp_path / "from-partner.txt"
    request.write_text("Metanet request v1\nquery: Geschäftsführerin\nhops: 3\n")
    imported = json.loads(run("requests", "import", str(request), "--json").output)
    names = {m["name"]: m["person_id"] for m in imported["matches"]}
    assert {"Dr. Katharina Berger", "Lena Ørsted"} <= set(names)
    answer = run("requests", "answer", str(imported["id"]), "--share",
                 str(names["Lena Ørsted"])).output  # fmt: skip
    assert "- Lena Ørsted (introducer: I know them directly)" in answer
    assert "Katharina" not in answer  # not chosen: not shared
    assert run("requests", "answer", "999").exit_code == 1
