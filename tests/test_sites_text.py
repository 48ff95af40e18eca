"""Cleaning page-derived text: whitespace, invisible and bidi characters, length, URLs."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metanet.sites import text
from metanet.sites.text import MAX_TEXT, MAX_URL, clean, clean_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jana   Beispiel \n", "Jana Beispiel"),
        ("Jana\tBei\r\nspiel", "Jana Bei spiel"),
        ("Jana\u00a0Beispiel", "Jana Beispiel"),  # no-break space is whitespace
        ("Ja\u200bna", "Jana"),  # zero-width space
        ("Ja\u200cn\u200da", "Jana"),  # zero-width non-joiner and joiner
        ("\ufeffJana\u2060", "Jana"),  # BOM and word joiner
        ("\u202eanaJ", "anaJ"),  # right-to-left override
        ("\u202a\u202b\u202c\u202dJana", "Jana"),  # embeddings and pop
        ("\u2066Jana\u2069 \u2067x\u2068", "Jana x"),  # isolates
        ("Ja\u200e\u200fna", "Jana"),  # LRM / RLM
        ("Ja\x00na\x07\x1b", "Ja na"),  # C0 controls
        ("Ja\x85na\x9f", "Ja na"),  # C1 controls
        ("Ja\ud800na", "Ja na"),  # a lone surrogate would break UTF-8 later
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # markup stays text
        ("Jose\u0301", "Jos\u00e9"),  # NFC
        ("Zoë 👩🏼‍💻", "Zoë 👩🏼💻"),  # ZWJ removed even inside emoji sequences
        ("", None),
        ("   \n\t ", None),
        ("\u200b\u202e\ufeff", None),
    ],
)
def test_clean(raw: str, expected: str | None) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize("value", [None, 42, ["Jana"], {"name": "Jana"}, b"Jana"])
def test_clean_refuses_non_strings(value: object) -> None:
    assert clean(value) is None


def test_clean_caps_length() -> None:
    assert clean("x" * 1000) == "x" * MAX_TEXT
    assert clean("ab " * 200, limit=5) == "ab ab"


def test_clean_looks_at_a_bounded_prefix_only() -> None:
    huge = "\u200b" * 5_000_000 + "x" * 5_000_000
    started = time.perf_counter()
    assert clean(huge) is None  # only invisible characters in the part looked at
    assert clean("y" * 10_000_000) == "y" * MAX_TEXT
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("raw", "base", "expected"),
    [
        ("https://example.com/a?b=1#c", None, "https://example.com/a?b=1#c"),
        ("  http://example.com/ ", None, "http://example.com/"),
        ("/in/jana/", "https://www.linkedin.com/feed/", "https://www.linkedin.com/in/jana/"),
        ("//cdn.example/x.png", "https://example.com/", "https://cdn.example/x.png"),
        ("https://exa\u200bmple.com/", None, "https://example.com/"),
        ("javascript:alert(1)", None, None),
        ("JavaScript:alert(1)", "https://example.com/", None),
        ("data:text/html,<b>x</b>", None, None),
        ("mailto:jana@example.com", None, None),
        ("ftp://example.com/file", None, None),
        ("https://exa mple.com/", None, None),
        ("https://example.com/\nx", None, None),
        ("https://", None, None),
        ("relative/path", None, None),
        ("https://[::1", None, None),  # malformed IPv6 literal
        ("", None, None),
        (None, None, None),
        (7, None, None),
    ],
)
def test_clean_url(raw: object, base: str | None, expected: str | None) -> None:
    assert clean_url(raw, base) == expected


def test_clean_url_drops_overlong_urls_rather_than_cutting_them() -> None:
    assert clean_url("https://example.com/" + "a" * MAX_URL) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/ken-aizawa/",
        "HTTP://Example.COM",
        "https://example.com:99999/x",
        "https://example.com:/p",
        "https://example.com:80x/",
        "https://./x",
        "https://example.com?q#f",
        "https://example.com#f",
        "https://[::1]/",
        "https://[::1/",
        "https://user@example.com/",
        "https://a_b.example/",
        "https://\u01c5.example/",  # not ASCII: split as before
        "https://\u212a.example/",  # the Kelvin sign, which [a-z] matches ignoring case
        "ftp://example.com/",
        "https:///path",
    ],
)
def test_plain_links_are_taken_as_splitting_them_would(url: str) -> None:
    """``clean_url`` keeps a plain absolute link without splitting it; ``plain_host``
    reads its host: both as ``urlsplit`` would."""
    assert clean_url(url) == text._absolute(url, None)
    host = text.plain_host(url)
    if host is not None:
        assert host == urlsplit(url).hostname


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=400))
def test_ascii_text_is_cleaned_as_any_other(raw: str) -> None:
    """ASCII takes a shorter way through ``clean``; a zero-width space in front sends the
    same text the long way (and is removed there): both must agree."""
    assert clean(raw) == clean("\u200b" + raw)
