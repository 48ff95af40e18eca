"""A page names someone however it encodes them; a longer word is not a mention."""

from __future__ import annotations

import pytest

from metanet.mentions import Mentions, decoded_markup, folded

THOMAS = Mentions(
    ["Thomas Müller"],
    ["thomas-mueller-consulting", "Thomas_Mueller42"],
    ["https://www.linkedin.com/in/thomas-mueller-consulting/", "thomas@example.org"],
)


@pytest.mark.parametrize(
    "page",
    [
        "<p>Thomas M&uuml;ller</p>",
        "<p>&#84;homas M&#xFC;ller</p>",
        '<a href="/in/thomas%2Dmueller%2Dconsulting/">x</a>',
        '<a href="https://www.xing.com/profile/Thomas%5FMueller42">x</a>',
        "<p><b>Thomas</b><i>M&#252;ller</i></p>",
        '<script>{"n": "Thomas M\\u00fcller"}</script>',
        '<script>{"u": "https:\\/\\/www.linkedin.com\\/in\\/thomas-mueller-consulting"}</script>',
        "<li>M&uuml;ller, Thomas</li>",
        '<a href="/search?q=Thomas+M%C3%BCller">x</a>',
        "<p>&amp;quot;Thomas%20M%26uuml%3Bller</p>",
        "<p>Thomas Mueller</p>",
        "<p>THOMAS\u00a0MÜLLER</p>",
        '<a href="mailto:thomas&#64;example.org">mail</a>',
    ],
)
def test_encoded_mentions_are_found(page: str) -> None:
    assert THOMAS.in_page(page)


@pytest.mark.parametrize(
    "page",
    ["<p>Thomasina Müllerová</p>", "<p>Thomas Meier, Anna Müller</p>", "", "<p>\ud800</p>"],
)
def test_other_people_are_not_mentions(page: str) -> None:
    assert not THOMAS.in_page(page)


def test_short_needles_are_left_out() -> None:
    """A two-letter name or an offline key would match half of every page."""
    assert Mentions(["Jo"], ["p1"], []).needles == []
    assert not Mentions(["Jo"], [], []).in_page("<p>Jo</p>")


def test_forms() -> None:
    assert decoded_markup("M%26uuml%3Bller") == "Müller"
    assert folded("Thomas  M\u00fcller\n") == "thomas mueller "
