"""Resolution after a capture or an import: exact merges first, then suggestions.

:func:`resolve_accounts` looks only at the given accounts and their candidates through the
indexed ``identity_keys``, ``account_identifiers`` and ``accounts(network, key)``, so its
cost follows the size of the capture, not of the database. :func:`resolve_all` (``metanet
suggestions rebuild``, the bench; in :mod:`.full`) does the same for every account in memory.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from metanet.identity.blocking import (
    INITIAL_ONLY,
    MAX_BLOCK,
    city_key,
    company_key,
    name_keys,
    spelled,
)
from metanet.identity.facts import chunks, exact_edges, load_accounts, load_evidence
from metanet.identity.keys import catch_up, store_keys
from metanet.identity.merging import apply_merges, plan_merges, rejections, save_evidence
from metanet.identity.rejudge import newly_named, rejudge
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import MIN_SCORE, AccountFacts, Scored, people_with_name, score_pair
from metanet.identity.suggestions import TOP_N, Candidate, save_suggestions, shared_contacts
from metanet.store import Store

log = logging.getLogger(__name__)
OVERSIZE_SCAN = 5000  # members of a too-common name read to find refined matches


def resolve_change(
    store: Store, accounts: Iterable[int], *, suggest: Iterable[int] = ()
) -> ResolveReport:
    """After a capture, an import or a reparse: exact-evidence merges for the accounts the
    change touched, then fresh suggestions for those in ``suggest``.

    Call it inside the change's transaction. A resolution bug must not lose the change:
    the resolution runs in a savepoint of its own, undone whole, and the failure is logged.
    """
    wanted = set(suggest)
    touched = set(accounts) | wanted
    rest = sorted(touched - wanted)
    report = ResolveReport(accounts=len(rest) + len(wanted))
    try:
        with store.write():  # inside the change's transaction: a savepoint
            catch_up(store, besides=touched)  # the candidates' keys current (an upgrade)
            done = _resolve(store, rest, suggest=False) if rest else ResolveReport()
            if wanted:
                more = _resolve(store, sorted(wanted), suggest=True)
                done.accounts += more.accounts
                done.merges += more.merges
                done.suggestions += more.suggestions
                done.splits += more.splits
    except Exception:
        log.exception("identity resolution failed for %d accounts", len(rest) + len(wanted))
        return report
    return done


def resolve_accounts(
    store: Store, account_ids: list[int], *, suggest: bool = True
) -> ResolveReport:
    """Merge the given accounts on exact evidence, then refresh their suggestions.

    Safe to call again and again: it never merges across a "not the same" decision and
    never re-suggests a rejected pair.
    """
    with store.write():
        catch_up(store, besides=account_ids)  # the candidates' keys current (an upgrade)
        return _resolve(store, account_ids, suggest=suggest)


def _resolve(store: Store, account_ids: list[int], *, suggest: bool) -> ResolveReport:
    """:func:`resolve_accounts` once every other account's keys are current. Call it inside
    a write: it opens no savepoint of its own, since one inside a transaction makes SQLite
    copy every page it changes to a statement journal first (a 500-name capture's key
    index: ~1,000 pages, a temporary file outside a change)."""
    started = time.perf_counter()
    report = ResolveReport()
    accounts = load_accounts(store, account_ids)
    report.accounts = len(accounts)
    ids = sorted(accounts)
    named = newly_named(store, accounts)  # before their keys say they have a name
    if named:
        report.splits = rejudge(store, named)
        accounts = load_accounts(store, ids)  # person ids changed by the splits
    links, identifiers = load_evidence(store, ids)
    store_keys(store, sorted(set(account_ids)), accounts, links)
    edges = exact_edges(store, accounts, links, identifiers)
    involved = {facts.person_id for facts, other, _ in edges} | {
        other.person_id for _, other, _ in edges
    }
    plan = plan_merges(edges, rejections(store, involved), report)
    report.merges = len(apply_merges(store, plan))
    if suggest:
        fresh = load_accounts(store, ids)  # person ids changed by the merges
        pairs = _candidates(store, [facts for _, facts in fresh.values()])
        report.suggestions = save_suggestions(store, pairs)
    report.suggestions += save_evidence(store, plan)
    report.seconds = time.perf_counter() - started
    return report


def _candidates(store: Store, accounts: list[AccountFacts]) -> list[Candidate]:
    """Score each account against the accounts it shares a (small enough) block with.

    The blocks of all given accounts are read in a few batched queries; a block bigger
    than :data:`OVERSIZE_SCAN` is not read at all (a name that common proves nothing).
    """
    keys_of = {facts.id: name_keys(facts.name) for facts in accounts}
    blocks = _blocks(
        store,
        sorted({k for keys in keys_of.values() for k in keys}),
        whole={k for facts in accounts if _is_initial(facts) for k in keys_of[facts.id]},
    )
    wanted = {
        m
        for facts in accounts
        for key in keys_of[facts.id]
        if key in blocks.people
        for m in blocks.comparable(key, facts)
    }
    pool = {a: facts for a, (_, facts) in load_accounts(store, wanted).items()}
    scored: list[Candidate] = []
    neighbours: dict[int, set[int]] = {}
    for facts in accounts:
        found: dict[int, int] = {}  # candidate account id → people with the name
        for key in keys_of[facts.id]:
            persons, count = blocks.people.get(key, (0, 0))
            if persons < 2:
                continue
            group = [pool[m] for m in blocks.comparable(key, facts) if m != facts.id and m in pool]
            if blocks.sizes[key] > MAX_BLOCK:
                group = _refined(facts, group)
            for other in group:
                found[other.id] = min(found.get(other.id, count), count)
        options: list[Candidate] = []
        for other_id, count in found.items():
            other = pool[other_id]
            if other.person_id == facts.person_id:
                continue
            shared = shared_contacts(store, facts.person_id, other.person_id, neighbours)
            result: Scored | None = score_pair(facts, other, count, shared)
            if result is not None and result.score >= MIN_SCORE:
                options.append(Candidate(facts, other, result))
        options.sort(key=lambda c: (c.scored.score, c.b.id), reverse=True)  # as full._keep_best
        scored += options[:TOP_N]
    return scored


@dataclass
class _Blocks:
    """The blocks small enough to read, by block key."""

    sizes: dict[str, int]  # accounts in the block
    #: persons in the block, and the people with its name (:func:`people_with_name`)
    people: dict[str, tuple[int, int]]
    members: dict[str, list[int]]  # every account: of a full-name block, of a whole one
    initials: dict[str, list[int]]  # of an initial block: those known by the initial only

    def comparable(self, key: str, facts: AccountFacts) -> list[int]:
        """The members ``facts`` is compared with: in the block of its initial, a full
        name meets only the names known by that initial (see ``full._pairs``)."""
        if key.startswith("i:") and not _is_initial(facts):
            return self.initials.get(key, [])
        return self.members.get(key, [])


def _blocks(store: Store, keys: list[str], whole: set[str]) -> _Blocks:
    """The blocks of these keys, each gathered from its stored keys (:func:`spelled`).

    An initial block of a common last name holds thousands of full names, and a full name
    meets only those known by the initial there: an initial block is read only where it
    holds such names, or where it is in ``whole`` (the initial of someone known by it, who
    is compared with all of it). A block not read has nobody to compare with."""
    stored = {key: spelled(key) for key in keys}
    sizes = _stored_sizes(store, sorted({s for spellings in stored.values() for s in spellings}))
    totals = {key: sum(sizes.get(s, 0) for s in spellings) for key, spellings in stored.items()}
    read = {
        key: spellings
        for key, spellings in stored.items()
        if 2 <= totals[key] <= OVERSIZE_SCAN
        and (not key.startswith("i:") or key in whole or sizes.get(key + INITIAL_ONLY))
    }
    held, holders = _holders(store, sorted({s for spellings in read.values() for s in spellings}))
    blocks = _Blocks({key: totals[key] for key in read}, {}, {}, {})
    for key, spellings in read.items():
        if len(spellings) == 1:  # most full-name blocks: no copy
            found, blocks.members[key] = holders[key], held[key]
        else:
            found = set().union(*(holders.get(s, ()) for s in spellings))
            blocks.members[key] = [m for s in spellings for m in held.get(s, ())]
        blocks.people[key] = (len({person for person, _ in found}), people_with_name(found))
        if key.startswith("i:"):
            blocks.initials[key] = held.get(key + INITIAL_ONLY, [])
    return blocks


def _holders(
    store: Store, keys: list[str]
) -> tuple[dict[str, list[int]], dict[str, set[tuple[int, str]]]]:
    """Per stored name key, its accounts and their (person, network)."""
    held: dict[str, list[int]] = defaultdict(list)
    holders: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for part in chunks(keys):
        marks = ",".join("?" * len(part))
        for key, account_id, person_id, network in store.sql("identity").execute(
            "select k.key, k.account_id, a.person_id, a.network from identity_keys k "
            f"join accounts a on a.id = k.account_id where k.kind = 'name' and k.key in ({marks})",
            part,
        ):  # row by row: thousands of rows kept at once would set off the collector
            held[key].append(account_id)
            holders[key].add((person_id, network))
    return held, holders


def _stored_sizes(store: Store, keys: list[str]) -> dict[str, int]:
    """How many accounts hold each of these stored name keys (those none holds: absent)."""
    sizes: dict[str, int] = {}
    for part in chunks(keys):
        marks = ",".join("?" * len(part))
        for key, size in store.sql("identity").execute(
            f"select key, count(*) from identity_keys where kind = 'name' and key in ({marks}) "
            "group by key",
            part,
        ):
            sizes[key] = int(size)
    return sizes


def _is_initial(facts: AccountFacts) -> bool:
    return facts.name is not None and facts.name.first_is_initial


def _refined(facts: AccountFacts, group: list[AccountFacts]) -> list[AccountFacts]:
    """Members of a too-common name block that share the company or city."""
    company, city = company_key(facts.company), city_key(facts.location)
    if not company and not city:
        return []
    return [
        o
        for o in group
        if (company and company_key(o.company) == company)
        or (city and city_key(o.location) == city)
    ]
