"""Mastodon follows exports: the CSV of Mastodon's own specs and the old handle list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.imports.base import Direction, ImportFileError
from metanet.imports.pipeline import parse_parts

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def keys(path: Path) -> list[str]:
    parsed = parse_parts(path.read_bytes(), path.name, None)
    assert all(export.format == "mastodon" for _, export in parsed)
    found = [c for _, export in parsed for c in export.contacts]
    assert all(c.kind == "follows" and c.direction == Direction.FROM_ME for c in found)
    return [c.record.key for c in found]


def test_real_follows_csv_with_blank_lines_and_quoted_languages(
    real_fixture: Callable[[str], Path],
) -> None:
    path = real_fixture("mastodon/following_accounts-export-mastodon-spec.csv")
    assert keys(path) == ["user@example.com", "user@test.com"]


def test_real_old_list_with_idn_handle(real_fixture: Callable[[str], Path]) -> None:
    assert keys(real_fixture("mastodon/utf8-followers-idn-mastodon-spec.txt")) == ["nare@թութ.հայ"]


def test_old_list_with_at_signs() -> None:
    assert keys(FIXTURES / "mastodon-old-handles.txt") == [
        "gargron@mastodon.social", "zoe@fosstodon.org",
    ]  # fmt: skip


def test_a_row_that_is_no_address(tmp_path: Path) -> None:
    path = tmp_path / "following_accounts.csv"
    path.write_text("Account address,Show boosts\nuser@example.com,true\nnot-an-address,true\n")
    with pytest.raises(ImportFileError, match=r"line 3: 'not-an-address' is not an account"):
        keys(path)
