"""Helpers the importers share: cleaning text as the old regular expression did."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from metanet.imports.common import clean

WHITESPACE = "".join(chr(c) for c in range(0x3100) if chr(c).isspace()) + "\u3000\ufeff\u200b"


@given(st.text(alphabet=st.sampled_from(list(WHITESPACE + "ab é,")), max_size=20) | st.text())
@example(" Jürgen \t Größ\n")
@example("\u00a0Zoë\u2003Ørsted\u3000")
def test_clean_collapses_and_trims_as_the_regular_expression(text: str) -> None:
    assert clean(text) == re.sub(r"\s+", " ", text).strip()


def test_clean_of_nothing_is_empty() -> None:
    assert clean(None) == "" and clean("") == "" and clean(" \t ") == ""
