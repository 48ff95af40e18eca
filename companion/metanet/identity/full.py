"""Resolution over every account at once, in memory: ``metanet suggestions rebuild`` and
the identity bench.

One pass loads the accounts, their links and identifiers; exact evidence is joined with a
union-find over persons; the merges are written in bulk (the same rows and undo data as
:func:`decisions.merge`, without a round trip per merge); then every small-enough name block
is scored. Everything the user decided is loaded first and respected.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator

from metanet.identity.blocking import MAX_BLOCK, city_key, company_key, name_keys
from metanet.identity.evidence import link_key
from metanet.identity.facts import COLUMNS, account_exact_keys, key_rows, to_facts
from metanet.identity.merging import apply_merges, plan_merges, rejections, save_evidence
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import MIN_SCORE, AccountFacts, people_with_name, score_pair
from metanet.identity.suggestions import TOP_N, Candidate, save_suggestions
from metanet.model import VIEWER_KEY
from metanet.store import Store


def resolve_all(store: Store, *, suggest: bool = True) -> ResolveReport:
    """Resolve every account: exact merges, then suggestions for the whole database."""
    started = time.perf_counter()
    report = ResolveReport()
    with store.write():
        links: dict[int, list[str]] = defaultdict(list)
        for account_id, url in store.sql("identity").execute(
            "select account_id, url from account_links"
        ):
            links[account_id].append(url)
        identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for account_id, kind, value in store.sql("identity").execute(
            "select account_id, kind, value from account_identifiers"
        ):
            identifiers[account_id].append((kind, value))
        linked = {k for urls in links.values() for k in map(link_key, urls) if k}
        accounts: dict[int, AccountFacts] = {}
        refs: dict[int, str] = {}  # only of accounts that can hold exact evidence
        for row in store.sql("identity").execute(f"select {COLUMNS} from accounts"):
            if row[3] == VIEWER_KEY:
                continue
            accounts[row[0]] = to_facts(row)
            ref = f"{row[2]}:{row[3]}"
            if row[0] in links or row[0] in identifiers or f"ref:{ref}" in linked:
                refs[row[0]] = ref
        report.accounts = len(accounts)
        _rebuild_keys(store, accounts, links)
        rejected = rejections(store)
        edges = _exact_edges(accounts, refs, links, identifiers, linked)
        plan = plan_merges(edges, rejected, report)
        moved_to = apply_merges(store, plan)
        for facts in accounts.values():
            facts.person_id = moved_to.get(facts.person_id, facts.person_id)
        report.merges = len(moved_to)
        if suggest:
            candidates = _score_blocks(store, accounts, rejected)
            report.suggestions = save_suggestions(store, candidates, checked=True)
        report.suggestions += save_evidence(store, plan)
    report.seconds = time.perf_counter() - started
    return report


def _rebuild_keys(
    store: Store, accounts: dict[int, AccountFacts], links: dict[int, list[str]]
) -> None:
    store.sql("identity").execute("delete from identity_keys")
    store.sql("identity").execute("delete from identity_pending")
    store.sql("identity").executemany(
        "insert or ignore into identity_keys (account_id, kind, key) values (?, ?, ?)",
        (row for a, facts in accounts.items() for row in key_rows(facts, links.get(a, []))),
    )


def _exact_edges(
    accounts: dict[int, AccountFacts],
    refs: dict[int, str],
    links: dict[int, list[str]],
    identifiers: dict[int, list[tuple[str, str]]],
    linked: set[str],
) -> Iterator[tuple[AccountFacts, AccountFacts, str]]:
    """Each account paired with the first account that held the same exact key."""
    first_holder: dict[str, int] = {}
    for account_id in sorted(refs):
        keys = account_exact_keys(
            refs[account_id], links.get(account_id, []), identifiers.get(account_id, [])
        )
        for key in sorted(keys):
            if key.startswith("ref:") and key not in linked:
                continue  # nobody links to this profile: its own key cannot match
            holder = first_holder.setdefault(key, account_id)
            if holder != account_id:
                yield accounts[account_id], accounts[holder], key


def _score_blocks(
    store: Store, accounts: dict[int, AccountFacts], rejected: set[tuple[int, int]]
) -> Iterator[Candidate]:
    """Score every pair that shares a small block; yield each account's best few.

    Memory stays linear in the accounts: pairs are scored block by block and only each
    account's best :data:`TOP_N` (score, other, name count, shared) survive; reasons are
    written out for those alone at the end.
    """
    # hashed keys (ints cost less than text); initial blocks ("i:mueller|t") apart
    blocks: dict[tuple[bool, int], list[int]] = defaultdict(list)
    for account_id, facts in accounts.items():
        for key in name_keys(facts.name):
            blocks[(key.startswith("i:"), hash(key))].append(account_id)
    groups = []
    for (initial, _), members in blocks.items():
        if len({accounts[a].person_id for a in members}) >= 2:
            people = people_with_name((accounts[a].person_id, accounts[a].network) for a in members)
            groups += [(g, people, initial) for g in _small_groups(accounts, members)]
    del blocks
    wanted = {accounts[a].person_id for group, _, _ in groups for a in group}
    neighbours = _neighbours(store, accounts, wanted)
    me = store.me()
    me_id = int(me["id"]) if me else -1
    best: dict[int, list[tuple[float, int, int, int]]] = defaultdict(list)
    for group, count, initial in groups:
        for a, b in _pairs(accounts, group, initial):
            fa, fb = accounts[a], accounts[b]
            p, q = fa.person_id, fb.person_id
            if p == q or (min(p, q), max(p, q)) in rejected:
                continue
            shared = len(neighbours.get(p, _NONE) & neighbours.get(q, _NONE) - {me_id})
            scored = score_pair(fa, fb, count, shared)
            if scored is None or scored.score < MIN_SCORE:
                continue
            _keep_best(best[a], (scored.score, b, count, shared))
            _keep_best(best[b], (scored.score, a, count, shared))
    del groups, neighbours
    done: set[tuple[int, int]] = set()
    for a, options in best.items():
        for _, b, count, shared in options:
            pair = (min(a, b), max(a, b))
            if pair in done:
                continue
            done.add(pair)
            scored = score_pair(accounts[a], accounts[b], count, shared)
            if scored is not None:
                yield Candidate(accounts[a], accounts[b], scored)


_NONE: frozenset[int] = frozenset()


def _pairs(
    accounts: dict[int, AccountFacts], group: list[int], initial: bool
) -> Iterator[tuple[int, int]]:
    """The pairs of a block worth scoring.

    An initial block ("t|mueller") exists to match "T. Müller" to Thomas: pairs of two
    spelled-out first names there were already met in their own name blocks and are skipped.
    """
    if not initial:
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                yield a, b
        return
    initials = {a for a in group if _is_initial(accounts[a])}
    for a in initials:
        for b in group:
            if b != a and (b not in initials or a < b):
                yield a, b


def _is_initial(facts: AccountFacts) -> bool:
    return facts.name is not None and facts.name.first_is_initial


def _keep_best(
    options: list[tuple[float, int, int, int]], entry: tuple[float, int, int, int]
) -> None:
    """Keep the TOP_N highest scores, one entry per other account (its best)."""
    for index, old in enumerate(options):
        if old[1] == entry[1]:
            if entry[0] > old[0]:
                options[index] = entry
            break
    else:
        options.append(entry)
    if len(options) > TOP_N:
        options.sort(reverse=True)
        options.pop()


def _small_groups(accounts: dict[int, AccountFacts], members: list[int]) -> list[list[int]]:
    """A block as it is, or, when too common, its members grouped by company and by city."""
    if len(members) <= MAX_BLOCK:
        return [members]
    groups: dict[str, list[int]] = defaultdict(list)
    for a in members:
        facts = accounts[a]
        company, city = company_key(facts.company), city_key(facts.location)
        if company:
            groups[f"c:{company}"].append(a)
        if city:
            groups[f"l:{city}"].append(a)
    return [g for g in groups.values() if 2 <= len(g) <= MAX_BLOCK]


def _neighbours(
    store: Store, accounts: dict[int, AccountFacts], wanted: set[int]
) -> dict[int, set[int]]:
    """Tied persons of the wanted persons, from one pass over the ties."""
    person_of = {a: f.person_id for a, f in accounts.items()}
    found: dict[int, set[int]] = defaultdict(set)
    for src, dst in store.sql("identity").execute(
        "select src_account_id, dst_account_id from ties"
    ):
        p, q = person_of.get(src), person_of.get(dst)
        if p is None or q is None or p == q:
            continue
        if p in wanted:
            found[p].add(q)
        if q in wanted:
            found[q].add(p)
    return found
