"""Facebook and Instagram "Download Your Information" friends, followers and following."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.imports.base import Contact, Direction, ImportFileError
from metanet.imports.facebook import repair
from metanet.imports.pipeline import parse_parts

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def contacts(path: Path) -> list[Contact]:
    return [c for _, ex in parse_parts(path.read_bytes(), path.name, None) for c in ex.contacts]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zo\u00c3\u00ab", "Zoë"),  # UTF-8 bytes escaped one by one: repaired
        ("Nguy\u00e1\u00bb\u0085n", "Nguyễn"),
        ("Jos\u00e9", "José"),  # real Latin-1 text: not valid UTF-8 bytes, kept
        ("Ørsted", "Ørsted"),  # already right
        ("Anna", "Anna"),
        ("\u00c3(", "\u00c3("),  # an invalid sequence: kept as written
    ],
)
def test_mojibake_repair_only_where_valid(raw: str, expected: str) -> None:
    assert repair(raw) == expected


def test_your_friends_v2() -> None:
    found = contacts(FIXTURES / "facebook-your_friends.json")
    assert [c.record.name for c in found] == ["Jürgen Größ", "Zoë Ørsted", "José García"]
    assert all(c.record.network == "facebook" and not c.confirmed for c in found)
    assert all(c.record.key.startswith("~fb-dyi:") and c.kind == "friend" for c in found)
    assert found[1].record.emails == ["zoe@example.com"]
    assert found[0].since == "2021-03-12T00:00:00+00:00"


def test_old_friends_json() -> None:
    found = contacts(FIXTURES / "facebook-friends-2019.json")
    assert [c.record.name for c in found] == ["Hoàng Nguyễn", "Anna Schmidt"]


def test_friend_key_depends_on_name_and_timestamp(tmp_path: Path) -> None:
    path = tmp_path / "your_friends.json"
    path.write_text(
        '{"friends_v2": [{"name": "A B", "timestamp": 1}, {"name": "A B", "timestamp": 2}]}'
    )
    first, second = contacts(path)
    assert first.record.key != second.record.key  # two friends with one name stay two


def test_entry_without_name_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "your_friends.json"
    path.write_text('{"friends_v2": [{"name": "A", "timestamp": 1}, {"timestamp": 2}]}')
    with pytest.raises(ImportFileError, match=r"your_friends.json, entry 2: a friend needs"):
        contacts(path)


def test_instagram_followers_point_at_the_user() -> None:
    found = contacts(FIXTURES / "instagram-followers_1.json")
    assert [c.record.key for c in found] == ["zoe.orsted", "juergen_groess"]
    assert all(c.kind == "follows" and c.direction == Direction.TO_ME for c in found)


def test_instagram_following_with_title_and_u_href() -> None:
    found = contacts(FIXTURES / "instagram-following.json")
    assert [c.record.key for c in found] == ["zoe.orsted", "jose.garcia"]
    assert all(c.direction == Direction.FROM_ME for c in found)
