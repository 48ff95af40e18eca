"""The user's settings: the region phone numbers without a country code are read in.

The region is saved in the database (``settings``), so the host the browser starts, the
command line and the summary page read numbers alike whatever their environment says;
without a saved region, each reads it from its locale (:func:`metanet.region.user_region`).
``metanet config region DE`` saves it, ``metanet doctor`` shows it.

Numbers stored before their country was known ("0891234567" from an address book read
without a region) are read again in the region as soon as there is one (or it changes):
they become E.164 (``+49891234567``), and accounts whose numbers now agree are merged on
that exact evidence, as a fresh import would have merged them (:func:`localise_phones`,
run before every change and every lookup of a person).
"""

from __future__ import annotations

from typing import TypedDict

from metanet.errors import InvalidInput
from metanet.identifiers import normalise_phone
from metanet.region import user_region, valid_region
from metanet.store import Store

REGION = "region"  # the user's choice: an ISO 3166 code phonenumbers knows
PHONES_READ_IN = "phones_region"  # the region stored numbers were last read in


class RegionSetting(TypedDict):
    region: str | None  # "DE"; None: numbers without a country code keep their digits
    source: str  # "setting", "locale" or "none" (metanet.region.SOURCES)


class RegionChanged(RegionSetting):
    numbers: int  # stored numbers now read in the region (E.164)
    merges: int  # persons merged because their numbers now agree


def region_setting(store: Store) -> RegionSetting:
    region, source = user_region(store.setting(REGION))
    return {"region": region, "source": source}


def phone_region(store: Store) -> str | None:
    """The region numbers without a country code are read in (None: keep their digits)."""
    return region_setting(store)["region"]


def set_region(store: Store, code: str | None) -> RegionChanged:
    """Save the region (None: forget it, the locale decides again), then read the stored
    numbers in it."""
    region = None
    if code is not None:
        region = valid_region(code)
        if region is None:
            raise InvalidInput(
                f"not a region phone numbers know: {code!r} (a country code such as DE, AT, CH)",
                field="region",
            )
    store.set_setting(REGION, region)
    numbers, merges = localise_phones(store)
    return {**region_setting(store), "numbers": numbers, "merges": merges}


def localise_phones(store: Store) -> tuple[int, int]:
    """Read the numbers stored without a country in the current region, once per region;
    merge the accounts whose numbers now agree. (numbers changed, persons merged)."""
    from metanet.identity import resolve_accounts  # identity loads with the first change

    region = phone_region(store)
    if region is None or store.setting(PHONES_READ_IN) == region:
        return 0, 0
    with store.write():
        changes = []
        for row_id, account_id, digits in store.phones_without_country():
            value = normalise_phone(digits, default_region=region)
            if value is not None and value != digits:
                changes.append((row_id, account_id, value))
        accounts = store.rewrite_phones(changes)
        store.set_setting(PHONES_READ_IN, region)
        merges = resolve_accounts(store, accounts, suggest=False).merges if accounts else 0
    return len(changes), merges
