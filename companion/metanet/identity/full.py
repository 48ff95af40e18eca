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
from operator import itemgetter

from metanet import collector
from metanet.identity.blocking import MAX_BLOCK, city_key, company_key, name_keys
from metanet.identity.evidence import link_key
from metanet.identity.facts import COLUMNS, account_exact_keys, key_rows, to_facts
from metanet.identity.keys import replace_all_keys
from metanet.identity.merging import apply_merges, plan_merges, rejections, save_evidence
from metanet.identity.names import last_key
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import MIN_SCORE, AccountFacts, people_on_networks, score_pair
from metanet.identity.suggestions import TOP_N, Candidate, save_suggestions
from metanet.model import VIEWER_KEY
from metanet.store import Store


def resolve_all(store: Store, *, suggest: bool = True) -> ResolveReport:
    """Resolve every account: exact merges, then suggestions for the whole database."""
    started = time.perf_counter()
    report = ResolveReport()
    with store.write(), collector.paused():
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
        replace_all_keys(
            store,
            (row for a, facts in accounts.items() for row in key_rows(facts, links.get(a, []))),
        )
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

    A pair shares every block of the first names both may go by ("Hans Huber" twice:
    ``hans|huber`` and ``johannes|huber``), so it is scored once, where its name is
    rarest: the score only falls as the count of people with the name rises. All blocks
    of a pair have one last name, so the pairs met are remembered per last name alone.
    """
    families = _groups(accounts)
    wanted = {
        accounts[a].person_id
        for groups in families.values()
        for _, group, _ in groups
        for a in group
    }
    me = store.me()
    neighbours = _neighbours(store, accounts, wanted, int(me["id"]) if me else -1)
    best: dict[int, list[tuple[float, int, int, int]]] = defaultdict(list)
    for groups in families.values():
        _score_family(accounts, groups, rejected, neighbours, best)
    del families, neighbours
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


def _score_family(
    accounts: dict[int, AccountFacts],
    groups: list[tuple[int, list[int], bool]],
    rejected: set[tuple[int, int]],
    neighbours: dict[int, set[int]],
    best: dict[int, list[tuple[float, int, int, int]]],
) -> None:
    """Score the pairs of one last name's groups, each pair once (the groups come from
    the rarest name up), and keep each account's best in ``best``."""
    met: set[tuple[int, int]] = set()
    for count, group, initial in groups:
        for a, b in _pairs(accounts, group, initial):
            pair = (a, b) if a < b else (b, a)
            if pair in met:
                continue
            met.add(pair)
            fa, fb = accounts[a], accounts[b]
            p, q = fa.person_id, fb.person_id
            if p == q or (min(p, q), max(p, q)) in rejected:
                continue
            shared = len(neighbours.get(p, _NONE) & neighbours.get(q, _NONE))
            scored = score_pair(fa, fb, count, shared)
            if scored is None or scored.score < MIN_SCORE:
                continue
            _keep_best(best[a], (scored.score, b, count, shared))
            _keep_best(best[b], (scored.score, a, count, shared))


def _groups(accounts: dict[int, AccountFacts]) -> dict[str, list[tuple[int, list[int], bool]]]:
    """The groups to score, per last name: (people with the name, members, whether an
    initial block), from the rarest name up."""
    # hashed keys (ints cost less than text); initial blocks ("i:mueller|t") apart
    blocks: dict[tuple[str, bool, int], list[int]] = defaultdict(list)
    for account_id, facts in accounts.items():
        keys = name_keys(facts.name)
        family = last_key(facts.name) if facts.name and keys else ""
        for key in keys:
            blocks[(family, key.startswith("i:"), hash(key))].append(account_id)
    families: dict[str, list[tuple[int, list[int], bool]]] = defaultdict(list)
    for (family, initial, _), members in blocks.items():
        if len(members) < 2:
            continue  # most blocks: a rare name
        by_network: dict[str, set[int]] = {}
        for a in members:
            facts = accounts[a]
            by_network.setdefault(facts.network, set()).add(facts.person_id)
        if len(set().union(*by_network.values())) >= 2:
            people = people_on_networks(by_network)
            families[family] += [(people, g, initial) for g in _small_groups(accounts, members)]
    for groups in families.values():
        groups.sort(key=itemgetter(0))
    return families


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
    store: Store, accounts: dict[int, AccountFacts], wanted: set[int], me_id: int
) -> dict[int, set[int]]:
    """Tied persons of the wanted persons, from one pass over the ties; *me* left out
    (everyone knows the user: no evidence)."""
    person_of = {a: f.person_id for a, f in accounts.items()}
    found: dict[int, set[int]] = defaultdict(set)
    for src, dst in store.sql("identity").execute(
        "select src_account_id, dst_account_id from ties"
    ):
        p, q = person_of.get(src), person_of.get(dst)
        if p is None or q is None or p == q:
            continue
        if p in wanted and q != me_id:
            found[p].add(q)
        if q in wanted and p != me_id:
            found[q].add(p)
    return found
