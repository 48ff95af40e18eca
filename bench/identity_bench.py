"""Identity resolution bench: quality on labelled data, time and memory, incremental cost.

    python bench/identity_bench.py --people 40000           # quality + timing
    python bench/identity_bench.py --people 400000 --skip-quality   # ~1,000,000 accounts

Resolution runs in a child process so its peak memory (ru_maxrss) is its own, not the
generator's. Prints one JSON document; bench/REPORT-identity.md quotes the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from identity_gen import generate, load

from metanet.identity import resolve_accounts, resolve_all
from metanet.identity.blocking import city_key, company_key
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
    by_origin: dict[str, Counter[str]] = defaultdict(Counter)
    for members in by_truth.values():
        for a, b in combinations(sorted(members), 2):
            pa, na, ca, la, ra = info[a]
            pb, nb, cb, lb, rb = info[b]
            if pa == pb:
                continue
            agree = (company_key(ca) and company_key(ca) == company_key(cb)) or (
                city_key(la) and city_key(la) == city_key(lb)) or (ra and ra == rb)  # fmt: skip
            hit = b in top3.get(a, set()) or a in top3.get(b, set())
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
            else:
                name_only += 1
                name_only_hits += hit
    true_suggested = sum(truth[a] == truth[b] for a, b in open_pairs)
    return {
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


def incremental(store: Store, truth: dict[int, int], size: int = 500) -> dict[str, Any]:
    """One capture's worth of 500 people, three ways.

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
            [size],
        )
        .fetchall()
    )
    results = {}
    scenarios = (("contact_list", False, False), ("contact_list_suggest", True, False),
                 ("with_emails", True, True))  # fmt: skip
    for name, suggest, emails in scenarios:
        ids = []
        for n, (account_id, person_name, email) in enumerate(rows):
            record = AccountRecord(
                "mastodon", f"{name}{n}", f"https://example.social/@{name}{n}", name=person_name,
                emails=[email] if emails and email and n % 2 == 0 else [],
            )  # fmt: skip
            ids.append(store.upsert_account(record))
            truth[ids[-1]] = truth[account_id]
        started, cpu = time.perf_counter(), time.process_time()
        report = resolve_accounts(store, ids, suggest=suggest)
        ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        results[name] = {
            "accounts": len(ids), "ms": round(ms, 1), "cpu_ms": round(cpu_ms, 1),
            "merges": report.merges,
            "suggestions": report.suggestions,
        }  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=40000)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--out", type=Path, help="also write the JSON document here")
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child_resolve(args.child)
        return
    folder = Path(tempfile.mkdtemp(prefix="metanet-identity-bench-"))
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
