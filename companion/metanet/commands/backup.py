"""``metanet backup`` and ``metanet restore``: a copy of everything, taken while Metanet
runs, and the way back (on this computer or a new one)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from metanet.commands.output import emit, fail, json_option, open_store, reported, words
from metanet.i18n import Words

#: read instead of asking, for scripts and automatic runs (never an option: a passphrase
#: on the command line lands in the shell's history and the process list)
PASSPHRASE_ENV = "METANET_BACKUP_PASSPHRASE"


def _passphrase(*, confirm: bool) -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    text: str = click.prompt(
        words().gettext("Passphrase"), hide_input=True, confirmation_prompt=confirm, err=True
    )
    return text


def _size(w: Words, size: int) -> str:
    if size < 1_000_000:
        return w.gettext("%(num)s kB", num=w.number(max(1, round(size / 1000))))
    return w.gettext("%(num)s MB", num=w.number(size / 1e6, 1))


def _held(w: Words, counts: dict[str, int]) -> dict[str, str]:
    """What a backup holds, as the ``people`` and ``pages`` of a sentence."""
    return {
        "people": w.ngettext("%(num)s person", "%(num)s people", counts["persons"]),
        "pages": w.ngettext("%(num)s stored page", "%(num)s stored pages", counts["captures"]),
    }


def _taken_text(data: dict[str, Any]) -> str:
    w = words()
    text = w.gettext(
        "Backed up %(people)s and %(pages)s to %(file)s (%(size)s%(encrypted)s).",
        **_held(w, data["counts"]),
        file=data["file"],
        size=_size(w, data["size"]),
        encrypted=", " + w.gettext("encrypted") if data["encrypted"] else "",
    )
    if data["removed"]:
        text += "\n" + w.ngettext(
            "Removed %(num)s older automatic backup.",
            "Removed %(num)s older automatic backups.",
            len(data["removed"]),
        )
    return text


def _status_text(data: dict[str, Any]) -> str:
    w = words()
    if data["folder"] is None:
        return w.gettext("Automatic backups are off.")
    return w.gettext("Automatic backups go to %(folder)s every day.", folder=data["folder"])


@click.command("backup")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--to", "folder", type=click.Path(file_okay=False, path_type=Path), help="Into this folder."
)
@click.option("--encrypt", is_flag=True, help="Encrypt with a passphrase (asked for).")
@click.option(
    "--auto",
    "auto_folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="From now on back up into this folder every day (7 daily, 4 weekly kept).",
)
@click.option("--no-auto", is_flag=True, help="Stop the automatic backups.")
@json_option
def backup_command(
    file: Path | None,
    folder: Path | None,
    encrypt: bool,
    auto_folder: Path | None,
    no_auto: bool,
    as_json: bool,
) -> None:
    """Back up everything (people, pages, decisions, notes, requests, settings) while the
    browser's host and the summary page keep running.

    \b
    Examples:
      metanet backup ~/metanet.zip
      metanet backup --to /media/usb --encrypt
      metanet backup --auto ~/Nextcloud/metanet
    """
    from metanet.services import backup

    if sum(x is not None and x is not False for x in (file, folder, auto_folder, no_auto)) > 1:
        fail(words().gettext("Give one of FILE, --to, --auto or --no-auto."), as_json)
    with open_store(as_json) as store:
        if no_auto or auto_folder is not None:
            state = backup.set_folder(store, auto_folder)
            if no_auto:
                emit(state, as_json, lambda d: _status_text(dict(d)))
                return
            if not as_json:
                click.echo(_status_text(dict(state)), err=True)
            taken = backup.automatic_backup(store)
        else:
            passphrase = _passphrase(confirm=True) if encrypt else None
            taken = backup.backup(store, file, folder=folder, passphrase=passphrase)
    emit(taken, as_json, lambda d: _taken_text(dict(d)))


def _restored_text(data: dict[str, Any]) -> str:
    w = words()
    text = w.gettext(
        "Restored %(people)s and %(pages)s from the backup of %(when)s.",
        **_held(w, data["counts"]),
        when=w.datetime(data["created_at"]),
    )
    if data["aside"]:
        kept = w.gettext("The database that was here is kept as %(file)s.", file=data["aside"])
        text += "\n" + kept
    return text


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that holds data (kept aside).")
@json_option
def restore_command(file: Path, yes: bool, as_json: bool) -> None:
    """Restore a backup made by `metanet backup`: on this computer, or on a new one after
    `metanet install`. A running host or summary page carries on with the restored data.

    \b
    Example:
      metanet restore ~/metanet.zip
    """
    from metanet import paths
    from metanet.services import backup

    with reported(as_json):
        restored = backup.restore(
            paths.database(), file, lambda: _passphrase(confirm=False), yes=yes
        )
    emit(restored, as_json, lambda d: _restored_text(dict(d)))
