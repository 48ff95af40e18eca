"""How likely two accounts are one human, as a score in [0, 1] and its reasons as codes.

The score is a posterior from odds: the name sets the prior, every other fact multiplies
the odds by how much more often it happens for one human than for two (a likelihood ratio,
after Fellegi and Sunter's record linkage). The prior reflects how rare the name is *in the
user's own data*: of k accounts called "Thomas Müller", a given pair is the same human with
odds about 1 : (k - 1); a name seen twice is a strong hint, a name seen forty times proves
nothing. Each factor adds a reason (a code with parameters, :mod:`metanet.reasons`), so the
user sees why.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from metanet.folding import loose
from metanet.identity.blocking import city_key, company_key
from metanet.identity.names import Name, last_key
from metanet.reasons import Reason, encode
from metanet.words.forms import title_key

# Likelihood ratios. Rough, deliberately round numbers: the bench measures what they give.
LR_COMPANY_SAME = 20.0
LR_COMPANY_DIFFERENT = 0.5  # people change jobs; networks lag behind
LR_CITY_SAME = 5.0
LR_CITY_DIFFERENT = 0.5
LR_ROLE_SAME = 3.0
LR_PHOTO_SAME = 50.0
LR_PER_SHARED_CONTACT = 4.0
LR_SHARED_CONTACTS_MAX = 100.0
LR_SAME_NETWORK = 0.1  # two accounts on one network are seldom one human
NAME_FACTORS = {
    "same": 1.0,
    "spelling": 0.8,  # Müller / Mueller / Muller; Иванов / Iwanow / Ivanov
    "nickname": 0.6,  # Hans / Johannes
    "initial": 0.3,  # M. Mustermann
    "middle": 0.2,  # Anna Maria / Anna Lena: different middle names
}
MIN_SCORE = 0.01  # below this a suggestion only wastes the user's time


@dataclass(slots=True)
class AccountFacts:
    """What scoring needs of one account (a row of ``accounts``, parsed)."""

    id: int
    person_id: int
    network: str
    raw_name: str | None
    name: Name | None
    company: str | None = None
    role: str | None = None
    location: str | None = None
    photo_url: str | None = None
    confirmed: bool = True


@dataclass
class Scored:
    score: float
    reasons: list[Reason]

    @property
    def reason(self) -> str:
        """The reasons as the ``reason`` column keeps them (JSON)."""
        return encode(self.reasons)


def people_with_name(holders: Iterable[tuple[int, str]]) -> int:
    """How many people carry a name, from its accounts' ``(person id, network)``.

    Not the number of records: one woman in four exports is four persons until she is
    merged, and counting her four times would lower the score of her own correct pairs.
    One human seldom has two accounts on one network, so the name's people are about as
    many as the most persons one network holds with it (at least one).
    """
    by_network: dict[str, set[int]] = {}
    for person_id, network in holders:
        by_network.setdefault(network, set()).add(person_id)
    return people_on_networks(by_network)


def people_on_networks(by_network: Mapping[str, Collection[int]]) -> int:
    """:func:`people_with_name` from the persons holding the name on each network."""
    return max(map(len, by_network.values()), default=1)


@lru_cache(maxsize=300_000)
def name_agreement(a: Name, b: Name) -> str | None:
    """How two names agree: a key of :data:`NAME_FACTORS`, or None when they disagree."""
    if last_key(a) != last_key(b) or not a.first or not b.first:
        return None
    if a.first_is_initial or b.first_is_initial:
        return "initial" if a.initials_match(b) else None
    if a.middle and b.middle and loose(a.middle[0][:1]) != loose(b.middle[0][:1]):
        return "middle"
    if a.first == b.first and a.last == b.last:
        return "same"
    if loose(a.first) == loose(b.first):
        return "spelling"
    if {loose(f) for f in a.first_forms} & {loose(f) for f in b.first_forms}:
        return "nickname"
    return None


def _label(account: AccountFacts) -> str:
    return account.raw_name or (account.name.display() if account.name else "?")


def score_pair(a: AccountFacts, b: AccountFacts, name_count: int, shared: int) -> Scored | None:
    """Score one candidate pair; None when the names disagree (no suggestion at all).

    ``name_count`` is how many people in the user's data carry this name
    (:func:`people_with_name` of its block);
    ``shared`` how many people both accounts' persons know.
    """
    if a.name is None or b.name is None:
        return None
    agreement = name_agreement(a.name, b.name)
    if agreement is None:
        return None
    odds = NAME_FACTORS[agreement] / max(1, name_count - 1)
    if agreement == "same":
        reasons: list[Reason] = [{"code": "same_name", "name": _label(a)}]
    else:
        reasons = [{"code": "similar_names", "a": _label(a), "b": _label(b), "how": agreement}]
    if name_count > 2:
        reasons.append({"code": "common_name", "n": name_count})

    company_a, company_b = company_key(a.company), company_key(b.company)
    if company_a and company_b:
        if company_a == company_b or company_a in company_b or company_b in company_a:
            odds *= LR_COMPANY_SAME
            reasons.append({"code": "same_company", "company": a.company})
        else:
            odds *= LR_COMPANY_DIFFERENT
            reasons.append({"code": "different_companies", "a": a.company, "b": b.company})
    city_a, city_b = city_key(a.location), city_key(b.location)
    if city_a and city_b:
        if city_a == city_b:
            odds *= LR_CITY_SAME
            reasons.append({"code": "same_city", "city": (a.location or "").split(",")[0]})
        else:
            odds *= LR_CITY_DIFFERENT
            reasons.append({"code": "different_cities"})
    if a.role and b.role and title_key(a.role) == title_key(b.role):
        odds *= LR_ROLE_SAME
        reasons.append({"code": "same_role", "role": a.role})
    if a.photo_url and a.photo_url == b.photo_url:
        odds *= LR_PHOTO_SAME
        reasons.append({"code": "same_photo"})
    if shared:
        odds *= min(LR_SHARED_CONTACTS_MAX, 1 + LR_PER_SHARED_CONTACT * shared)
        reasons.append({"code": "shared_contacts", "n": shared})
    if a.network == b.network and a.network != "offline":
        odds *= LR_SAME_NETWORK
        reasons.append({"code": "same_network", "network": a.network})
    score = odds / (1 + odds)
    return Scored(round(score, 4), reasons)
