"""The meeting on the command line, as a person reads it: `metanet meeting import` with
its left-out rows, `meeting give`, `introduce` and `introductions` (a made one raises the
tie `paths` shows and says why), `card` and `requests card` — English and German."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from metanet.imports import vcard
from tests.cli_support import home, invoke

CSV = """Partner;sucht;Firma;Ort
Anna Schmidt;Steuerberater;;Rosenheim
Thomas Müller;Prokurist;Berger Maschinenbau;
;Niemand;;
"""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch, demo=True)
    monkeypatch.delenv("LANGUAGE", raising=False)

    def run_cli(*args: str, lang: str = "en_US.UTF-8", stdin: str | None = None) -> Any:
        return invoke(*args, env={"LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}, given=stdin)

    return run_cli


def tie_strength(run: Any, a: str, b: str) -> tuple[float, list[dict[str, Any]]]:
    """The strength and reasons of the hop a → b on the best path to b."""
    data = json.loads(run("paths", b, "--json").output)
    for path in data["paths"]:
        names = [h["name"] for h in path["hops"]]
        if names[-2:] == [a, b]:
            hop = path["hops"][-1]
            return hop["strength"], hop["why"]
    raise AssertionError(f"no path through {a} to {b}")


def test_import_give_introduce_and_the_raised_tie(run: Any, tmp_path: Path) -> None:
    listing = tmp_path / "fruehstueck.csv"
    listing.write_text(CSV, encoding="utf-8")
    imported = run("meeting", "import", str(listing), "--title", "Frühstück", "--on", "2026-03-03")
    assert imported.exit_code == 0
    assert imported.output.splitlines() == [
        "Frühstück (Mar 3, 2026): 2 requests imported",
        "  #1 Anna Schmidt: Steuerberater (City: Rosenheim)",
        "  #2 Thomas Müller: Prokurist (Company: Berger Maschinenbau)",
        "1 row left out:",
        "  fruehstueck.csv, line 4: no partner: write “Partner: what they seek”: ;Niemand;;",
        "Next: metanet meeting give",
    ]
    give = run("meeting", "give", lang="de_DE.UTF-8").output
    assert give.splitlines()[0] == "Was ich geben kann – Frühstück (3. März 2026)"
    assert "Thomas Müller sucht: Prokurist (Firma: Berger Maschinenbau)" in give
    assert re.search(r"Frank Wagner · .* · Sie → Thomas Müller → Frank Wagner \(0,\d\d\)", give)
    before, _ = tie_strength(run, "Thomas Müller", "Frank Wagner")
    offered = run("introduce", "Frank Wagner", "--to", "Thomas Müller", "--on", "2026-03-04",
                  "--json")  # fmt: skip
    intro = json.loads(offered.output)
    assert intro["partner"]["name"] == "Thomas Müller" and intro["state"] == "offered"
    made = run("introductions", "state", str(intro["id"]), "made", "--note", "per Mail",
               "--value", "12.5")  # fmt: skip
    assert "made" in made.output.splitlines()[-1] and "per Mail" in made.output
    assert "value 12.50" in made.output and "Mar 4, 2026 offered" in made.output
    after, why = tie_strength(run, "Thomas Müller", "Frank Wagner")
    assert after > before and {"code": "introduced", "n": 1} in why
    said = run("paths", "Frank Wagner").output
    assert "1 introduction made between them" in said
    assert "1 Vorstellung zwischen ihnen" in run("paths", "Frank Wagner", lang="de_DE.UTF-8").output
    partners = run("introductions", "partners").output
    assert "Thomas Müller: given 1 (1 made), received 0 (0 made)" in partners
    assert "Nothing to follow up" in run("introductions", "follow-up").output
    refused = run("introductions", "state", str(intro["id"]), "offered")
    assert refused.exit_code == 1 and "cannot become offered" in refused.output


def test_a_pasted_list_from_stdin_and_nothing_readable(run: Any) -> None:
    pasted = "Anna Schmidt: Steuerberater; Ort: Rosenheim\n"
    assert "1 request imported" in run("meeting", "import", "-", stdin=pasted).output
    nothing = run("meeting", "import", "-", stdin="Ohne Doppelpunkt\n", lang="de_DE.UTF-8")
    assert "Nichts importiert." in nothing.output
    assert "Zeile 1: kein Partner" in nothing.output


def test_your_card_and_a_request_card(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "karte.vcf"
    shown = run("card", "--preset", "everyone", "--show", "facebook=", "--vcard", str(out))
    assert "https://www.xing.com/profile/Sabine_Weber" in shown.output
    assert "not shown: Facebook" in shown.output
    [contact] = vcard.parse(out.read_bytes()).contacts
    assert contact.record.name == "Sabine Weber"
    run("requests", "add", "Geschäftsführerin", "--note", "Zulieferer")
    card = run("requests", "card", "1", "--how", "per E-Mail", lang="de_DE.UTF-8").output
    assert card.splitlines()[:5] == [
        "Suchauftrag von Sabine Weber",
        "",
        "Wen ich suche: Geschäftsführerin",
        "Warum: Zulieferer",
        "So stellen Sie mich vor: per E-Mail",
    ]


@pytest.mark.parametrize(
    "command",
    [["meeting", "import"], ["meeting", "give"], ["introduce"], ["introductions", "state"],
     ["card"], ["requests", "card"]],
)  # fmt: skip
def test_every_command_shows_an_example(run: Any, command: list[str]) -> None:
    assert "Example" in run(*command, "--help").output
