"""Backups and restores on a real SQLite file, through the CLI a person types.

What a user gets: a backup restored into a fresh folder exports the same JSON; a wrong
passphrase, a damaged, cut-short or foreign file, a newer schema and a full disk each say
so in one line and change nothing; forgotten people stay forgotten after a restore; a
database that holds data is replaced only with --yes and kept aside.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from metanet.backups import archive, rotation
from metanet.capture import ingest
from metanet.cli import cli
from metanet.demo.seed import load
from metanet.services import backup
from metanet.services.people import find_person
from metanet.store import Store
from metanet.store import backup as copies

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("METANET_HOME", str(folder))
    monkeypatch.delenv("METANET_BACKUP_PASSPHRASE", raising=False)
    with Store() as store:
        load(store)
        store.set_note(find_person(store, "Thomas Müller"), "Met at the fair")
    return folder


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def export_json(home: Path) -> dict[str, object]:
    env = {"METANET_HOME": str(home)}
    result = CliRunner().invoke(cli, ["export", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    document.pop("exported_at")
    return dict(document)


def test_backup_then_restore_into_a_fresh_folder_exports_the_same(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b.zip"
    taken = run("backup", str(target))
    assert taken.exit_code == 0 and "Backed up 15 people and 2 stored pages" in taken.output
    before = export_json(home)
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("METANET_HOME", str(fresh))
    restored = run("restore", str(target))
    assert restored.exit_code == 0, restored.output
    assert "Restored 15 people and 2 stored pages" in restored.output
    assert export_json(fresh) == before
    with zipfile.ZipFile(target) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["counts"]["persons"] == 15 and manifest["counts"]["notes"] == 2
    assert manifest["schema"] == manifest["migrations"][-1] and not manifest["encrypted"]
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_encrypted_backup_refuses_a_wrong_passphrase(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sealed.zip"
    taken = run("backup", str(target), "--encrypt", env={"METANET_BACKUP_PASSPHRASE": PASSPHRASE})
    assert taken.exit_code == 0 and "encrypted" in taken.output
    with zipfile.ZipFile(target) as zipped:
        assert sorted(zipped.namelist()) == ["backup.zip.age", "manifest.json"]
        assert zipped.read("backup.zip.age").startswith(b"age-encryption.org/v1")
        assert b"Thomas" not in zipped.read("backup.zip.age")
        assert "counts" not in json.loads(zipped.read("manifest.json"))
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "fresh"))
    wrong = run("restore", str(target), env={"METANET_BACKUP_PASSPHRASE": "wrong"})
    assert wrong.exit_code == 1
    assert wrong.output == "Error: the passphrase does not open this backup\n"
    assert not (tmp_path / "fresh" / "metanet.db").exists()
    right = run("restore", str(target), env={"METANET_BACKUP_PASSPHRASE": PASSPHRASE})
    assert right.exit_code == 0, right.output
    assert export_json(tmp_path / "fresh") == export_json(home)


def test_passphrase_is_asked_for_when_not_in_the_environment(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "asked.zip"
    taken = CliRunner().invoke(
        cli, ["backup", str(target), "--encrypt"], input=f"{PASSPHRASE}\n{PASSPHRASE}\n"
    )
    assert taken.exit_code == 0, taken.output
    assert PASSPHRASE not in taken.output  # hidden input
    assert json.loads(zipfile.ZipFile(target).read("manifest.json"))["encrypted"] is True


def _one_line_error(result: Result, *words: str) -> None:
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


def test_damaged_truncated_and_foreign_files_are_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.zip"
    run("backup", str(good))
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "fresh"))
    data = good.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    _one_line_error(run("restore", str(cut)), "damaged or cut short")
    # a flipped byte inside the stored database: the manifest's checksum catches it
    flipped = tmp_path / "flipped.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(flipped, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == archive.DATABASE:
                body = body[:5000] + bytes([body[5000] ^ 1]) + body[5001:]
            dst.writestr(item, body)
    _one_line_error(run("restore", str(flipped)), "checksum of metanet.db")
    foreign = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign, "w") as zipped:
        zipped.writestr("holiday.jpg", b"\xff\xd8")
    _one_line_error(run("restore", str(foreign)), "not a Metanet backup")
    _one_line_error(run("restore", str(tmp_path / "missing.zip")), "there is no file")
    assert not (tmp_path / "fresh" / "metanet.db").exists()


def test_a_newer_schema_is_refused_and_an_older_one_migrated(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.zip"
    run("backup", str(good))
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == archive.MANIFEST:
                manifest = json.loads(body)
                manifest["migrations"].append("m099_from_the_future")
                manifest["metanet"] = "9.0.0"
                body = json.dumps(manifest).encode()
            dst.writestr(item, body)
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "fresh"))
    _one_line_error(run("restore", str(newer)), "Metanet 9.0.0", "newer schema", "m099")
    # an older schema: a database written by the first schema (tests/fixtures/db)
    older_db = tmp_path / "older.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "db" / "schema-m001.db", older_db)
    older = tmp_path / "older.zip"
    first = ["m001_initial"]
    manifest = {"metanet": "0.1.0", "created_at": "2026-11-28T12:00:00+00:00",
                "schema": first[0], "migrations": first, "database_id": None}  # fmt: skip
    archive.write(older, manifest, older_db, None)
    restored = run("restore", str(older), "--json")
    assert restored.exit_code == 0, restored.output
    report = json.loads(restored.output)
    assert report["schema_from"] == "m001_initial"
    assert report["schema_to"] == copies.known_migrations()[-1]
    assert report["counts"]["persons"] == 4 and report["counts"]["captures"] == 1


def test_restore_over_data_needs_yes_and_keeps_the_old_database_aside(
    home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "b.zip"
    run("backup", str(target))
    with Store() as store:
        store.set_note(find_person(store, "Anna Schmidt"), "after the backup")
    refused = run("restore", str(target))
    _one_line_error(refused, "already holds data", "--yes")
    done = run("restore", str(target), "--yes", "--json")
    assert done.exit_code == 0, done.output
    aside = Path(json.loads(done.output)["aside"])
    assert aside.parent == home and aside.name.startswith("metanet.db.before-restore-")
    with Store(aside) as kept:
        assert kept.person(find_person(kept, "Anna Schmidt"))["note"] == "after the backup"
    with Store() as store:
        assert store.person(find_person(store, "Anna Schmidt"))["note"] is None
    wiped = run("wipe", "--yes", "--json")
    assert str(aside) in json.loads(wiped.output)["removed"]  # a wipe leaves no copy behind


def test_forgotten_people_stay_forgotten_after_a_restore(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store() as store:
        store.forget_person(find_person(store, "Thomas Müller"))
    target = tmp_path / "b.zip"
    run("backup", str(target))
    assert archive.KEY in zipfile.ZipFile(target).namelist()
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("METANET_HOME", str(fresh))
    assert run("restore", str(target)).exit_code == 0
    page = (
        '<script type="application/ld+json">{"@type": "Person", "name": "Thomas Müller", '
        '"url": "https://www.linkedin.com/in/thomas-mueller-consulting/"}</script>'
    )
    with Store() as store:
        ingest(store, "https://www.linkedin.com/in/thomas-mueller-consulting/", page)
        names = {p["name"] for p in store.export_persons()}
    assert "Thomas Müller" not in names


def test_a_full_disk_is_one_line_and_leaves_no_half_backup(home: Path, tmp_path: Path) -> None:
    """A real full disk: an 8 KiB tmpfs, smaller than the 14 kB backup (needs root to
    mount; skipped where it cannot be)."""
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        full = run("backup", str(small / "b.zip"))
        _one_line_error(full, "the disk is full", str(small), "no backup was written")
        assert os.listdir(small) == []
    finally:
        subprocess.run(["umount", str(small)], check=True)


def test_backup_refuses_an_existing_file_and_a_missing_folder(home: Path, tmp_path: Path) -> None:
    there = tmp_path / "there.zip"
    there.write_text("mine")
    _one_line_error(run("backup", str(there)), "already exists")
    assert there.read_text() == "mine"
    _one_line_error(run("backup", "--to", str(tmp_path / "nope")), "there is no folder")


# -- automatic backups --------------------------------------------------------------------


def test_rotation_keeps_seven_daily_and_four_weekly() -> None:
    start = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    backups = []
    for day in range(60):
        for hour in (0, 5):  # two a day: the newer of each day counts
            when = start + timedelta(days=day, hours=hour)
            backups.append((when, Path(rotation.name(when))))
    kept = rotation.choose(backups)
    kept_times = sorted(rotation.taken_at(p) for p in kept.keep)  # type: ignore[type-var]
    newest_days = [start + timedelta(days=d, hours=5) for d in range(53, 60)]
    assert newest_days == kept_times[-7:]
    # the 7 newest days are Monday to Sunday of one week; the 3 weeks before keep their
    # newest (a Sunday each)
    older_weeks = [start + timedelta(days=d, hours=5) for d in (38, 45, 52)]
    assert kept_times == older_weeks + newest_days
    assert len(kept.keep) + len(kept.remove) == len(backups)


def test_automatic_backups_rotate_in_the_folder(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "my-own.zip").write_text("kept: not an automatic backup")
    start = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    with Store() as store:
        backup.set_folder(store, folder)
        for day in range(30):
            at = start + timedelta(days=day)
            assert backup.due(store, at)
            backup.automatic_backup(store, at)
            assert not backup.due(store, at + timedelta(hours=2))
    names = sorted(p.name for p in folder.iterdir())
    assert "my-own.zip" in names
    autos = [n for n in names if n.startswith(rotation.PREFIX)]
    assert autos[-7:] == [rotation.name(start + timedelta(days=d)) for d in range(23, 30)]
    assert len(autos) == len(rotation.choose(rotation.automatic(folder)).keep) <= 7 + 4


def test_status_doctor_and_the_missing_folder(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cloud"
    folder.mkdir()
    result = run("backup", "--auto", str(folder))
    assert result.exit_code == 0, result.output
    assert f"Automatic backups go to {folder} every day." in result.output
    assert len(list(folder.glob("metanet-auto-*.zip"))) == 1
    with Store() as store:
        state = backup.status(store)
        assert state["folder"] == str(folder) and not state["stale"]
        assert backup.status(store, datetime.now(UTC) + timedelta(days=8))["stale"]
    shutil.rmtree(folder)
    doctor = run("doctor", "--json")
    problems = json.loads(doctor.output)["problems"]
    assert any("backup folder" in p and str(folder) in p for p in problems), problems
    off = run("backup", "--no-auto")
    assert off.output.strip() == "Automatic backups are off."


def test_backup_words_in_german(home: Path, tmp_path: Path) -> None:
    german = {"LANG": "de_DE.UTF-8"}
    taken = CliRunner().invoke(cli, ["backup", str(tmp_path / "b.zip")], env=german)
    assert taken.exit_code == 0
    assert "Gesichert: 15 Personen und 2 gespeicherte Seiten" in taken.output


def test_restore_over_a_damaged_database(home: Path, tmp_path: Path) -> None:
    """The reason for many a restore: the database cannot be read any more. Replaced with
    --yes; its files are kept aside as they are."""
    target = tmp_path / "b.zip"
    run("backup", str(target))
    database = home / "metanet.db"
    for extra in home.glob("metanet.db-*"):
        extra.unlink()
    database.write_bytes(b"this is not a database" * 100)
    _one_line_error(run("restore", str(target)), "already holds data")
    done = run("restore", str(target), "--yes", "--json")
    assert done.exit_code == 0, done.output
    aside = Path(json.loads(done.output)["aside"])
    assert aside.read_bytes().startswith(b"this is not a database")
    with Store() as store:
        assert store.counts()["persons"] == 15
