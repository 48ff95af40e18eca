"""Name normalisation: German and international spellings reduce to the same parts."""

from __future__ import annotations

import pytest

from metanet.identity.blocking import city_key, company_key, last_name_prefix, name_keys
from metanet.identity.names import Name, parse_name
from metanet.identity.scoring import name_agreement


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jürgen Müller", Name("juergen", (), "mueller")),
        ("Juergen Mueller", Name("juergen", (), "mueller")),
        ("MÜLLER, Jürgen", Name("juergen", (), "mueller")),
        ("Dr. Jürgen Müller", Name("juergen", (), "mueller")),
        ("Prof. Dr.-Ing. Jürgen Müller", Name("juergen", (), "mueller")),
        ("Dipl.-Ing. Jürgen Müller MBA", Name("juergen", (), "mueller")),
        ("Anna Maria Schmidt", Name("anna", ("maria",), "schmidt")),
        ("Ursula von der Leyen", Name("ursula", (), "von der leyen")),
        ("Frédéric Dubois", Name("frederic", (), "dubois")),
        ("Weiß, Ayşe", Name("ayse", (), "weiss")),
        ("Max (Maxi) Mustermann", Name("max", (), "mustermann")),
        ("M. Mustermann", Name("m", (), "mustermann")),
        ("Mustermann", Name("", (), "mustermann")),
    ],
)
def test_parse_name(text: str, expected: Name) -> None:
    assert parse_name(text) == expected


@pytest.mark.parametrize("text", ["", None, "Dr.", "  ,  ", "123"])
def test_no_name(text: str | None) -> None:
    assert parse_name(text) is None


@pytest.mark.parametrize(
    ("a", "b", "agreement"),
    [
        ("Jürgen Müller", "Juergen Mueller", "same"),
        ("Jürgen Müller", "Jurgen Muller", "spelling"),
        ("Hans Meier", "Johannes Meier", "nickname"),
        ("Sepp Huber", "Josef Huber", "nickname"),
        ("Max Mustermann", "Maximilian Mustermann", "nickname"),
        ("M. Mustermann", "Max Mustermann", "initial"),
        ("J. Huber", "Sepp Huber", "initial"),  # Sepp is Josef
        ("Anna Maria Schmidt", "Anna Lena Schmidt", "middle"),
        ("Anna Maria Schmidt", "Anna Schmidt", "same"),
        ("Anna Schmidt", "Bernd Schmidt", None),
        ("Anna Schmidt", "Anna Schmitt", None),
        ("K. Berger", "M. Berger", None),
    ],
)
def test_name_agreement(a: str, b: str, agreement: str | None) -> None:
    x, y = parse_name(a), parse_name(b)
    assert x is not None and y is not None
    assert name_agreement(x, y) == agreement


def test_spellings_and_nicknames_share_a_blocking_key() -> None:
    def keys(text: str) -> set[str]:
        return set(name_keys(parse_name(text)))

    assert keys("Jürgen Müller") & keys("Jurgen Muller")
    assert keys("Hans Meier") & keys("Johannes Meier")
    assert keys("M. Mustermann") & keys("Maximilian Mustermann")
    assert keys("J. Huber") & keys("Sepp Huber")
    assert not keys("Anna Schmidt") & keys("Bernd Schmidt")


def test_initial_keys_put_the_last_name_first() -> None:
    """Every initial key of a last name lies in one range of the key index (a last name
    said alone is looked up by it); a longer last name lies outside it."""
    keys = name_keys(parse_name("Sepp Huber"))
    assert [k for k in keys if k.startswith("i:")] == ["i:huber|j", "i:huber|s"]
    assert all(k.startswith(last_name_prefix("huber")) for k in keys if k.startswith("i:"))
    assert not name_keys(parse_name("Sepp Huberti"))[0].startswith(last_name_prefix("huber"))


def test_company_and_city_keys() -> None:
    assert company_key("Siemens AG") == company_key("SIEMENS Deutschland GmbH")
    assert company_key("Bosch") != company_key("Siemens")
    assert city_key("München, Bayern, Deutschland") == city_key("Munich Area")
    assert city_key("Köln") == city_key("Cologne")
    assert city_key(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mehmet Yılmaz", Name("mehmet", (), "yilmaz")),  # the old folding gave "lmaz"
        ("İbrahim Doğan", Name("ibrahim", (), "dogan")),
        ("Łukasz Wiśniewski", Name("lukasz", (), "wisniewski")),
        ("Đorđe Đorđević", Name("dorde", (), "dordevic")),
        ("Дмитрий Иванов", Name("dmitriy", (), "ivanov")),
        ("Иванов, Дмитрий", Name("dmitriy", (), "ivanov")),
        ("Ольга Кузнецова", Name("olga", (), "kuznetsova")),
        ("Γιώργος Παπαδόπουλος", Name("giorgos", (), "papadopoulos")),
        ("Sean O'Brien", Name("sean", (), "obrien")),
    ],
)
def test_parse_names_of_every_script(text: str, expected: Name) -> None:
    assert parse_name(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "agreement"),
    [
        ("Mehmet Yılmaz", "Mehmet Yilmaz", "same"),
        ("Ayşe Öztürk", "Ayse Oeztuerk", "same"),
        ("Ayşe Öztürk", "Ayse Ozturk", "spelling"),
        ("Łukasz Wiśniewski", "Lukasz Wisniewski", "same"),
        ("Đorđe Đorđević", "Djordje Djordjevic", "spelling"),
        ("Đorđe Đorđević", "Ђорђе Ђорђевић", "same"),
        ("Дмитрий Иванов", "Dmitry Ivanov", "spelling"),
        ("Дмитрий Иванов", "Dmitrij Iwanow", "spelling"),
        ("Сергей Шевченко", "Sergej Schewtschenko", "spelling"),
        ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos", "same"),
        ("Mehmet Yılmaz", "Mehmet Kaya", None),
        ("Дмитрий Иванов", "Sergey Ivanov", None),
    ],
)
def test_transliterations_agree(a: str, b: str, agreement: str | None) -> None:
    x, y = parse_name(a), parse_name(b)
    assert x is not None and y is not None
    assert name_agreement(x, y) == agreement


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mehmet Yılmaz", "Mehmet Yilmaz"),
        ("Łukasz Wiśniewski", "Lukasz Wisniewski"),
        ("Đorđe Đorđević", "Djordje Djordjevic"),
        ("Дмитрий Иванов", "Dmitrij Iwanow"),
        ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),
    ],
)
def test_own_script_and_transliteration_share_a_blocking_key(a: str, b: str) -> None:
    assert set(name_keys(parse_name(a))) & set(name_keys(parse_name(b)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dipl.-Ing. Ö. Yılmaz", Name("o", (), "yilmaz")),  # not "oe": an initial is a letter
        ("Παπαδόπουλος, \u03a7.", Name("c", (), "papadopoulos")),  # Chi: C, as Christos begins
    ],
)
def test_an_initial_from_another_alphabet_stays_one_letter(text: str, expected: Name) -> None:
    assert parse_name(text) == expected
