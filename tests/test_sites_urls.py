"""The shared first step of the site normalisers."""

from __future__ import annotations

import re

import pytest

from metanet.sites.urls import split_site_url

HOST = re.compile(r"(?:^|\.)linkedin\.com$")


@pytest.mark.parametrize(
    ("url", "segments"),
    [
        ("https://www.linkedin.com/in/jo/", ["in", "jo"]),
        ("linkedin.com/in/jo", ["in", "jo"]),
        ("//de.linkedin.com./in/J%C3%B6", ["in", "J%C3%B6"]),
        ("HTTP://LinkedIn.com//in//jo?trk=x#y", ["in", "jo"]),
    ],
)
def test_splits_links_of_the_site(url: str, segments: list[str]) -> None:
    found = split_site_url(url, HOST)
    assert found is not None and found[1] == segments


@pytest.mark.parametrize(
    "url",
    ["https://evillinkedin.com/in/jo", "ftp://linkedin.com/in/jo", "javascript:alert(1)",
     "https://linkedin.com.evil.example/in/jo", "http://[::1/in"],
)  # fmt: skip
def test_refuses_other_sites_and_schemes(url: str) -> None:
    assert split_site_url(url, HOST) is None
