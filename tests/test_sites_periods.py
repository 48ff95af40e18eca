"""Years from printed periods, in the forms the real pages print them."""

from __future__ import annotations

import pytest

from metanet.sites import periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 2008 – Present (7 years 1 month)", (2008, None, True)),
        ("Jul 2021 - Present · 3 yrs 1 mo", (2021, None, True)),
        ("Jan 2014 - Dec 2017 · 4 yrs", (2014, 2017, False)),
        ("2019 - 2021", (2019, 2021, False)),
        ("2016 - Present", (2016, None, True)),
        ("August 2005 - Present", (2005, None, True)),
        ("Class of 2013", (None, 2013, False)),
        ("seit 2016 bis heute", (2016, None, True)),
        ("Feb 2012 - Dec 2013 · 1 yr 11 mos", (2012, 2013, False)),
        ("3 yrs 1 mo", (None, None, False)),
        ("", (None, None, False)),
        (None, (None, None, False)),
    ],
)
def test_years(text: str | None, expected: tuple[int | None, int | None, bool]) -> None:
    assert periods.years(text) == expected
