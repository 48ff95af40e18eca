"""Interaction counts in the database: per person and month, matched by identifiers,
never content; strengthening the user's ties with recency decay, in every snapshot path
(a build, the incremental refresh, the file); re-import, forget, export, review."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from metanet.answers import disk, interactions, strength
from metanet.answers.build import build
from metanet.answers.service import snapshot_for
from metanet.identity.me import set_me
from metanet.imports.interactions.events import SENT, Event, Who
from metanet.model import AccountRecord
from metanet.services import answers, data
from metanet.services.interactions import assign, import_interactions, person_interaction, review
from metanet.store import Store
from tests.db_support import raw
from tests.interaction_files import (
    BODY,
    SUBJECT,
    TITLE,
    ago,
    facebook_zip,
    ics_file,
    linkedin_zip,
    mbox_file,
)
from tests.test_answers_snapshot import assert_same_graph

OLD = "2020-01-01T00:00:00+00:00"


class World:
    """Sabine (the user) and her contacts, as interaction_files.py describes them."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.id: dict[str, int] = {}
        self.acc: dict[str, int] = {}
        sabine = self.add(
            "sabine", "linkedin", "sabine-weber", "Sabine Weber", "sabine@example.com"
        )
        set_me(self.store, sabine)
        self.add("anna", "linkedin", "anna-schmidt", "Anna Schmidt", "anna@example.com")
        self.add("bernd", "linkedin", "bernd-keller", "Bernd Keller", "bernd@example.org")
        self.add("clara", "linkedin", "clara-vogel", "Clara Vogel")
        self.add("tara", "linkedin", "tara-zimmer", "Tara Zimmer")
        self.add("juergen", "facebook", "juergen.gross", "Jürgen Größ")
        self.add("max1", "linkedin", "max-mueller-1", "Max Müller")
        self.add("max2", "linkedin", "max-mueller-2", "Max Müller")
        for other in ("anna", "bernd", "clara", "max1", "max2"):
            self.tie("sabine", other)
        self.tie("anna", "tara")
        self.tie("bernd", "tara")
        self.acc["sabine-fb"] = self.store.upsert_account(
            AccountRecord("facebook", "sabine.weber", "https://www.facebook.com/sabine.weber",
                          name="Sabine Weber"), seen_at=OLD)  # fmt: skip
        set_me(self.store, self.acc["sabine-fb"])
        self.tie("sabine-fb", "juergen", "facebook", "friend")

    def add(self, name: str, network: str, key: str, full: str, email: str = "") -> int:
        host = {"linkedin": "https://www.linkedin.com/in/", "facebook": "https://www.facebook.com/"}
        record = AccountRecord(
            network, key, host[network] + key, name=full, emails=[email] if email else []
        )
        self.acc[name] = self.store.upsert_account(record, seen_at=OLD)
        self.id[name] = int(self.store.account_by_id(self.acc[name])["person_id"])
        return self.acc[name]

    def tie(self, a: str, b: str, network: str = "linkedin", kind: str = "contact") -> None:
        self.store.add_tie(
            self.acc[a], self.acc[b], network=network, kind=kind, directed=False, seen_at=OLD
        )

    def counts(self, name: str) -> dict[str, int]:
        found = person_interaction(self.store, self.id[name])
        keys = ("sent", "received", "threads", "meetings", "endorsed", "endorsed_you",
                "recommended", "recommended_you")  # fmt: skip
        return {k: found[k] for k in keys if found[k]}


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path / "m.db")


def import_all(world: World, tmp_path: Path) -> None:
    for path in (
        linkedin_zip(tmp_path / "li.zip"),
        facebook_zip(tmp_path / "fb.zip"),
        mbox_file(tmp_path / "all.mbox"),
        ics_file(tmp_path / "cal.ics"),
    ):
        import_interactions(world.store, path)


def test_counts_per_person_from_every_format(world: World, tmp_path: Path) -> None:
    import_all(world, tmp_path)
    sabine = world.id["sabine"]
    assert world.counts("anna") == {
        "sent": 2 + 1,  # LinkedIn, e-mail
        "received": 2 + 1,
        "threads": 2 + 1,
        "meetings": 3,  # weekly x4, one cancelled
        "endorsed_you": 1,
        "recommended_you": 1,  # by name: the only Anna Schmidt
    }
    assert world.counts("clara") == {"received": 1, "threads": 1, "endorsed": 2}
    # Facebook names him (unique): matched; his e-mail address is nobody's: for review
    assert world.counts("juergen") == {"sent": 2, "received": 1, "threads": 1}
    # in the To of one e-mail; on Facebook by his name, which only he has
    assert world.counts("bernd") == {"sent": 1, "received": 1, "threads": 1}
    assert world.counts("tara") == {} and world.counts("max1") == {} == world.counts("max2")
    assert person_interaction(world.store, sabine)["messages"] == 0
    months = person_interaction(world.store, world.id["anna"])["months"]
    assert {m["month"] for m in months} >= {ago(40).strftime("%Y-%m"), ago(5).strftime("%Y-%m")}
    waiting = {row["who"]: row for row in review(world.store)}
    # a name two people have, and an address nobody has, are listed for review
    assert set(waiting) == {
        "name:max mueller",
        "email:carol@example.net",
        "email:juergen@example.de",
    }
    assert waiting["name:max mueller"]["label"] == "Max Müller"


def test_no_text_subject_or_title_reaches_the_database(world: World, tmp_path: Path) -> None:
    raw(world.store).execute("pragma wal_autocheckpoint = 0")  # keep the WAL to read it
    import_all(world, tmp_path)
    files = [world.store.path, Path(f"{world.store.path}-wal")]
    assert files[1].exists() and files[1].stat().st_size > 0
    for phrase in (BODY, TITLE, SUBJECT, "Pfirsich"):
        for file in files:
            assert phrase.encode() not in file.read_bytes(), (phrase, file.name)
            assert phrase.encode("utf-16-le") not in file.read_bytes()


def test_a_phrase_written_to_the_database_would_be_found(world: World) -> None:
    """The search above can fail: a relation's note is stored and found by it."""
    raw(world.store).execute("pragma wal_autocheckpoint = 0")
    world.store.relate(world.id["sabine"], world.id["anna"], "colleague", note=BODY)
    wal = Path(f"{world.store.path}-wal")
    assert BODY.encode() in wal.read_bytes() + world.store.path.read_bytes()


def test_paths_prefer_the_contact_you_write_to(world: World, tmp_path: Path) -> None:
    before = answers.paths(world.store, world.id["tara"], k=2)["paths"]
    assert before[0]["score"] == pytest.approx(before[1]["score"])
    snap = snapshot_for(world.store)
    import_interactions(world.store, linkedin_zip(tmp_path / "li.zip"))
    found = answers.paths(world.store, world.id["tara"], k=2)["paths"]
    assert [p["hops"][1]["person_id"] for p in found] == [world.id["anna"], world.id["bernd"]]
    assert found[0]["score"] > found[1]["score"]
    hop = found[0]["hops"][1]
    codes = {r["code"]: r for r in hop["why"]}
    assert (
        codes["messages"]["n"] == 4 and codes["messages"]["last"][:10] == ago(5).date().isoformat()
    )
    assert "recommended_you" in codes and codes["endorsed_you"]["n"] == 1
    assert hop["strength"] > 0.35 and found[1]["hops"][1]["strength"] == pytest.approx(
        0.35, abs=1e-3
    )
    # the snapshot followed incrementally, to the numbers a rebuild gives
    assert snapshot_for(world.store) is snap and snap.refreshes["incremental"] >= 1
    fresh = build(world.store.sql("answers"))
    assert_same_graph(snap, fresh)
    assert snap.interacted == fresh.interacted and snap.interacted


def test_the_users_rating_still_wins(world: World, tmp_path: Path) -> None:
    import_interactions(world.store, linkedin_zip(tmp_path / "li.zip"))
    answers.rate(world.store, world.id["sabine"], world.id["anna"], 0.2)
    hop = answers.paths(world.store, world.id["tara"], k=2)["paths"][1]["hops"][1]
    assert hop["person_id"] == world.id["anna"] and hop["strength"] == pytest.approx(0.2)
    assert hop["why"] == [{"code": "rating", "strength": 0.2}]


def test_the_snapshot_file_carries_interaction(world: World, tmp_path: Path) -> None:
    import_interactions(world.store, linkedin_zip(tmp_path / "li.zip"))
    snap = snapshot_for(world.store)
    assert disk.save(world.store.sql("answers"), world.store.path, snap)
    loaded, status = disk.open_file(world.store.sql("answers"), world.store.path)
    assert status == "current" and loaded is not None
    assert loaded.interacted == snap.interacted and loaded.interacted
    assert_same_graph(loaded, build(world.store.sql("answers")))
    import_interactions(world.store, linkedin_zip(tmp_path / "li2.zip", extra_message=True))
    _, status = disk.open_file(world.store.sql("answers"), world.store.path)
    assert status == "behind"


def test_reimporting_a_newer_export_adds_only_what_is_new(world: World, tmp_path: Path) -> None:
    first = import_interactions(world.store, linkedin_zip(tmp_path / "li.zip"))
    assert first.new == first.events > 0
    again = import_interactions(world.store, linkedin_zip(tmp_path / "li.zip"))
    assert again.new == 0 and again.events == first.events
    newer = import_interactions(world.store, linkedin_zip(tmp_path / "li2.zip", extra_message=True))
    assert newer.new == 1
    assert world.counts("anna")["sent"] == 3
    mail = mbox_file(tmp_path / "all.mbox")
    assert import_interactions(world.store, mail).new > 0
    assert import_interactions(world.store, mail).new == 0


def test_forget_removes_the_counts(world: World, tmp_path: Path) -> None:
    import_all(world, tmp_path)
    anna = world.id["anna"]
    assert person_interaction(world.store, anna)["messages"]
    data.forget(world.store, anna)
    left = (
        raw(world.store)
        .execute("select count(*) from interactions where person_id = ?", [anna])
        .fetchone()[0]
    )
    assert left == 0
    assert (world.id["anna"], world.id["sabine"]) not in snapshot_for(world.store).interacted
    # the same export again brings nothing back
    assert import_interactions(world.store, linkedin_zip(tmp_path / "li.zip")).new == 0


def test_a_merge_takes_the_counts_along(world: World, tmp_path: Path) -> None:
    from metanet.identity.persons import Merge, merge_persons

    import_all(world, tmp_path)
    before = world.counts("max1")
    assert assign(world.store, "name:max mueller", world.id["max2"]) == 1
    merge_persons(world.store, [Merge(world.id["max1"], world.id["max2"], "test", "test", None)])
    assert world.counts("max1") == {**before, "recommended": 1}


def test_export_includes_the_counts(world: World, tmp_path: Path) -> None:
    import_all(world, tmp_path)
    out = io.StringIO()
    data.export(world.store, "json", out)
    rows = json.loads(out.getvalue())["interactions"]
    anna = [r for r in rows if r["person_id"] == world.id["anna"]]
    assert sum(r["n"] for r in anna if r["kind"] == "meeting") == 3
    assert BODY not in out.getvalue() and TITLE not in out.getvalue()


def test_assigning_a_reviewed_identifier(world: World, tmp_path: Path) -> None:
    import_all(world, tmp_path)
    assign(world.store, "email:carol@example.net", world.id["tara"])
    assert world.counts("tara") == {"received": 1, "threads": 1}
    assert "email:carol@example.net" not in {r["who"] for r in review(world.store)}


def test_recency_decay(world: World) -> None:
    """Weekly mail five years ago adds little today; the same last month adds a lot."""
    now = datetime.now(UTC)
    long_ago = [now - timedelta(days=5 * 365 + 7 * i) for i in range(50)]
    recent = [now - timedelta(days=2 * i) for i in range(50)]
    for name, moments in (("bernd", long_ago), ("anna", recent)):
        who = Who("account", f"linkedin:{'bernd-keller' if name == 'bernd' else 'anna-schmidt'}")
        interactions.record(
            world.store,
            [Event("mail", SENT, m, (who,), f"{name}{i}") for i, m in enumerate(moments)],
        )
    bonus = snapshot_for(world.store).interacted
    me = world.id["sabine"]
    old = bonus[(min(me, world.id["bernd"]), max(me, world.id["bernd"]))]
    new = bonus[(min(me, world.id["anna"]), max(me, world.id["anna"]))]
    assert old < 0.01 < 0.5 < new <= strength.INTERACTION_CAP
