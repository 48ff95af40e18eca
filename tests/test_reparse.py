"""``metanet reparse``: stored raw pages are read again by the current parsers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metanet import paths, reparse
from metanet.capture import ingest
from metanet.cli import cli
from metanet.sites import instagram
from metanet.store import Store
from tests.db_support import raw
from tests.sites_follow_support import stored_follows

RealFixture = Callable[[str], Path]
URL = "https://www.instagram.com/hausoftiffany/followers/"


def followers_page(real_fixture: RealFixture) -> str:
    return real_fixture("instagram/followers-2025-brocc.html").read_text(encoding="utf-8")


def old_capture(store: Store, html: str, **fields: object) -> int:
    """A capture as an older Metanet stored it: no parser knew the page then."""
    row = {
        "url": URL,
        "site": "instagram.com",
        "kind": None,
        "received_at": "2025-04-09T10:00:00+00:00",
        "parser": None,
        "parser_version": None,
        "sha256": hashlib.sha256(html.encode()).hexdigest(),
        "outcome": "unsupported",
        "accounts_seen": 0,
        "ties_seen": 0,
        **fields,
    }
    return store.add_capture(row, html)


def evidence_rows(store: Store, capture_id: int) -> int:
    row = (
        raw(store)
        .execute("select count(*) from tie_evidence where capture_id = ?", [capture_id])
        .fetchone()
    )
    return int(row[0])


def test_an_unsupported_capture_is_stored_with_accounts_after_reparse(
    tmp_path: Path, real_fixture: RealFixture
) -> None:
    store = Store(tmp_path / "metanet.db")
    capture_id = old_capture(store, followers_page(real_fixture))
    assert store.counts()["accounts"] == 0

    report = reparse.reparse_all(store)

    assert [change.capture_id for change in report.changed] == [capture_id]
    change = report.changed[0]
    assert change.before == reparse.Snapshot("unsupported", None, None, None, 0, 0)
    assert change.after == reparse.Snapshot(
        "stored", "followers", "instagram", instagram.VERSION, 13, 12
    )
    row = store.capture_rows()[0]
    assert (row["outcome"], row["kind"], row["parser"], row["parser_version"]) == (
        "stored",
        "followers",
        "instagram",
        instagram.VERSION,
    )
    assert (row["site"], row["accounts_seen"], row["ties_seen"]) == ("instagram", 13, 12)
    owner = (
        raw(store)
        .execute(
            "select id from accounts where network = ? and key = ?", ["instagram", "hausoftiffany"]
        )
        .fetchone()
    )
    assert row["owner_account_id"] == owner[0]
    assert len(stored_follows(store)) == 12
    # the evidence keeps the time the page was captured, not the time it was re-read
    seen = {r[0] for r in raw(store).execute("select seen_at from tie_evidence")}
    assert seen == {"2025-04-09T10:00:00+00:00"}


def test_reparse_twice_changes_nothing_and_adds_no_evidence(
    tmp_path: Path, real_fixture: RealFixture
) -> None:
    store = Store(tmp_path / "metanet.db")
    capture_id = old_capture(store, followers_page(real_fixture))
    reparse.reparse_all(store)
    again = reparse.reparse_all(store)
    assert again.changed == [] and len(again.changes) == 1
    assert evidence_rows(store, capture_id) == 12


def test_a_newer_parser_version_adds_without_repeating_evidence(
    tmp_path: Path, real_fixture: RealFixture
) -> None:
    store = Store(tmp_path / "metanet.db")
    captured = ingest(store, URL, followers_page(real_fixture))
    store.update_capture(captured.capture_id, {"parser_version": 0})
    report = reparse.reparse_all(store)
    assert [c.before.parser_version for c in report.changed] == [0]
    assert evidence_rows(store, captured.capture_id) == 12


def test_a_failing_parse_deletes_nothing(
    tmp_path: Path, real_fixture: RealFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "metanet.db")
    captured = ingest(store, URL, followers_page(real_fixture))
    before = stored_follows(store)
    monkeypatch.setattr(
        reparse, "parse_guarded", lambda url, html: (None, "parser_failed", "layout")
    )
    report = reparse.reparse_all(store)
    assert report.changed[0].after.outcome == "parser_failed"
    assert stored_follows(store) == before
    row = store.capture_rows()[0]
    assert (row["outcome"], row["error"], row["ties_seen"]) == ("parser_failed", "layout", 12)
    assert row["owner_account_id"] == captured.owner_account_id


def test_dry_run_stores_nothing(tmp_path: Path, real_fixture: RealFixture) -> None:
    store = Store(tmp_path / "metanet.db")
    old_capture(store, followers_page(real_fixture))
    report = reparse.reparse_all(store, dry_run=True)
    assert len(report.changed) == 1 and report.changed[0].after.outcome == "stored"
    assert store.counts()["accounts"] == 0
    assert store.capture_rows()[0]["outcome"] == "unsupported"


def test_pages_stored_without_raw_html_are_skipped(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    capture_id = old_capture(store, "")
    report = reparse.reparse_all(store)
    assert report.skipped == [capture_id] and report.changes == []


def test_command_reports_changes_as_text_and_json(
    tmp_path: Path, real_fixture: RealFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store(paths.database()) as store:
        capture_id = old_capture(store, followers_page(real_fixture))
    runner = CliRunner()
    dry = runner.invoke(cli, ["reparse", "--dry-run", "--json"], catch_exceptions=False)
    assert dry.exit_code == 0
    data = json.loads(dry.output)
    assert (data["captures"], data["changed"], data["dry_run"]) == (1, 1, True)
    assert data["changes"][0]["capture_id"] == capture_id
    assert data["changes"][0]["after"]["accounts"] == 13
    text = runner.invoke(cli, ["reparse"], catch_exceptions=False)
    assert text.exit_code == 0
    assert text.output.splitlines() == [
        "Reparsed 1 captures: changed 1, unchanged 0, without a stored page 0.",
        f"  #{capture_id} {URL}",
        f"    unsupported (no parser, -) → stored (instagram v{instagram.VERSION}, followers); "
        "accounts 0 → 13, ties 0 → 12",
    ]
    helped = runner.invoke(cli, ["reparse", "--help"], catch_exceptions=False)
    assert "Example:" in helped.output and "metanet reparse --dry-run --json" in helped.output
