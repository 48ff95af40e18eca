"""The lxml reader that list parsers use: text, bounds, broken and hostile input."""

from __future__ import annotations

import pytest

from metanet.protocol import MAX_REQUEST_BYTES
from metanet.sites import page, tree
from metanet.sites.base import ParserError
from metanet.sites.page import MAX_PAGE_CHARS


def test_text_skips_scripts_and_comments_and_keeps_tails() -> None:
    root = tree.load_tree(
        "<p id=a>Anna <script>evil()</script><!-- x -->Schmidt<style>p{}</style> "
        "<b>&lt;b&gt;</b> \u202eGmbH</p>",
        "test",
    )
    assert tree.text(tree.first(root, '//*[@id="a"]')) == "Anna Schmidt <b> GmbH"


def test_an_element_without_children_reads_as_the_walk_would() -> None:
    """Most fields of a list's cards have no child element: read without the walk, the
    same text, tail left out, scripts still invisible."""
    root = tree.load_tree(
        "<div><p id=a>  Anna \t Schmidt\u200b </p>tail<p id=b></p><script id=c>evil()</script>"
        "<p id=d>M.S. , Biology</p><p id=e>M.S.<i></i> , Biology</p></div>",
        "test",
    )
    read = {key: tree.text(tree.first(root, f'//*[@id="{key}"]')) for key in "abcde"}
    assert read == {"a": "Anna Schmidt", "b": None, "c": None, "d": "M.S., Biology",
                    "e": "M.S., Biology"}  # fmt: skip


def test_deep_nesting_is_read_without_recursion() -> None:
    html = "<div>" * 200 + "deep" + "</div>" * 200
    assert tree.text(tree.load_tree(html, "test")) == "deep"
    # Far deeper than Python's recursion limit: libxml2 stops nesting (and drops what is
    # below its limit) but nothing raises.
    html = "<div>" * 50_000 + "deeper" + "</div>" * 50_000
    assert tree.text(tree.load_tree(html, "test")) in (None, "deeper")


@pytest.mark.parametrize("html", ["", "   \n ", "<!-- only a comment -->"])
def test_a_page_without_markup_is_a_parser_error(html: str) -> None:
    with pytest.raises(ParserError):
        tree.load_tree(html, "test")


def test_a_page_longer_than_the_bound_is_cut_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """What lies beyond the bound is not read (the bound is what a browser can send, 64 MiB;
    a smaller one here keeps the test fast)."""
    monkeypatch.setattr(page, "MAX_PAGE_CHARS", 2_000_000)
    filler = "<p>" + "x" * 1000 + "</p>"
    html = '<div id="early">seen</div>' + filler * 3_000 + '<div id="late">unseen</div>'
    assert len(html) > page.MAX_PAGE_CHARS
    root = tree.load_tree(html, "test")
    assert tree.first_text(root, '//*[@id="early"]') == "seen"
    assert tree.first(root, '//*[@id="late"]') is None


def test_the_bound_is_what_a_browser_can_send() -> None:
    """A list page of 6,000 cards (28 MB) is read whole (issue 16, item 14)."""
    assert MAX_PAGE_CHARS == MAX_REQUEST_BYTES >= 28_000_000


def test_links_and_attributes() -> None:
    root = tree.load_tree(
        '<a id=a href="/in/x?trk=1">x</a><a id=b href="javascript:alert(1)">y</a>', "test"
    )
    base = "https://www.linkedin.com/feed/"
    assert (
        tree.href(tree.first(root, '//*[@id="a"]'), base) == "https://www.linkedin.com/in/x?trk=1"
    )
    assert tree.href(tree.first(root, '//*[@id="b"]'), base) is None
    assert tree.attr(None, "href") is None
    assert tree.xpath(root, "//a/@id") == ["a", "b"]
    classes = tree.load_tree(
        '<p id=a class="x y">1</p><p id=b class="xy">2</p><p id=c class=" y  x ">3</p>', "test"
    )
    assert tree.xpath(classes, f"//p[{tree.has_class('x')}]/@id") == ["a", "c"]
    assert tree.xpath(classes, f"//p[{tree.classes('x', 'y')}]/@id") == ["a", "c"]


def test_emoji_drawn_as_pictures_stay_in_names_photos_do_not() -> None:
    root = tree.load_tree(
        '<a id=a>ben g<img alt="🥦" src="/e.svg"></a>'
        '<a id=b><img alt="Ken Aizawa’s profile picture" src="/k.jpg">Ken Aizawa</a>',
        "test",
    )
    assert tree.first_text(root, '//*[@id="a"]') == "ben g🥦"
    assert tree.first_text(root, '//*[@id="b"]') == "Ken Aizawa"


NESTED = """<div data-view-name="list"><div id=1><p><a id=a1>A</a></p>
  <div data-view-name="list"><div id=2><a id=a2><a id=a3>x</a></a></div></div>
  <span id=3></span></div><div id=4><p></p></div></div>
<section data-view-name="other"><div id=5></div></section><div id=6></div>"""


def test_helpers_give_what_their_queries_give() -> None:
    """``with_parent`` and ``descendants`` are ``//*[@a="v"]/tag`` and ``.//tag``, in
    document order also where the lists nest; ``first_text_of`` reads like ``first_text``."""
    root = tree.load_tree(NESTED, "test")
    assert [e.get("id") for e in tree.with_parent(root, "div", "data-view-name", "list")] == [
        e.get("id") for e in tree.xpath(root, '//*[@data-view-name="list"]/div')
    ]
    assert [e.get("id") for e in tree.with_parent(root, "div", "data-view-name", "list")] == [
        "1",
        "2",
        "4",
    ]
    outer = tree.first(root, '//*[@id="1"]')
    assert tree.descendants(outer, "a") == tree.xpath(outer, ".//a")
    assert [a.get("id") for a in tree.descendants(root, "a")] == ["a1", "a2", "a3"]
    assert tree.descendants(tree.first(root, '//*[@id="a3"]'), "a") == []  # not itself
    assert tree.first_text_of(tree.xpath(root, "//p")) == tree.first_text(root, "//p") == "A"
    assert tree.first_text_of(tree.xpath(root, '//*[@id="4"]/p')) is None
    assert tree.first_text_of([]) is None
