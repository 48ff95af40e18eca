"""Identity resolution bench: quality on labelled data, time and memory, incremental cost.

    python bench/identity_bench.py --people 40000           # quality + timing
    python bench/identity_bench.py --people 400000 --skip-quality   # ~1,000,000 accounts
    python bench/identity_bench.py --orders 20000   # both import orders, network by network

Resolution runs in a child process so its peak memory (ru_maxrss) is its own, not the
generator's. Prints one JSON document; bench/REPORT-identity.md quotes the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from identity_gen import Dataset, _url, generate, identifier_rows, load

from metanet.identity import resolve_accounts, resolve_all
from metanet.identity.blocking import city_key, company_key
from metanet.identity.facts import account_exact_keys
from metanet.identity.names import parse_name
from metanet.identity.scoring import name_agreement
from metanet.model import AccountRecord
from metanet.store import Store


def child_resolve(db: Path) -> None:
    store = Store(db)
    started, cpu = time.perf_counter(), time.process_time()
    report = resolve_all(store)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**report.as_dict(), "wall_seconds": seconds, "cpu_seconds": cpu,
                      "peak_mb": peak_mb}))  # fmt: skip


def quality(store: Store, truth: dict[int, int], origin: dict[int, str]) -> dict[str, Any]:
    """Automatic-merge precision and top-3 recall, overall and per name origin.

    Overall (as in every earlier report): true pairs still in two persons whose names agree
    by the code's own rules (:func:`name_agreement`) and that share one more fact. That
    rule cannot see a folding that fails: a pair whose names it cannot bring together
    leaves the count. So names from other scripts are also counted by the generator's
    truth alone: every true pair of a non-German person that shares one more fact, however
    its names are written (``non_german``, with a line per script).
    """
    rows = (
        store.sql("identity")
        .execute("select id, person_id, name, company, location, role from accounts")
        .fetchall()
    )
    by_person: dict[int, list[int]] = defaultdict(list)
    info = {}
    for account_id, person_id, name, company, location, role in rows:
        by_person[person_id].append(account_id)
        info[account_id] = (person_id, name, company, location, role)
    exact = exact_pairs(store, truth)
    predicted = correct = 0
    for members in by_person.values():
        for a, b in combinations(members, 2):
            predicted += 1
            correct += truth[a] == truth[b]
    by_truth: dict[int, list[int]] = defaultdict(list)
    for account_id, number in truth.items():
        by_truth[number].append(account_id)
    true_pairs = sum(len(m) * (len(m) - 1) // 2 for m in by_truth.values())
    ranked: dict[int, list[tuple[float, int]]] = defaultdict(list)
    open_pairs = set()
    for a, b, score in store.sql("identity").execute(
        "select a_account_id, b_account_id, score from identity_suggestions where status = 'open'"
    ):
        ranked[a].append((score, b))
        ranked[b].append((score, a))
        open_pairs.add((a, b))
    top3 = {a: {o for _, o in sorted(v, reverse=True)[:3]} for a, v in ranked.items()}
    eligible = hits = name_only = name_only_hits = 0
    exact_merged = exact_surfaced = rest_eligible = rest_hits = 0
    by_origin: dict[str, Counter[str]] = defaultdict(Counter)
    for members in by_truth.values():
        for a, b in combinations(sorted(members), 2):
            pa, na, ca, la, ra = info[a]
            pb, nb, cb, lb, rb = info[b]
            hit = b in top3.get(a, set()) or a in top3.get(b, set())
            if (a, b) in exact:
                exact_merged += pa == pb
                exact_surfaced += pa == pb or hit
                by_origin[origin[a]]["exact_pairs"] += 1
                by_origin[origin[a]]["exact_merged"] += pa == pb
                continue
            if pa == pb:
                continue
            agree = (company_key(ca) and company_key(ca) == company_key(cb)) or (
                city_key(la) and city_key(la) == city_key(lb)) or (ra and ra == rb)  # fmt: skip
            counts = by_origin[origin[a]]
            if agree:  # by the truth alone, whatever the names
                counts["fact_pairs"] += 1
                counts["fact_hits"] += hit
            x, y = parse_name(na), parse_name(nb)
            if x is None or y is None or name_agreement(x, y) is None:
                counts["names_disagree_with_fact"] += bool(agree)
                continue
            if agree:
                eligible += 1
                hits += hit
                counts["eligible"] += 1
                counts["hits"] += hit
                rest_eligible += 1
                rest_hits += hit
            else:
                name_only += 1
                name_only_hits += hit
    true_suggested = sum(truth[a] == truth[b] for a, b in open_pairs)
    return {
        "exact_evidence_pairs": len(exact),
        "exact_merged": exact_merged,
        "exact_recall_merged": exact_merged / len(exact) if exact else 1.0,
        "exact_surfaced": exact_surfaced,
        "exact_recall_merged_or_top3": exact_surfaced / len(exact) if exact else 1.0,
        "rest_eligible_name_plus_fact": rest_eligible,
        "rest_top3_hits": rest_hits,
        "rest_top3_recall": rest_hits / rest_eligible if rest_eligible else 1.0,
        "auto_merged_pairs": predicted,
        "auto_correct_pairs": correct,
        "auto_precision": correct / predicted if predicted else 1.0,
        "auto_recall_all_true_pairs": correct / true_pairs,
        "true_pairs": true_pairs,
        "eligible_pairs_name_plus_fact": eligible,
        "top3_hits": hits,
        "top3_recall": hits / eligible if eligible else 1.0,
        "name_only_pairs": name_only,
        "name_only_top3_hits": name_only_hits,
        "open_suggestions": len(open_pairs),
        "open_suggestions_true": true_suggested,
        "by_origin": {name: _recalls(c) for name, c in sorted(by_origin.items())},
        "non_german": _recalls(
            sum((c for name, c in by_origin.items() if name != "german"), Counter())
        ),
    }


def exact_pairs(store: Store, truth: dict[int, int]) -> set[tuple[int, int]]:
    """True pairs that exact evidence connects (directly or through other accounts of the
    same human): an e-mail, a phone or a profile link held by one human's accounts only.
    Keys the generator's traps share between people (company mailboxes, a household's
    address or landline) are no evidence, as for the code."""
    sql = store.sql("identity")
    links: dict[int, list[str]] = defaultdict(list)
    for account_id, url in sql.execute("select account_id, url from account_links"):
        links[account_id].append(url)
    identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for account_id, kind, value in sql.execute(
        "select account_id, kind, value from account_identifiers"
    ):
        identifiers[account_id].append((kind, value))
    holders: dict[str, set[int]] = defaultdict(set)
    for account_id, network, key in sql.execute("select id, network, key from accounts"):
        if account_id not in truth:
            continue
        ref = f"{network}:{key}"
        for k in account_exact_keys(ref, links[account_id], identifiers[account_id]):
            holders[k].add(account_id)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for group in holders.values():
        if len(group) < 2 or len({truth[a] for a in group}) > 1:
            continue
        first, *rest = sorted(group)
        for other in rest:
            parent[find(other)] = find(first)
    components: dict[int, list[int]] = defaultdict(list)
    for account_id in parent.keys() | set(parent.values()):
        components[find(account_id)].append(account_id)
    return {pair for m in components.values() for pair in combinations(sorted(m), 2)}


def load_in_order(
    store: Store, data: Dataset, order: list[str]
) -> tuple[dict[int, int], dict[int, str], list[dict[str, Any]]]:
    """The dataset as one import per network, in ``order``, each resolved as an import is
    (exact evidence, then suggestions for its accounts). A card's LinkedIn link makes the
    linked account (nameless until LinkedIn's export names it), as the vCard import does.
    Returns the truth and origin by the new account ids, and each import's report."""
    idents: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for account_id, kind, value in identifier_rows(data.identifiers):
        idents[account_id].append((kind, value))
    links: dict[int, list[str]] = defaultdict(list)
    for account_id, url in data.links:
        links[account_id].append(url)
    truth: dict[int, int] = {}
    origin: dict[int, str] = {}
    new_id: dict[int, int] = {}
    profile_of = {
        a["key"]: data.truth[a["id"]] for a in data.accounts if a["network"] == "linkedin"
    }
    reports = []
    for network in order:
        ids = []
        started = time.perf_counter()
        with store.write():
            for row in (a for a in data.accounts if a["network"] == network):
                old = row["id"]
                mine = idents[old]
                record = AccountRecord(
                    network, row["key"], _url(row) or "", name=row["name"],
                    company=row.get("company"), role=row.get("role"),
                    location=row.get("location"), same_as=links[old],
                    emails=[v for k, v in mine if k == "email"],
                    phones=[v for k, v in mine if k == "phone"],
                )  # fmt: skip
                account_id = store.upsert_account(record, confirmed=bool(row["confirmed"]))
                new_id[old] = account_id
                truth[account_id], origin[account_id] = data.truth[old], data.origin[old]
                ids.append(account_id)
                for url in links[old] if network == "addressbook" else ():
                    # the card's linked profile, as the vCard import stores it; whose it
                    # is, LinkedIn's own row says (a spouse's card may link the partner's)
                    key = url.rstrip("/").rsplit("/", 1)[-1]
                    linked = store.upsert_account(AccountRecord("linkedin", key, url))
                    truth.setdefault(linked, profile_of.get(key, data.truth[old]))
                    origin.setdefault(linked, data.origin[old])
                    ids.append(linked)
            for src, dst, tie_network in data.ties:
                if tie_network == network:
                    store.add_tie(new_id[src], new_id[dst], network=network, kind="contact",
                                  directed=False)  # fmt: skip
        report = resolve_accounts(store, ids, suggest=True)
        reports.append({"network": network, "accounts": len(ids), "merges": report.merges,
                        "suggestions": report.suggestions, "splits": report.splits,
                        "seconds": round(time.perf_counter() - started, 1)})  # fmt: skip
    return truth, origin, reports


def _partition(store: Store, truth: dict[int, int]) -> set[frozenset[tuple[str, str]]]:
    persons: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for account_id, network, key, person_id in store.sql("identity").execute(
        "select id, network, key, person_id from accounts"
    ):
        if account_id in truth:
            persons[person_id].add((network, key))
    return {frozenset(p) for p in persons.values()}


def spouse_links(store: Store, truth: dict[int, int]) -> dict[str, int]:
    """Cards that link another person's LinkedIn profile (a spouse's card linking the
    partner's): how many, how many ended merged (wrong), and how many are suggested."""
    sql = store.sql("identity")
    pairs = []
    for card, url in sql.execute("select account_id, url from account_links"):
        key = url.rstrip("/").rsplit("/", 1)[-1]
        row = sql.execute(
            "select id from accounts where network = 'linkedin' and key = ?", [key]
        ).fetchone()
        if row and card in truth and truth.get(row[0]) not in (None, truth[card]):
            pairs.append((card, int(row[0])))
    person = dict(sql.execute("select id, person_id from accounts").fetchall())
    open_pairs = {
        (min(a, b), max(a, b))
        for a, b in sql.execute(
            "select a_account_id, b_account_id from identity_suggestions where status = 'open'"
        )
    }
    return {
        "cards": len(pairs),
        "merged": sum(person[a] == person[b] for a, b in pairs),
        "suggested": sum((min(a, b), max(a, b)) in open_pairs for a, b in pairs),
    }


def import_orders(people: int, folder: Path) -> dict[str, Any]:
    """Both import orders of one dataset: quality after the imports and after ``metanet
    suggestions rebuild`` (resolve_all), and whether the two orders end with the same
    persons."""
    data = generate(people)
    out: dict[str, Any] = {}
    partitions = []
    for name, order in (("forward", ORDER), ("reversed", ORDER[::-1])):
        store = Store(folder / f"{name}.db")
        truth, origin, reports = load_in_order(store, data, order)
        result: dict[str, Any] = {"order": order, "imports": reports}
        result["after_imports"] = quality(store, truth, origin)
        result["spouse_links"] = spouse_links(store, truth)
        partitions.append(_partition(store, truth))
        rebuild = resolve_all(store)
        result["rebuild"] = {"merges": rebuild.merges, "seconds": round(rebuild.seconds, 1)}
        result["after_rebuild"] = quality(store, truth, origin)
        partitions.append(_partition(store, truth))
        out[name] = result
        store.close()
        for path in folder.glob(f"{name}.db*"):  # the database and its WAL files
            path.unlink()
    out["same_persons_after_imports"] = partitions[0] == partitions[2]
    out["same_persons_after_rebuild"] = partitions[1] == partitions[3]
    out["persons_differing_after_imports"] = len(partitions[0] ^ partitions[2])
    return out


ORDER = ["linkedin", "xing", "facebook", "addressbook"]


def _recalls(counts: Counter[str]) -> dict[str, Any]:
    """``top3_recall`` as overall (names agree by the code + one fact) and
    ``top3_recall_by_truth`` (every true pair with one fact, however the names read)."""
    return {
        **counts,
        "top3_recall": counts["hits"] / counts["eligible"] if counts["eligible"] else None,
        "top3_recall_by_truth": (
            counts["fact_hits"] / counts["fact_pairs"] if counts["fact_pairs"] else None
        ),
    }


def incremental(
    store: Store, truth: dict[int, int], size: int = 500, repeats: int = 5
) -> dict[str, Any]:
    """One capture's worth of 500 people, three ways, each ``repeats`` times with other
    people (the median is the figure: one run of ~70 ms varies by a third on a busy
    machine).

    ``contact_list``: 500 accounts new to the database (a contact list page: names only),
    exact evidence checked (what every capture runs). ``contact_list_suggest``: the same
    plus suggestions (what an import runs). ``with_emails``: 500 accounts of known people,
    half carrying an e-mail the address book has: 250 merges in one go (the worst case).
    """
    rows = (
        store.sql("identity")
        .execute(
            "select a.id, a.name, i.value from accounts a left join account_identifiers i "
            "on i.account_id = a.id and i.kind = 'email' and i.value not like 'info@%' "
            "where a.network = 'addressbook' group by a.id limit ?",
            [size * repeats],
        )
        .fetchall()
    )
    results = {}
    scenarios = (("contact_list", False, False), ("contact_list_suggest", True, False),
                 ("with_emails", True, True))  # fmt: skip
    for name, suggest, emails in scenarios:
        runs = [_capture(store, truth, rows[rep * size:(rep + 1) * size], f"{name}{rep}x",
                         suggest, emails) for rep in range(repeats)]  # fmt: skip
        results[name] = {
            "accounts": size, "runs": runs,
            **{k: statistics.median(r[k] for r in runs) for k in ("ms", "cpu_ms")},
            "merges": runs[0]["merges"], "suggestions": runs[0]["suggestions"],
        }  # fmt: skip
    return results


def _capture(
    store: Store,
    truth: dict[int, int],
    rows: list[Any],
    prefix: str,
    suggest: bool,
    emails: bool,
) -> dict[str, Any]:
    """One capture's new accounts resolved: wall and CPU ms, merges and suggestions."""
    ids = []
    for n, (account_id, person_name, email) in enumerate(rows):
        record = AccountRecord(
            "mastodon", f"{prefix}{n}", f"https://example.social/@{prefix}{n}", name=person_name,
            emails=[email] if emails and email and n % 2 == 0 else [],
        )  # fmt: skip
        ids.append(store.upsert_account(record))
        truth[ids[-1]] = truth[account_id]
    started, cpu = time.perf_counter(), time.process_time()
    report = resolve_accounts(store, ids, suggest=suggest)
    return {
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
        "merges": report.merges, "suggestions": report.suggestions,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=40000)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--out", type=Path, help="also write the JSON document here")
    parser.add_argument("--child", type=Path)
    parser.add_argument(
        "--orders", type=int, metavar="PEOPLE",
        help="only the import-order check: this many people imported network by network, "
        "in one order and the reverse (quality after the imports and after a rebuild)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.child:
        child_resolve(args.child)
        return
    folder = Path(tempfile.mkdtemp(prefix="metanet-identity-bench-"))
    if args.orders:
        result = {"people": args.orders, **import_orders(args.orders, folder),
                  "commit": _commit()}  # fmt: skip
        text = json.dumps(result, indent=2)
        print(text)
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
        return
    db = folder / "metanet.db"
    started = time.perf_counter()
    data = generate(args.people)
    store = Store(db)
    load(store, data)
    out: dict[str, Any] = {
        "people": args.people,
        "accounts": len(data.accounts),
        "ties": len(data.ties),
        "generate_and_load_seconds": round(time.perf_counter() - started, 1),
    }
    truth, origin = data.truth, data.origin
    del data
    store.close()
    child = subprocess.run(
        [sys.executable, __file__, "--child", str(db)], capture_output=True, text=True, check=True
    )
    out["resolve_all"] = json.loads(child.stdout)
    store = Store(db)
    if not args.skip_quality:
        out["quality"] = quality(store, truth, origin)
    out["incremental_capture"] = incremental(store, truth)
    out["commit"] = _commit()
    text = json.dumps(out, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    db.unlink()


def _commit() -> str:
    """The commit measured, with "+changes" when the work tree differs from it."""
    here = Path(__file__).resolve().parent
    run = subprocess.run
    head = run(["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True)
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
                capture_output=True, text=True)  # fmt: skip
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


if __name__ == "__main__":
    main()
