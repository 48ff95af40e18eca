"""The message catalogs: every message the code says is translated in German and English,
parameters survive translation, and numbers, dates and plurals follow the language."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from metanet.i18n import LANGUAGES, catalog_path, from_environment, words

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import messages  # scripts/messages.py: the extraction `make messages` runs

PARAMETER = re.compile(r"%\(\w+\)s|\{\w+\}")


def _texts(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return messages.extract()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_a_translation(lang: str, extracted: Catalog) -> None:
    """Every message in the code and the templates, translated (not fuzzy, every plural)."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    missing = []
    for message in extracted:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        forms = _texts(entry.string) if entry is not None else []
        if entry is None or entry.fuzzy or not forms or not all(forms):
            missing.append(message.id)
    assert not missing, f"{lang}: no translation for {missing} (run make messages, then translate)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_parameters(lang: str) -> None:
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    for entry in catalog:
        if not entry.id:
            continue
        wanted = set(PARAMETER.findall(" ".join(_texts(entry.id))))
        for form in _texts(entry.string):
            got = set(PARAMETER.findall(form))
            # a singular may leave its number out ("Die erste wird gezeigt.")
            assert got <= wanted and (wanted - got) <= {"%(num)s"}, (entry.id, form)


def test_catalogs_are_up_to_date() -> None:
    """`make messages` has nothing to add or drop (a new message cannot slip past)."""
    template = messages.extract()
    for lang in LANGUAGES:
        before, after = messages.updated(lang, template)
        assert before == after, f"{lang} catalog is out of date: run make messages"


def test_german_numbers_dates_and_plurals() -> None:
    de, en = words("de"), words("en")
    assert de.number(47341491) == "47.341.491" and en.number(47341491) == "47,341,491"
    assert de.number(0.85, 2) == "0,85" and en.number(0.85, 2) == "0.85"
    assert (
        de.date(date(2026, 12, 6)) == "6. Dez. 2026" and en.date(date(2026, 12, 6)) == "Dec 6, 2026"
    )
    assert de.datetime("2026-12-06T10:22:00+00:00") == "6. Dez. 2026, 10:22"  # tests run in UTC
    assert de.percent(0.42) == "42\xa0%" and en.percent(0.42) == "42%"
    one = ("%(num)s shared contact", "%(num)s shared contacts")
    assert de.ngettext(*one, 1) == "1 gemeinsamer Kontakt"
    assert de.ngettext(*one, 1234) == "1.234 gemeinsame Kontakte"
    assert (
        en.ngettext(*one, 1) == "1 shared contact" and en.ngettext(*one, 2) == "2 shared contacts"
    )


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "de_CH.UTF-8"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:en"}, "de"),
        ({"LANG": "C", "LANGUAGE": "de"}, "en"),  # gettext ignores LANGUAGE under C
    ],
)
def test_the_terminal_language(environ: dict[str, str], expected: str) -> None:
    assert from_environment(environ) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_popup_and_pages_name_networks_alike(lang: str) -> None:
    """One table of display names (issue 21): the popup's ``network_<code>`` messages say
    what the summary page says (metanet.i18n.texts.NETWORKS) — "Offline" was "In person"
    in the popup, "Offline" on the page."""
    import json

    from metanet.i18n import texts

    root = Path(__file__).resolve().parent.parent
    popup = json.loads((root / "extension" / "_locales" / lang / "messages.json").read_text())
    said = {
        k.removeprefix("network_"): v["message"]
        for k, v in popup.items()
        if k.startswith("network_")
    }
    assert said == {code: texts.network(words(lang), code) for code in texts.NETWORKS}


def test_strength_and_relative_time_in_words() -> None:
    from datetime import UTC, datetime, timedelta

    from metanet.i18n import texts

    en, de = words("en"), words("de")
    assert texts.strength(en, 0.9) == "know each other very well"
    assert texts.strength(de, 0.41) == "kennen sich"
    assert texts.strength(de, 0.01) == "kennen sich kaum"
    assert texts.strength(en, None) == ""
    # a tie rated on the paths page reads as the rating's own words
    for rated, said in ((0.9, "very well"), (0.6, "well"), (0.3, "loosely"), (0.05, "barely")):
        assert said in texts.strength(en, rated)
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    then = (now - timedelta(days=3)).isoformat()
    assert en.ago(then, now) == "3 days ago" and de.ago(then, now) == "vor 3 Tagen"
    assert en.ago(None) == "" and en.ago("") == ""


def test_relative_times_and_numbers_kept_say_what_babel_says() -> None:
    """Words keeps the relative times, numbers and shares it said (Babel's formats cost
    20-50 µs each); what it keeps must be what Babel says for every time with that key,
    on both sides of each unit's switch (0.85 of it) and of each rounding."""
    from datetime import UTC, datetime, timedelta

    from babel.dates import TIMEDELTA_UNITS, format_timedelta
    from babel.numbers import format_decimal, format_percent

    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    edges = [0.0, 0.4, 0.5, 0.6, 1.0]
    for _, per_unit in TIMEDELTA_UNITS:
        for n in (0.85, 1, 1.5, 2.5, 3.5, 11.5, 12, 40.5):
            edges += [n * per_unit + d for d in (-1.0, -0.001, 0.0, 0.001, 1.0)]
    for lang in ("en", "de"):
        said = words(lang)
        for seconds in edges:
            for sign in (-1, 1):
                delta = timedelta(seconds=sign * seconds)
                then = (now + delta).isoformat()
                expected = format_timedelta(delta, add_direction=True, locale=said.locale)
                assert said.ago(then, now) == expected, (lang, sign * seconds)
                assert said.ago(then, now) == expected  # kept: the same again
        for n in (0, 7, 1234, -98765, 10**12):
            assert said.number(n) == said.number(n) == format_decimal(n, locale=said.locale)
        assert said.number(2.5) == format_decimal(2.5, locale=said.locale)  # not kept as 2
        for value in (0.125, 2.675, 0.7998, 1.0):  # kept per value and digits
            for digits in (0, 2):
                pattern = "#,##0." + "0" * digits if digits else "#,##0"
                babel = format_decimal(value, format=pattern, locale=said.locale)
                assert said.number(value, digits) == said.number(value, digits) == babel
        for share in (0, 1, 0.0, 0.42, 0.005, 0.995, 0.12345, 1.0, 2.5):  # kept per value
            babel = format_percent(share, locale=said.locale)
            assert said.percent(share) == said.percent(share) == babel
        assert said.number(1.0) == said.number(1) == "1" and said.number(1.0, 2) != "1"
        assert said.number(1234, digits=2) == ("1.234,00" if lang == "de" else "1,234.00")


def test_popup_and_pages_say_strength_alike() -> None:
    """The popup's strength bands (extension/popup/answers.js) are the page's
    (metanet.i18n.texts.STRENGTHS), and every band has its words in both languages."""
    import json

    from metanet.i18n import texts

    root = Path(__file__).resolve().parent.parent
    script = (root / "extension" / "popup" / "answers.js").read_text()
    table = script.split("export const STRENGTH_WORDS = [")[1].split("];")[0]
    bands = [(float(f), name) for f, name in re.findall(r'\[([\d.]+), "(\w+)"\]', table)]
    assert [floor for floor, _ in bands] == [floor for floor, _ in texts.STRENGTHS]
    paths = script.split("export const PATH_WORDS = [")[1].split("];")[0]
    path_bands = [(float(f), name) for f, name in re.findall(r'\[([\d.]+), "(\w+)"\]', paths)]
    assert [floor for floor, _ in path_bands] == [floor for floor, _ in texts.PATH_STRENGTHS]
    for lang in LANGUAGES:
        popup = json.loads((root / "extension" / "_locales" / lang / "messages.json").read_text())
        assert all(popup[name]["message"] for _, name in bands + path_bands)
