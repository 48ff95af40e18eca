"""The user's region for phone numbers: the setting, else the locale, else none."""

from __future__ import annotations

import locale

import pytest

from metanet.region import region_from_locale, user_region, valid_region


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "DE"),
        ({"LANG": "de_AT.UTF-8"}, "AT"),
        ({"LANG": "de_CH"}, "CH"),
        ({"LANG": "en_US.UTF-8", "LC_TELEPHONE": "de_DE.UTF-8"}, "DE"),  # telephone beats LANG
        ({"LC_ALL": "fr_FR.UTF-8", "LC_TELEPHONE": "de_DE.UTF-8"}, "FR"),  # LC_ALL beats all
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "de"}, None),  # a language names no country (Germany, Austria, Switzerland?)
        ({"LANG": "sr_RS@latin"}, "RS"),
        ({"LANG": "xx_ZZ.UTF-8"}, None),  # no such region
    ],
)
def test_region_from_locale(environ: dict[str, str], expected: str | None) -> None:
    assert region_from_locale(environ) == expected


def test_without_locale_variables_the_platform_locale_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # locale.getlocale is the platform's answer (Windows, macOS apps): stand-in for it
    monkeypatch.setattr(locale, "getlocale", lambda: ("de_AT", "UTF-8"))
    assert region_from_locale({}) == "AT"
    monkeypatch.setattr(locale, "getlocale", lambda: (None, None))
    assert region_from_locale({}) is None


def test_user_region_prefers_the_setting() -> None:
    assert user_region("at", {"LANG": "de_DE.UTF-8"}) == ("AT", "setting")
    assert user_region(None, {"LANG": "de_DE.UTF-8"}) == ("DE", "locale")
    assert user_region("Germany", {"LANG": "de_DE.UTF-8"}) == ("DE", "locale")  # bad setting
    assert user_region(None, {"LANG": "C.UTF-8"}) == (None, "none")


def test_valid_region() -> None:
    assert valid_region(" de ") == "DE"
    assert valid_region("ZZ") is None
    assert valid_region("") is None
