"""Which reader an interaction file needs, from its content: an mbox, an iCalendar file,
a LinkedIn export (ZIP or one of its CSV files), or a Facebook/Instagram download (ZIP
or one thread's JSON file). Everything is read as a stream of :class:`Event` values; an
mbox (alone or inside a ZIP, as Google Takeout delivers it) is never read into memory.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from metanet.imports.base import EntryError, ImportFileError
from metanet.imports.interactions import calendar, linkedin, mbox, threads
from metanet.imports.interactions.events import Event

HEAD = 4096


@dataclass(frozen=True)
class Me:
    """What the user is known by: e-mail addresses, accounts (``network:key``), names."""

    emails: frozenset[str] = field(default_factory=frozenset)
    accounts: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)


def holds_interactions(path: Path) -> bool:
    """Whether a contacts export (a ZIP) also holds messages, invitations, endorsements,
    recommendations or message threads: ``metanet import`` counts them too."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(
            posixpath.basename(name).lower() in linkedin.FILES or threads.MEMBER.search(name)
            for name in archive.namelist()
        )


def read(path: Path, me: Me) -> Iterator[Event]:
    """Every event of the file; :class:`ImportFileError` naming the place if unreadable."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD)
    except OSError as exc:
        raise ImportFileError(path.name, f"cannot read the file ({exc.strerror})") from None
    try:
        if zipfile.is_zipfile(path):
            yield from _archive(path, me)
        elif mbox.detect(head):
            yield from _mbox(path, me)
        elif calendar.detect(head):
            yield from calendar.read(path.read_bytes(), me.emails)
        elif head.lstrip().startswith(b"{"):
            yield from _threads([(path.name, path.read_bytes())], me)
        elif path.name.lower() in linkedin.FILES:
            yield from linkedin.read(path.name.lower(), path.read_bytes(), me.accounts)
        else:
            raise EntryError(
                "content",
                "not an interaction file Metanet reads (mbox, iCalendar, a LinkedIn, "
                "Facebook or Instagram export)",
            )
    except EntryError as exc:
        raise ImportFileError(path.name, exc.message, exc.where) from None


def _mbox(path: Path, me: Me) -> Iterator[Event]:
    mine = me.emails or frozenset(filter(None, [mbox.guess_me(path)]))
    yield from mbox.read(path, mine)


def _archive(path: Path, me: Me) -> Iterator[Event]:
    with zipfile.ZipFile(path) as archive:
        names = [i for i in archive.infolist() if not i.is_dir()]
        thread_files: list[tuple[str, bytes]] = []
        found = False
        for info in names:
            base = posixpath.basename(info.filename).lower()
            if base.startswith("."):
                continue
            where = f"{path.name}/{info.filename}"
            try:
                if base in linkedin.FILES:
                    found = True
                    yield from linkedin.read(base, archive.read(info), me.accounts)
                elif threads.MEMBER.search(info.filename):
                    thread_files.append((info.filename, archive.read(info)))
                elif base.endswith(".ics"):
                    found = True
                    yield from calendar.read(archive.read(info), me.emails)
                elif base.endswith(".mbox"):
                    found = True
                    mine = me.emails
                    if not mine:
                        with archive.open(info) as stream:
                            guessed = mbox.guess_in(stream)
                        mine = frozenset({guessed}) if guessed else mine
                    with archive.open(info) as stream:
                        yield from mbox.read_stream(stream, mine)
            except EntryError as exc:
                raise ImportFileError(where, exc.message, exc.where) from None
        if thread_files:
            yield from _threads(thread_files, me)
        elif not found:
            raise EntryError("ZIP archive", "holds no messages, invitations, calendar or mail")


def _threads(files: list[tuple[str, bytes]], me: Me) -> list[Event]:
    parsed: list[threads.Thread] = []
    for name, data in files:
        participants, sent = threads.parse(data, name)
        parsed.append((threads.source_of(name), threads.folder_of(name), participants, sent))
    return threads.events(parsed, me.names)
