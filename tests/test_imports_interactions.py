"""Reading interaction from exports: who, when and what kind, and nothing else."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from metanet.imports.base import ImportFileError
from metanet.imports.interactions import mbox
from metanet.imports.interactions.events import Event, month_of
from metanet.imports.interactions.files import Me, read
from tests.interaction_files import (
    BODY,
    TITLE,
    ago,
    as_zip,
    facebook_zip,
    ics_file,
    linkedin_zip,
    mbox_file,
)

SABINE = Me(
    emails=frozenset({"sabine@example.com"}),
    accounts=frozenset({"linkedin:sabine-weber"}),
    names=frozenset({"Sabine Weber"}),
)


def counts(events: list[Event]) -> Counter[tuple[str, str]]:
    """(identifier, kind) → how many."""
    return Counter((w.ident, e.kind) for e in events for w in e.who)


@pytest.mark.parametrize("me", [SABINE, Me()], ids=["known", "found"])
def test_linkedin_export_counts_messages_invitations_endorsements_recommendations(
    tmp_path: Path, me: Me
) -> None:
    events = list(read(linkedin_zip(tmp_path / "li.zip"), me))
    assert counts(events) == {
        ("account:linkedin:anna-schmidt", "sent"): 2,
        ("account:linkedin:anna-schmidt", "received"): 2,
        ("account:linkedin:anna-schmidt", "thread"): 2,
        ("account:linkedin:anna-schmidt", "endorsed_you"): 1,
        ("name:anna schmidt", "recommended_you"): 1,  # the file names no profile
        ("account:linkedin:clara-vogel", "received"): 1,
        ("account:linkedin:clara-vogel", "thread"): 1,
        ("account:linkedin:clara-vogel", "invited"): 1,
        ("account:linkedin:clara-vogel", "endorsed"): 2,
        ("name:max mueller", "recommended"): 1,
    }
    assert not any(BODY in repr(e) for e in events)


def test_linkedin_recommendation_names_are_names(tmp_path: Path) -> None:
    events = list(read(linkedin_zip(tmp_path / "li.zip"), SABINE))
    recommended = [e for e in events if e.kind == "recommended_you"]
    assert [(w.kind, w.value, w.label) for e in recommended for w in e.who] == [
        ("name", "anna schmidt", "Anna Schmidt")
    ]


def test_facebook_thread_names_are_repaired_and_the_user_found(tmp_path: Path) -> None:
    events = list(read(facebook_zip(tmp_path / "fb.zip"), Me()))
    assert counts(events) == {
        ("name:juergen groess", "received"): 1,
        ("name:juergen groess", "sent"): 2,
        ("name:juergen groess", "thread"): 1,
        ("name:bernd keller", "received"): 1,
        ("name:bernd keller", "thread"): 1,
    }
    labels = {w.label for e in events for w in e.who}
    assert "Jürgen Größ" in labels and {e.source for e in events} == {"facebook"}


def test_instagram_threads_count_as_instagram(tmp_path: Path) -> None:
    facebook_zip(tmp_path / "fb.zip")
    with zipfile.ZipFile(tmp_path / "fb.zip") as archive:
        members = {
            n.replace("your_facebook_activity", "your_instagram_activity"): archive.read(n)
            for n in archive.namelist()
        }
    events = list(read(as_zip(tmp_path / "ig.zip", members), Me()))
    assert {e.source for e in events} == {"instagram"} and len(events) == 6


def test_mbox_reads_folded_and_encoded_headers(tmp_path: Path) -> None:
    events = list(read(mbox_file(tmp_path / "all.mbox"), SABINE))
    assert counts(events) == {
        ("email:anna@example.com", "received"): 1,
        ("email:anna@example.com", "thread"): 1,  # m1 begins a thread; m2 replies
        ("email:anna@example.com", "sent"): 1,
        ("email:bernd@example.org", "sent"): 1,  # a folded To header
        ("email:juergen@example.de", "sent"): 1,  # Cc, ISO-8859-1 encoded name
        ("email:carol@example.net", "received"): 1,
        ("email:carol@example.net", "thread"): 1,
    }
    labels = {w.value: w.label for e in events for w in e.who}
    assert labels["anna@example.com"] == "Anna Schmidt"
    assert labels["juergen@example.de"] == "Jürgen Größ"
    assert labels["bernd@example.org"] == "Keller, Bernd"
    sent = next(e for e in events if e.kind == "sent")
    assert month_of(sent.at) == month_of(ago(6))


def test_mbox_without_known_addresses_finds_its_owner(tmp_path: Path) -> None:
    events = list(read(mbox_file(tmp_path / "all.mbox"), Me()))
    assert ("email:anna@example.com", "sent") in counts(events)


def test_mbox_is_read_in_blocks_across_their_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = list(read(mbox_file(tmp_path / "all.mbox"), SABINE))
    for block in (7, 64, 333):
        monkeypatch.setattr(mbox, "BLOCK", block)
        assert counts(list(read(tmp_path / "all.mbox", SABINE))) == counts(whole), block


def test_mbox_header_blocks_never_hold_a_body() -> None:
    data = b"From a\nFrom: x@y.de\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n" + b"B" * 10_000 + b"\n"
    blocks = list(mbox.header_blocks(io.BytesIO(data * 3)))
    assert len(blocks) == 3 and all(b"B" not in b for b in blocks)


def test_ics_expands_recurring_events_up_to_now(tmp_path: Path) -> None:
    events = list(read(ics_file(tmp_path / "cal.ics"), SABINE))
    # weekly x4 with one cancelled: 3 meetings with Anna; the future one and the one
    # Sabine was not at count for nobody
    assert counts(events) == {("email:anna@example.com", "meeting"): 3}
    assert all(TITLE not in repr(e) and BODY not in repr(e) for e in events)
    assert len({e.key for e in events}) == 3


def test_ics_finds_the_user_when_not_known(tmp_path: Path) -> None:
    events = list(read(ics_file(tmp_path / "cal.ics"), Me()))
    assert counts(events)[("email:anna@example.com", "meeting")] == 3


def test_a_file_that_is_none_of_these_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(ImportFileError, match=r"notes\.txt, content: not an interaction file"):
        list(read(path, SABINE))


def test_a_damaged_thread_names_its_member(tmp_path: Path) -> None:
    path = as_zip(tmp_path / "fb.zip", {"messages/inbox/x_1/message_1.json": b"{not json"})
    with pytest.raises(ImportFileError, match=r"message_1\.json"):
        list(read(path, SABINE))
