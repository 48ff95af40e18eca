"""The nickname table: seven languages shipped, the user's own lines added."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.identity import nicknames
from metanet.identity.names import parse_name
from metanet.identity.scoring import name_agreement


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hans-Jürgen Meier", "Hansi Meier"),  # German
        ("Katharina Huber", "Kathi Huber"),
        ("Katharina Huber", "Katja Huber"),
        ("Robert Turner", "Rob Turner"),  # English
        ("Robert Turner", "Bob Turner"),
        ("Mehmet Yılmaz", "Memo Yilmaz"),  # Turkish
        ("Nikolaos Papadakis", "Nikos Papadakis"),  # Greek
        ("Νικόλαος Παπαδάκης", "Nikos Papadakis"),
        ("Małgorzata Nowak", "Gosia Nowak"),  # Polish
        ("Aleksandr Petrov", "Sascha Petrov"),  # Russian
        ("Александр Петров", "Sasha Petrov"),
        ("Giuseppe Rossi", "Beppe Rossi"),  # Italian
    ],
)
def test_shipped_nicknames(a: str, b: str) -> None:
    x, y = parse_name(a), parse_name(b)
    assert x is not None and y is not None
    assert name_agreement(x, y) == "nickname"


def test_the_user_extends_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    (tmp_path / "nicknames.txt").write_text(
        "# my own\nBartholomäus: Bartl\nno colon here\nKatharina: Kaddi\n", encoding="utf-8"
    )
    nicknames.table.cache_clear()
    try:
        assert "bartholomaeus" in nicknames.forms("bartl")
        assert "katharina" in nicknames.forms("kaddi")
        assert "katharina" in nicknames.forms("kathi")  # the shipped line is kept
    finally:
        nicknames.table.cache_clear()


def test_the_shipped_table_reads_cleanly() -> None:
    from importlib import resources

    text = resources.files("metanet.identity").joinpath("nicknames.txt").read_text("utf-8")
    table, bad = nicknames.parse(text)
    assert bad == [] and len(table) > 300
