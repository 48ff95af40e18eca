"""The answer commands on the demo's sample network: text for people, --json for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import home, invoke


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch, demo=True)
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
    assert "  #4 Dr. Katharina Berger: Geschäftsführerin bei Berger Maschinenbau GmbH, " in found
    assert "degree 3, introducer Anna Schmidt (through Bernd Keller), path strength 0.33" in found


def test_the_search_help_example_finds_the_geschaeftsfuehrerin(run: Any) -> None:
    """Issue 15: the command's own example found nobody (whole words only, 2 hops)."""
    help_text = run("search", "--help").output
    assert "metanet search Geschäftsführer München" in help_text
    for args in (("--hops", "3"), ()):
        found = run("search", "Geschäftsführer", "München", *args).output
        assert found.startswith("2 people within 3 hops match “Geschäftsführer München”")
        assert "#4 Dr. Katharina Berger" in found
        assert "matches: Geschäftsführerin, a form of Geschäftsführer; München" in found


def test_search_hits_at_degree_one_are_told_apart(run: Any) -> None:
    """Issue 15: "Thomas Müller (degree 1)" twice, for two people, with nothing else."""
    found = json.loads(run("search", "Geschäftsführerin", "--json").output)
    ids = [p["person_id"] for p in found["people"]]
    assert len(ids) == len(set(ids)) == found["total"]
    text = run("search", "Geschäftsführerin").output
    for p in found["people"]:
        assert f"#{p['person_id']} {p['name']}: " in text
    assert "degree 1, you know them directly, path strength" in text


def test_search_says_how_many_one_hop_further(run: Any) -> None:
    text = run("search", "Maschinenbau", "--hops", "1").output
    assert text.splitlines() == [
        "0 people within 1 hop match “Maschinenbau”",
        "1 person within 2 hops matches: metanet search Maschinenbau --hops 2",
    ]
    data = json.loads(run("search", "Maschinenbau", "--hops", "1", "--json").output)
    assert data["beyond"] == {"hops": 2, "total": 1}


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
