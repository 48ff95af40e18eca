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

from metanet.identity.blocking import MAX_BLOCK, city_key, company_key, name_keys
from metanet.identity.evidence import own_key
from metanet.identity.facts import account_exact_keys, chunks, load_accounts, load_evidence
from metanet.identity.keys import catch_up, store_keys
from metanet.identity.merging import apply_merges, plan_merges, rejections, save_evidence
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
    its savepoint is undone and the failure logged.
    """
    wanted = set(suggest)
    touched = set(accounts) | wanted
    rest = sorted(touched - wanted)
    report = ResolveReport(accounts=len(rest) + len(wanted))
    try:
        catch_up(store, besides=touched)  # the candidates' keys current (an upgrade)
        if rest:
            report = _resolve(store, rest, suggest=False)
        if wanted:
            more = _resolve(store, sorted(wanted), suggest=True)
            report.accounts += more.accounts
            report.merges += more.merges
            report.suggestions += more.suggestions
    except Exception:
        log.exception("identity resolution failed for %d accounts", len(rest) + len(wanted))
    return report


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
    """:func:`resolve_accounts` once every other account's keys are current."""
    started = time.perf_counter()
    report = ResolveReport()
    with store.write():
        accounts = load_accounts(store, account_ids)
        report.accounts = len(accounts)
        ids = sorted(accounts)
        links, identifiers = load_evidence(store, ids)
        store_keys(store, sorted(set(account_ids)), accounts, links)
        edges = _exact_edges(store, accounts, links, identifiers)
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


def _holders(store: Store, keys: Iterable[str]) -> dict[str, set[int]]:
    """Per exact key, the accounts that hold it: as their own profile, a link, an e-mail or
    phone. Read in batches per kind (a 30,000-row import asked once per key)."""
    sql = store.sql("identity")
    found: dict[str, set[int]] = defaultdict(set)
    handles: dict[str, list[str]] = defaultdict(list)  # network -> handles
    values: dict[str, list[str]] = defaultdict(list)  # identifier kind -> values
    refs: list[str] = []
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "ref":
            network, _, handle = value.partition(":")
            handles[network].append(handle)
            refs.append(key)
        else:
            values[kind].append(value)
    for network, names in handles.items():
        for part in chunks(sorted(set(names))):
            marks = ",".join("?" * len(part))
            for handle, account_id in sql.execute(
                f"select key, id from accounts where network = ? and key in ({marks})",
                [network, *part],
            ):
                found[own_key(network, handle)].add(int(account_id))
    for part in chunks(sorted(set(refs))):
        marks = ",".join("?" * len(part))
        for key, account_id in sql.execute(
            f"select key, account_id from identity_keys where kind = 'link' and key in ({marks})",
            part,
        ):
            found[key].add(int(account_id))
    for kind, wanted in values.items():
        for part in chunks(sorted(set(wanted))):
            marks = ",".join("?" * len(part))
            for value, account_id in sql.execute(
                "select value, account_id from account_identifiers "
                f"where kind = ? and value in ({marks})",
                [kind, *part],
            ):
                found[f"{kind}:{value}"].add(int(account_id))
    return found


def _exact_edges(
    store: Store,
    accounts: dict[int, tuple[str, AccountFacts]],
    links: dict[int, list[str]],
    identifiers: dict[int, list[tuple[str, str]]],
) -> list[tuple[AccountFacts, AccountFacts, str]]:
    """Each given account paired with every other account that holds one of its keys."""
    keys_of = {
        account_id: sorted(account_exact_keys(ref, links[account_id], identifiers[account_id]))
        for account_id, (ref, _) in accounts.items()
    }
    holders = _holders(store, {key for keys in keys_of.values() for key in keys})
    wanted = [
        (account_id, other, key)
        for account_id, keys in keys_of.items()
        for key in keys
        for other in sorted(holders.get(key, ()))
        if other != account_id
    ]
    pool = load_accounts(store, {x for a, b, _ in wanted for x in (a, b)})
    return [(pool[a][1], pool[b][1], key) for a, b, key in wanted if a in pool and b in pool]


def _candidates(store: Store, accounts: list[AccountFacts]) -> list[Candidate]:
    """Score each account against the accounts it shares a (small enough) block with.

    The blocks of all given accounts are read in a few batched queries; a block bigger
    than :data:`OVERSIZE_SCAN` is not read at all (a name that common proves nothing).
    """
    keys_of = {facts.id: name_keys(facts.name) for facts in accounts}
    members, persons = _blocks(store, sorted({k for keys in keys_of.values() for k in keys}))
    pool = {
        a: facts
        for a, (_, facts) in load_accounts(store, {m for g in members.values() for m in g}).items()
    }
    scored: list[Candidate] = []
    neighbours: dict[int, set[int]] = {}
    for facts in accounts:
        found: dict[int, int] = {}  # candidate account id → people with the name
        for key in keys_of[facts.id]:
            holders = persons.get(key, set())
            if len({person for person, _ in holders}) < 2:
                continue
            count = people_with_name(holders)
            group = [pool[m] for m in members[key] if m != facts.id and m in pool]
            if key.startswith("i:") and not _is_initial(facts):
                group = [o for o in group if _is_initial(o)]  # see full._pairs
            if len(members[key]) > MAX_BLOCK:
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
        options.sort(key=lambda c: -c.scored.score)
        scored += options[:TOP_N]
    return scored


def _blocks(
    store: Store, keys: list[str]
) -> tuple[dict[str, list[int]], dict[str, set[tuple[int, str]]]]:
    """Members (account ids) and their (person, network) of each block small enough to read."""
    readable = []
    for part in chunks(keys):
        marks = ",".join("?" * len(part))
        for key, size in store.sql("identity").execute(
            f"select key, count(*) from identity_keys where kind = 'name' and key in ({marks}) "
            "group by key",
            part,
        ):
            if 2 <= size <= OVERSIZE_SCAN:
                readable.append(key)
    members: dict[str, list[int]] = defaultdict(list)
    persons: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for part in chunks(readable):
        marks = ",".join("?" * len(part))
        for key, account_id, person_id, network in store.sql("identity").execute(
            "select k.key, k.account_id, a.person_id, a.network from identity_keys k "
            f"join accounts a on a.id = k.account_id where k.kind = 'name' and k.key in ({marks})",
            part,
        ):
            members[key].append(account_id)
            persons[key].add((person_id, network))
    return members, persons


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
