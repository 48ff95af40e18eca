"""What a person reads from the CLI, in both languages: a German terminal (LANG=de_DE)
gets German words, numbers and dates; an English one gets English with real plurals; no
internal key ("offline: p21"), no "None", no "1 people"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.commands import story
from metanet.demo.seed import load
from metanet.store import Store
from tests.cli_support import home, invoke
from tests.i18n_support import english_problems

GERMAN = {"LANG": "de_DE.UTF-8"}
ENGLISH = {"LANG": "en_US.UTF-8"}
#: what no reader should see, in any language
NEVER = re.compile(
    r"\bNone\b|\b1 (?:people|contacts|matches|hops|networks)\b|offline: p\d+|\bp\d+\b"
)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    home(tmp_path, monkeypatch, demo=True)

    def run_cli(*args: str, env: dict[str, str]) -> str:
        result = invoke(*args, env=env)
        assert result.exit_code == 0, result.output
        return result.output

    return run_cli


READINGS = [
    ("paths", "Dr. Katharina Berger"),
    ("paths", "Frank Wagner", "-k", "1"),
    ("reach",),
    ("search", "Maschinenbau", "--hops", "3"),
    ("search", "Geschäftsführer", "München"),
    ("search", "Managing", "Director"),
    ("search", "Vertrieb"),
    ("search", "Geschäftsf"),
    ("search", "Maschinenbau", "--hops", "1"),
    ("search", "Niemandsland"),
    ("synonyms", "add", "Geschäftsführerin", "Chefin"),
    ("synonyms", "list"),
    ("search", "Chefin"),
    ("synonyms", "remove", "1"),
    ("mutual", "Frank Wagner"),
    ("person", "Bernd Keller"),
    ("person", "Dr. Katharina Berger"),
    ("person", "Sabine Weber"),
    ("person", "Thomas Müller"),
    ("person", "Herr Müller"),
    ("suggestions",),
    ("requests", "add", "Geschäftsführerin", "--hops", "3"),
    ("requests", "list"),
    ("rate", "me", "Anna Schmidt", "--strength", "0.8"),
]


def test_a_german_terminal_reads_german(run: Any) -> None:
    problems: list[str] = []
    for args in READINGS:
        text = run(*args, env=GERMAN)
        problems += english_problems(" ".join(args), text)
        problems += [f"{' '.join(args)}: {m}" for m in NEVER.findall(text)]
    assert not problems, "\n".join(problems)


def test_german_paths_say_why_in_german(run: Any) -> None:
    text = run("paths", "Dr. Katharina Berger", env=GERMAN)
    assert text.startswith(
        "Beste Wege zur Vorstellung (höchstens 4 Schritte, der stärkste zuerst):"
    )
    assert "1. Wert 0,339: Sie → Anna Schmidt (Facebook; 0,47)" in text
    assert "Bernd Keller (offline: Nachbar; 0,90)" in text
    assert "offline bekannt als Golfpartner" in text and "Freundschaft" not in text


def test_english_paths_and_plurals(run: Any) -> None:
    text = run("paths", "Dr. Katharina Berger", env=ENGLISH)
    assert text.startswith("Best introduction paths (up to 4 hops, strongest first):")
    assert "Bernd Keller (offline: neighbour; 0.90)" in text
    assert "known offline as golf partner" in text
    one_hop = run("paths", "Dr. Katharina Berger", "--max-hops", "1", env=ENGLISH)
    assert one_hop.strip() == "No path within 1 hop."
    reach = run("reach", env=ENGLISH)
    assert "Degree 1: 8 people" in reach and not NEVER.search(reach)


def test_the_person_reads_like_a_card(run: Any) -> None:
    """Role at company and city once; offline relations by their words and the other
    person's name; an offline-only person's internal key never shows."""
    english = run("person", "Bernd Keller", env=ENGLISH)
    assert "known offline (no network account)" in english
    assert re.search(r"Anna Schmidt \(#\d+\): offline: neighbour", english)
    assert "Dr. Katharina Berger" in english and "offline: golf partner" in english
    assert not NEVER.search(english)
    german = run("person", "Bernd Keller", env=GERMAN)
    assert "offline bekannt (kein Netzwerkkonto)" in german
    assert re.search(r"Anna Schmidt \(#\d+\): offline: Nachbar", german)
    katharina = run("person", "Katharina Berger", env=GERMAN)  # her title need not be said
    assert (
        katharina.splitlines()[1].strip()
        == "Geschäftsführerin bei Berger Maschinenbau GmbH, München"
    )
    assert "Geschäftsführerin" not in "".join(katharina.splitlines()[2:4])  # said once


def test_how_to_reach_someone_in_both_languages(run: Any) -> None:
    english = run("person", "Thomas Müller", env=ENGLISH)
    assert (
        "  E-mail: thomas.mueller@mueller-consulting.example (XING: network.json; seen " in english
    )
    assert "  Phone: +49 821 4567890 (XING: network.json; seen " in english
    assert "  Website: https://www.mueller-consulting.example (" in english
    german = run("person", "Thomas Müller", env=GERMAN)  # a German locale: the region is DE
    assert (
        "  E-Mail: thomas.mueller@mueller-consulting.example (XING: network.json; gesehen am "
        in german
    )
    assert "  Telefon: 0821 4567890 · +49 821 4567890 (XING: network.json; gesehen am " in german


def test_german_search_says_why_and_how_far(run: Any) -> None:
    text = run("search", "Geschäftsführer", "München", env=GERMAN)
    assert text.splitlines()[:4] == [
        "2 Personen in höchstens 3 Schritten passen zu „Geschäftsführer München“",
        "  #11 Lena Ørsted: Geschäftsführerin, Nordlicht Events, München",
        "     Grad 1, Sie kennen die Person direkt, Wegstärke 0,42",
        "     passt: Geschäftsführerin, Form von Geschäftsführer; München",
    ]
    assert "Grad 3, Vermittler Anna Schmidt (über Bernd Keller), Wegstärke 0,33" in text
    assert "passt: Geschäftsführerin, als Managing Director" in run(
        "search", "Managing Director", env=GERMAN
    )
    # the built-in roles are data (English role names among them), their heading German
    assert "145 eingebaute Rollen:" in run("synonyms", "list", "--built-in", env=GERMAN)
    assert run("search", "Maschinenbau", "--hops", "1", env=GERMAN).splitlines() == [
        "0 Personen in höchstens 1 Schritt passen zu „Maschinenbau“",
        "1 Person in höchstens 2 Schritten passt: metanet search Maschinenbau --hops 2",
    ]


def test_json_is_the_same_in_every_language(run: Any) -> None:
    german = run("paths", "Dr. Katharina Berger", "--json", env=GERMAN)
    assert german == run("paths", "Dr. Katharina Berger", "--json", env=ENGLISH)
    assert '"code": "offline"' in german and '"label": "golf partner"' in german


def test_the_demo_story_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    with Store(tmp_path / "m.db") as store:
        text = story(store, load(store))
    assert "Beispielnetzwerk: 15 Personen, 19 Konten in 5 Netzwerken" in text
    assert "0,34: Sie → Anna Schmidt (Facebook) → Bernd Keller (offline: Nachbar)" in text
    assert not english_problems("demo", text) and not NEVER.search(text)
