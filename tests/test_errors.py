import pytest

from metanet.errors import InvalidInput, one_line_name

WORDS = {"empty": "needs a name", "too_long": "at most {limit} characters"}


def test_one_line_name_folds_white_space() -> None:
    assert one_line_name("  Anna \n Berg ", limit=20, field="name", messages=WORDS) == "Anna Berg"


@pytest.mark.parametrize(
    ("name", "message"), [(" \t", "needs a name"), ("x" * 6, "at most 5 characters")]
)
def test_one_line_name_says_the_callers_words(name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        one_line_name(name, limit=5, field="partner", messages=WORDS)
    assert raised.value.field == "partner"
