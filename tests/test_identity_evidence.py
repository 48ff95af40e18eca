"""What shared exact evidence says about two accounts: merge, suggest, or two people."""

from __future__ import annotations

import pytest

from metanet.i18n import texts, words
from metanet.identity.evidence import DIFFERENT, MERGE, SUGGEST, Holder, fit
from metanet.identity.names import parse_name

EMAIL, PHONE, LINK = "email:x@example.org", "phone:+491711234567", "ref:linkedin:x"


def holder(text: str) -> Holder:
    return Holder(parse_name(text), text)


@pytest.mark.parametrize(
    ("key", "a", "b", "verdict"),
    [
        (EMAIL, "Anna Schmidt", "Anna Weber-Schmidt", MERGE),  # a double name
        (EMAIL, "Ewa Kamińska", "Ewa Nowak (geb. Kamińska)", MERGE),  # the maiden name shown
        (EMAIL, "Hans-Jürgen Meier", "Hansi Meier", MERGE),  # a nickname
        (PHONE, "Sergej Iwanow", "Sergei Ivanov", MERGE),  # a transliteration
        (PHONE, "Дмитрий Соколов", "Dmitry Sokolov", MERGE),  # another script
        (LINK, "Nikos Papadakis", "Nikolaos Papadakis", MERGE),
        (LINK, "Eleni Konstantinou", "Eleni Georgiou", MERGE),  # her own profile, linked
        (LINK, "T. Müller", "T. Müller", MERGE),
        (EMAIL, "Julia Krüger", "Julia Hoffmann", SUGGEST),  # married? the user decides
        (EMAIL, "Thomas Müller", "T. Müller", SUGGEST),  # T. may be Tanja
        (LINK, "Anna Müller", "Bernd Müller", SUGGEST),  # a link is never a household's
        (EMAIL, "Anna Müller", "Bernd Müller", DIFFERENT),  # the family address
        (PHONE, "Thomas Bauer", "Sabine Bauer", DIFFERENT),  # the family landline
        (EMAIL, "S. Hirschinstätter", "S. Hirschinstaetter", DIFFERENT),  # Stefan and Sabine?
        (EMAIL, "Katrin Vogel", "Michael Brandt", DIFFERENT),
        ("phone:+49899260524", "Thomas Bauer", "Thomas Bauer", SUGGEST),  # a landline
        ("phone:+49899260524", "Thomas Bauer", "Sabine Bauer", DIFFERENT),
        ("phone:0899260524", "Thomas Bauer", "Thomas Bauer", SUGGEST),  # country unknown
        (PHONE, "Meyer, A.", "Andreas Meyer", MERGE),  # a mobile number is one person's
        (PHONE, "S. Eichhardt", "Eichhardt, S.", MERGE),
    ],
)
def test_fit(key: str, a: str, b: str, verdict: str) -> None:
    assert fit(key, holder(a), holder(b))[0] == verdict
    assert fit(key, holder(b), holder(a))[0] == verdict


def test_a_suggestion_names_the_difference_the_same_in_either_order() -> None:
    one = fit(EMAIL, holder("Anna Schmidt"), holder("Anna Weber"))
    other = fit(EMAIL, holder("Anna Weber"), holder("Anna Schmidt"))
    assert one == other
    assert texts.reasons(words("en"), one[1]) == "surname differs: Schmidt / Weber — married name?"
    assert texts.reasons(words("de"), one[1]) == "anderer Nachname: Schmidt / Weber – durch Heirat?"


def test_a_missing_name_never_disagrees() -> None:
    assert fit(LINK, Holder(None, None), holder("Eleni Georgiou")) == (MERGE, [])
