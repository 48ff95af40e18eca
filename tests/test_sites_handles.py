"""One description per handle site: the reader every one of them shares."""

from __future__ import annotations

import pytest

from metanet.model import AccountRef, PageKind
from metanet.sites import github, instagram, mastodon, x
from metanet.sites.handles import HandleSite


@pytest.mark.parametrize(
    ("site", "url", "key", "kind"),
    [
        (
            x.SITE,
            "https://twitter.com/PerceptNet/followers_you_follow",
            "perceptnet",
            PageKind.MUTUAL,
        ),
        (
            instagram.SITE,
            "https://www.instagram.com/HausOfTiffany/followers/mutualOnly",
            "hausoftiffany",
            PageKind.MUTUAL,
        ),
        (
            github.SITE,
            "https://github.com/Ada-Beispiel?tab=following",
            "ada-beispiel",
            PageKind.FOLLOWING,
        ),
        (
            github.SITE,
            "https://github.com/ada-beispiel?tab=stars",
            "ada-beispiel",
            PageKind.PROFILE,
        ),
        (
            mastodon.SITE,
            "https://home.example/web/@Ada@Social.Example/followers",
            "ada@social.example",
            PageKind.FOLLOWERS,
        ),
        (
            mastodon.SITE,
            "https://social.example/@ada/media",
            "ada@social.example",
            PageKind.PROFILE,
        ),
    ],
)
def test_one_reader_for_every_handle_site(site: HandleSite, url: str, key: str, kind: str) -> None:
    found = site.split(url)
    assert found is not None and found.key == key
    assert site.page_kind(url) == kind


@pytest.mark.parametrize(
    ("site", "url"),
    [
        (x.SITE, "https://x.com/i/lists/1"),  # reserved first segment
        (instagram.SITE, "https://www.instagram.com/p/DH1x2abc/"),
        (github.SITE, "https://github.com/ada-beispiel/some-repo"),  # deeper is a repository
        (github.SITE, "https://gist.github.com/ada-beispiel"),  # another host
        (mastodon.SITE, "https://social.example/users/ada"),  # no @ prefix
    ],
)
def test_what_is_not_an_account(site: HandleSite, url: str) -> None:
    assert site.normalise(url) is None


def test_profile_urls_round_trip() -> None:
    for site, key in (
        (x.SITE, "perceptnet"),
        (instagram.SITE, "tiff.x_"),
        (github.SITE, "ada"),
        (mastodon.SITE, "ada@social.example"),
    ):
        assert site.normalise(site.profile_url(key)) == AccountRef(site.network, key)
