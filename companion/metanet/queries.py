"""Answers about people, shared by the CLI, the native host and the summary page.

One implementation behind all three: each function takes a :class:`Store` and returns
plain JSON-ready dicts.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from metanet import sites
from metanet.store import NotFound, Store

MAX_SHARED = 200
PUBLIC_ACCOUNT_FIELDS = (
    "id", "network", "key", "profile_url", "name", "headline", "company", "role", "location",
    "photo_url", "first_seen", "last_seen",
)  # fmt: skip


class AmbiguousPerson(NotFound):
    """A name matched more than one person; ``candidates`` lists them."""

    def __init__(self, text: str, candidates: list[dict[str, Any]]) -> None:
        names = "; ".join(f"#{c['id']} {c['name']}" for c in candidates[:10])
        super().__init__(f"'{text}' matches {len(candidates)} people: {names}. Use an id or URL.")
        self.candidates = candidates


def find_person(store: Store, text: str) -> int:
    """A person named by profile URL, numeric id (``42`` or ``#42``) or unambiguous name."""
    text = text.strip()
    if not text:
        raise NotFound("name a person by profile URL, id or name")
    if text.lstrip("#").isdigit():
        return int(store.person(int(text.lstrip("#")))["id"])
    if "://" in text or text.startswith("www."):
        url = text if "://" in text else f"https://{text}"
        ref = sites.normalise(url)
        account = store.account(ref) if ref else None
        if account is None:
            raise NotFound(f"no known person has the profile {text}")
        return int(account["person_id"])
    matches = store.find_people(text)
    if not matches:
        raise NotFound(f"no person is called '{text}'")
    if len(matches) > 1:
        raise AmbiguousPerson(text, matches)
    return int(matches[0]["id"])


def person_summary(store: Store, person_id: int) -> dict[str, Any]:
    """A person with their accounts, as the popup and ``metanet person`` show it."""
    person = store.person(person_id)
    accounts = [{k: a[k] for k in PUBLIC_ACCOUNT_FIELDS} for a in store.person_accounts(person_id)]
    return {
        "id": person["id"],
        "name": person["name"],
        "is_me": bool(person["is_me"]),
        "note": person["note"],
        "accounts": accounts,
    }


def known_people(store: Store, person_id: int) -> dict[int, list[dict[str, str]]]:
    """Everyone a person knows, each with the networks (or offline labels) it is known on.

    A follow counts only when it goes both ways: one-way following is not knowing.
    """
    directions: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    for tie in store.person_ties(person_id):
        label = tie["kind"] if tie["network"] == "offline" else ""
        directions[(int(tie["other"]), tie["network"], label)].add(tie["direction"])
    known: dict[int, list[dict[str, str]]] = defaultdict(list)
    for (other, network, label), seen in sorted(directions.items()):
        if "both" in seen or {"in", "out"} <= seen:
            known[other].append(
                {"network": network, "label": label} if label else {"network": network}
            )
    return dict(known)


def shared_connections(store: Store, person_id: int) -> dict[str, Any]:
    """People both the user and ``person_id`` know, with where each side knows them from.

    Strongest introduction first (answers.shared); each entry also carries ``strength``.
    """
    from metanet.answers.service import snapshot_for
    from metanet.answers.shared import shared_connections as shared

    store.person(person_id)
    return shared(store, snapshot_for(store), person_id, limit=MAX_SHARED)


def lookup(store: Store, url: str, *, paths: int = 3) -> dict[str, Any]:
    """What the popup shows for a page: is this a known person, who do we share, the
    best introduction paths to them and the saved requests they match."""
    ref = sites.normalise(url)
    account = store.account(ref) if ref else None
    result: dict[str, Any] = {
        "url": url,
        "supported": ref is not None,
        "known": account is not None,
        "account": None,
        "person": None,
        "shared": [],
        "shared_total": 0,
        "paths": [],
        "paths_reason": None,
        "request_matches": [],
    }
    if account is None:
        return result
    from metanet.answers.explain import paths_answer
    from metanet.answers.requests import matches_for_person
    from metanet.answers.service import snapshot_for

    person_id = int(account["person_id"])
    shared = shared_connections(store, person_id)
    routes = paths_answer(store, snapshot_for(store), person_id, k=paths)
    result.update(
        account={k: account[k] for k in PUBLIC_ACCOUNT_FIELDS},
        person=person_summary(store, person_id),
        shared=shared["people"],
        shared_total=shared["total"],
        paths=routes["paths"],
        paths_reason=routes["reason"],
        request_matches=matches_for_person(store, person_id),
    )
    return result
