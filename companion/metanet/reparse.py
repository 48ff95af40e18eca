"""Re-read stored pages with the current parsers (``metanet reparse``).

Captured pages are kept compressed precisely so that a better parser can read them again
without the user revisiting anything. Reparsing follows the capture rules:

* what a new parse finds is *added* (accounts upserted, ties given this capture as
  evidence), in one transaction per capture; nothing an earlier parse stored is deleted —
  a parser that now fails or finds less does not make people disappear;
* the capture row then describes the current parse (parser, version, outcome, kind,
  counts); when the new parse yields nothing, the row keeps its owner and counts;
* a capture whose stored parser and version already match the current parse's, with the
  same outcome and kind, stored by the current version of the capture's storing
  (:data:`~metanet.capture.STORE_VERSION`), is left alone (parsers are deterministic:
  nothing could change). A capture stored before aliases joined accounts and shared
  connections were kept is stored again, which joins one member's split accounts.

Pages stored without their raw HTML (the "keep raw pages" option switched off) are skipped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from metanet import sites
from metanet.capture import STORE_VERSION, parse_guarded, reading_of, store_result
from metanet.identity.resolve import resolve_change
from metanet.store import Store

SNAPSHOT_FIELDS = ("outcome", "kind", "parser", "parser_version", "accounts", "ties")


@dataclass
class Snapshot:
    """What one parse of a capture said (or says now)."""

    outcome: str | None
    kind: str | None
    parser: str | None
    parser_version: int | None
    accounts: int
    ties: int

    def same_parse(self, other: Snapshot) -> bool:
        """Same parser, version, outcome and kind: a re-run cannot differ."""
        keys = ("outcome", "kind", "parser", "parser_version")
        return all(getattr(self, key) == getattr(other, key) for key in keys)


@dataclass
class Change:
    capture_id: int
    url: str
    before: Snapshot
    after: Snapshot
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changed": self.changed}


@dataclass
class ReparseReport:
    changes: list[Change] = field(default_factory=list)  # every capture that was re-read
    skipped: list[int] = field(default_factory=list)  # captures without a stored page
    dry_run: bool = False

    @property
    def changed(self) -> list[Change]:
        return [change for change in self.changes if change.changed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "captures": len(self.changes) + len(self.skipped),
            "reparsed": len(self.changes),
            "changed": len(self.changed),
            "unchanged": len(self.changes) - len(self.changed),
            "skipped_without_page": self.skipped,
            "dry_run": self.dry_run,
            "changes": [change.as_dict() for change in self.changed],
        }


def reparse_all(store: Store, *, dry_run: bool = False) -> ReparseReport:
    """Re-run the current parsers over every stored page; see the module doc."""
    report = ReparseReport(dry_run=dry_run)
    for row in store.capture_rows():
        html = store.capture_html(int(row["id"]))
        if not html:
            report.skipped.append(int(row["id"]))
            continue
        report.changes.append(_reparse_one(store, row, html, dry_run=dry_run))
    return report


def _reparse_one(store: Store, row: dict[str, Any], html: str, *, dry_run: bool) -> Change:
    capture_id = int(row["id"])
    before = Snapshot(
        row["outcome"],
        row["kind"],
        row["parser"],
        row["parser_version"],
        int(row["accounts_seen"] or 0),
        int(row["ties_seen"] or 0),
    )
    result, outcome, error = parse_guarded(row["url"], html)
    after = Snapshot(
        outcome,
        result.kind if result else None,
        result.parser if result else None,
        result.parser_version if result else None,
        len(result.all_accounts()) if result else before.accounts,
        len(result.ties) if result else before.ties,
    )
    if before.same_parse(after) and row["store_version"] == STORE_VERSION:
        return Change(capture_id, row["url"], before, before, row["error"])
    if dry_run:
        return Change(capture_id, row["url"], before, after, error)
    with store.write():
        fields: dict[str, Any] = {
            "site": result.site if result else sites.site_of(row["url"]),
            "kind": after.kind,
            "parser": after.parser,
            "parser_version": after.parser_version,
            "outcome": outcome,
            "partly_read": reading_of(result, html),
            "store_version": STORE_VERSION,
            "error": error,
        }
        if result is not None:
            stored = store_result(store, result, capture_id, str(row["received_at"]))
            store.drop_repeated_evidence(capture_id)
            after.accounts, after.ties = stored.accounts, stored.ties
            fields.update(accounts_seen=stored.accounts, ties_seen=stored.ties)
            if stored.owner_id is not None:  # else the row keeps its owner (joins move it)
                fields["owner_account_id"] = stored.owner_id
        store.update_capture(capture_id, fields)
        if result is not None:
            touched = store.capture_accounts(capture_id)
            resolve_change(store, touched, suggest=touched)
    return Change(capture_id, row["url"], before, after, error)


def describe(report: ReparseReport) -> str:
    """The report as text for people: one line per capture that changed."""
    data = report.as_dict()
    verb = "Would change" if report.dry_run else "Changed"
    lines = [
        f"Reparsed {data['reparsed']} captures: {verb.lower()} {data['changed']}, "
        f"unchanged {data['unchanged']}, without a stored page {len(report.skipped)}."
    ]
    for change in report.changed:
        b, a = change.before, change.after
        lines.append(
            f"  #{change.capture_id} {change.url[:120]}\n"
            f"    {_label(b)} → {_label(a)}; accounts {b.accounts} → {a.accounts}, "
            f"ties {b.ties} → {a.ties}"
        )
        if change.error:
            lines.append(f"    problem: {change.error}")
    return "\n".join(lines)


def _label(snapshot: Snapshot) -> str:
    parser = f"{snapshot.parser} v{snapshot.parser_version}" if snapshot.parser else "no parser"
    return f"{snapshot.outcome} ({parser}, {snapshot.kind or '-'})"
