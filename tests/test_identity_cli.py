"""``metanet merge``, ``split``, ``suggestions`` and ``undo``; ``person`` shows the 360°."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from metanet import sites
from metanet.model import AccountRecord
from metanet.store import Store
from tests.cli_support import home, invoke


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch)

    def run_cli(*args: str) -> Any:
        result = invoke(*args)
        return json.loads(result.output) if "--json" in args else result

    return run_cli


def profile(url: str, name: str, **facts: Any) -> AccountRecord:
    ref = sites.normalise(url)
    assert ref is not None
    return AccountRecord(ref.network, ref.key, url, name=name, **facts)


@pytest.fixture
def accounts(tmp_path: Path, run: Any) -> list[int]:
    with Store(tmp_path / "metanet.db") as store:
        xing = profile("https://www.xing.com/profile/Thomas_Mueller", "Thomas Müller",
                       company="Bosch", location="Stuttgart")  # fmt: skip
        linkedin = profile("https://www.linkedin.com/in/tmueller/", "Dr. Thomas Mueller",
                           company="Siemens AG", location="Stuttgart")  # fmt: skip
        return [
            store.upsert_account(xing, seen_at="2025-01-01T00:00:00+00:00"),
            store.upsert_account(linkedin),
        ]


def test_review_queue_confirm_person_history_and_undo(run: Any, accounts: list[int]) -> None:
    rebuilt = run("suggestions", "rebuild", "--json")
    assert rebuilt["merges"] == 0 and rebuilt["suggestions"] == 1
    [item] = run("suggestions", "--json")
    assert {"code": "same_city", "city": "Stuttgart"} in item["reasons"]
    assert "Thomas Müller" in run("suggestions").output
    confirmed = run("suggestions", "confirm", str(item["id"]), "--json")
    assert confirmed["decision"] == "same"
    person = run("person", "https://www.xing.com/profile/Thomas_Mueller", "--json")
    assert {a["network"] for a in person["accounts"]} == {"xing", "linkedin"}
    assert person["conflicts"] == ["company"]  # "Dr. Thomas Mueller" is the same name
    assert [v["value"] for v in person["facts"]["company"]] == ["Siemens AG", "Bosch"]
    assert person["merge_history"][0]["source"] == "user"
    text = run("person", str(person["id"])).output
    assert "Company differs: Siemens AG (LinkedIn" in text and "merge history" in text
    assert "suggestion #1 confirmed by you; same name “Thomas Müller”" in text
    run("undo", str(confirmed["decision_id"]), "--json")
    assert run("suggestions", "--json") == []  # undoing a merge means "not the same"
    again = run("person", "https://www.linkedin.com/in/tmueller/", "--json")
    assert [a["network"] for a in again["accounts"]] == ["linkedin"]


def test_merge_split_and_reject_from_the_command_line(run: Any, accounts: list[int]) -> None:
    merged = run("merge", "https://www.xing.com/profile/Thomas_Mueller",
                 "https://www.linkedin.com/in/tmueller/", "--json")  # fmt: skip
    assert merged["person_id"]
    listing = run("split", str(merged["person_id"]))
    assert listing.exit_code == 1 and "--account" in listing.output
    split = run("split", str(merged["person_id"]), "--account",
                "https://www.linkedin.com/in/tmueller/", "--json")  # fmt: skip
    assert split["new_person_id"] != split["person_id"]
    assert run("suggestions", "rebuild", "--json")["suggestions"] == 0  # split is remembered
    assert run("suggestions", "--json") == []


def test_reject_is_remembered(run: Any, accounts: list[int]) -> None:
    run("suggestions", "rebuild")
    [item] = run("suggestions", "--json")
    run("suggestions", "reject", str(item["id"]))
    run("suggestions", "rebuild")
    assert run("suggestions", "--json") == []
    assert run("suggestions", "reject", "999").exit_code == 1


CASES = Path(__file__).parent / "fixtures" / "identity"


@pytest.mark.parametrize("card_first", [True, False])
def test_a_card_linking_another_persons_profile_reads_the_same_in_either_order(
    run: Any, card_first: bool
) -> None:
    """Issue 24 as a user meets it: Anna's card links Julia's LinkedIn profile. Whichever
    file comes first, the queue names the evidence and the difference, the rebuild keeps
    it, and Julia's page shows only her LinkedIn account."""
    files = [CASES / "link-first-name-differs" / n for n in ("contacts.vcf", "linkedin.csv")]
    for path in files if card_first else reversed(files):
        assert run("import", str(path)).exit_code == 0
    said = run("suggestions").output
    assert "Anna Becker" in said and "Julia Becker" in said
    assert "both point to the LinkedIn profile becker-koeln; first names differ: Anna / Julia" in (
        said
    )
    rebuilt = run("suggestions", "rebuild").output
    assert "0 merged on exact evidence, 1 suggestion (" in rebuilt  # not "1 suggestions"
    julia = run("person", "Julia Becker", "--json")
    assert [a["network"] for a in julia["accounts"]] == ["linkedin"]
    assert "Anna" not in run("person", "Julia Becker").output.split("merge history")[0]
