"""Pages of known sites in unknown layouts: the owner's name from the page's metadata."""

from __future__ import annotations

import pytest

from metanet.model import AccountRef, Reading
from metanet.sites import fallback, tree
from metanet.sites.base import ParserError


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("(99+) Rob Cheung | LinkedIn", "Rob Cheung"),
        ("rob cheung (@perceptnet) / X", "rob cheung"),
        ("Amy Nicholson (@TheAmyNicholson) | Twitter", "Amy Nicholson"),
        ("tiff (@hausoftiffany) • Instagram photos and videos", "tiff"),
        ("Jennifer Chen Taylor", "Jennifer Chen Taylor"),
        ("Anna-Lena Schmidt - XING", "Anna-Lena Schmidt"),
        ("LinkedIn", None),
        ("Log in or sign up to view", None),
        ("Page Not Found | LinkedIn", None),
        ("Facebook", None),
        ("", None),
        (None, None),
    ],
)
def test_title_name(title: str | None, name: str | None) -> None:
    assert fallback.title_name(title) == name


def test_partly_read_keeps_the_owner_or_fails_without_a_name() -> None:
    owner = AccountRef("x", "jana")
    html = (
        '<html><head><meta property="og:type" content="profile">'
        '<meta property="og:title" content="Jana Novák"></head></html>'
    )
    root = tree.load_tree(html, "x")
    found = fallback.partly_read(
        "x", 1, "profile", owner, "https://x.com/jana", root, html, "https://x.com/jana"
    )
    assert found.partly_read == Reading.UNKNOWN_LAYOUT
    assert found.owner is not None and (found.owner.key, found.owner.name) == ("jana", "Jana Novák")
    bare = "<html><body><p>Something went wrong</p></body></html>"
    with pytest.raises(ParserError):
        fallback.partly_read(
            "x",
            1,
            "profile",
            owner,
            "https://x.com/jana",
            tree.load_tree(bare, "x"),
            bare,
            "https://x.com/jana",
        )
