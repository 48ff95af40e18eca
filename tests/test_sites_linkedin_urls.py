"""LinkedIn member URLs: the quick match of the common form answers as the full reading."""

from __future__ import annotations

import re
from urllib.parse import quote

from hypothesis import example, given, settings
from hypothesis import strategies as st

from metanet.sites.linkedin_urls import member, member_of_path, profile_url

SCHEMES = st.sampled_from(["https://", "http://", "HTTPS://", "", "//", "ftp://", " https://"])
HOSTS = st.sampled_from(
    ["www.linkedin.com", "linkedin.com", "de.linkedin.com", "WWW.LinkedIn.com", "linkedin.com.",
     "xlinkedin.com", "linkedin.com:443", "user@linkedin.com", "www.linkedin.co", "m.linkedin.com"]
)  # fmt: skip
PIECES = st.sampled_from(
    ["/in/", "/pub/", "/in", "/", "in", "anna-b", "ACoAAB1234567890abcdefghijklmn", "Zoë",
     "%C3%BC", "%zz", "%", "?trk=x", "#x", " ", "\t", "\n", "\u00a0", "\u2003", "\x00", "é",
     "public-profile", "mwlite", "detail", "ANNA", ".", "..", "~", ";a=b", "\\", "-"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(SCHEMES, HOSTS, st.lists(PIECES, max_size=8))
@example("https://", "www.linkedin.com", ["/in/", "anna-b", "/"])
@example("https://", "de.linkedin.com", ["/in/", "Zoë", "%C3%BC"])
@example("http://", "linkedin.com", ["/in/", "anna", "\u00a0"])
def test_the_quick_match_answers_as_the_path_reading(
    scheme: str, host: str, path: list[str]
) -> None:
    url = scheme + host + "".join(path)
    assert member(url) == member_of_path(url)


@given(st.text(max_size=30))
@example("anna-b")
@example("zoë-ørsted")
@example("a b/c?d")
def test_profile_url_quotes_only_what_quote_would(key: str) -> None:
    assert profile_url(key) == f"https://www.linkedin.com/in/{quote(key, safe='-_.~')}/"


def test_export_forms_are_read_quickly_as_before() -> None:
    assert member("https://www.linkedin.com/in/Anna-B") == ("anna-b", [])
    assert member("https://de.linkedin.com/in/anna-b/") == ("anna-b", [])
    assert member("https://www.linkedin.com/in/anna%20b") is None  # a space: no member
    assert re.search("ACoAA", str(member("https://www.linkedin.com/in/ACoAAB1234567890abcdefghij")))
