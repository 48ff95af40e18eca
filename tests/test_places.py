"""Cities known by more than one name, for identity (city keys) and search."""

from __future__ import annotations

from metanet.identity.blocking import city_key
from metanet.places import other_city_names


def test_other_city_names() -> None:
    assert other_city_names("München") == ("Munich",)
    assert other_city_names("MUENCHEN") == ("Munich",)
    assert other_city_names("Munich") == ("München",)
    assert other_city_names("Bonn") == ()


def test_city_keys_of_every_name_agree() -> None:
    assert city_key("Munich Area") == city_key("München, Bayern") == city_key("Muenchen")
    assert city_key("Frankfurt a. M.") == city_key("Frankfurt am Main") == city_key("Frankfurt")
    assert city_key("Vienna, Austria") == city_key("Wien")
    assert city_key("Köln") != city_key("Bonn")
