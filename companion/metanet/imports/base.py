"""What an importer returns: the contacts one export file lists, and how each is tied to you.

Importers are pure functions of bytes: no database. The pipeline (``pipeline.py``) stores a
:class:`ParsedExport` in one transaction, as ``capture.py`` does for a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from metanet.errors import BadFile
from metanet.model import AccountRecord


class Direction:
    """How the tie between the user and a contact points."""

    BOTH = "both"  # undirected: LinkedIn connections, Facebook friends, address books
    TO_ME = "to_me"  # the contact follows the user (Instagram followers)
    FROM_ME = "from_me"  # the user follows the contact (Instagram following, Mastodon)


class ImportFileError(BadFile):
    """The file cannot be imported; nothing from it was stored.

    ``where`` names the place a person can look at: ``line 12``, ``entry 3``,
    ``card 7 (line 80)``, or a ZIP member.
    """

    def __init__(self, filename: str, message: str, where: str | None = None) -> None:
        self.filename = filename
        self.where = where
        self.message = message
        place = f"{filename}, {where}" if where else filename
        super().__init__(f"{place}: {message}")


class EntryError(ValueError):
    """Raised inside an importer for one bad entry; the pipeline adds the file name."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


@dataclass
class Contact:
    """One person an export lists.

    ``record`` is their account (on the exporting network, or ``addressbook``);
    ``linked`` are accounts on other networks the entry names (a vCard's LinkedIn URL):
    stored as accounts and as ``same_as`` links, never tied to anyone.
    """

    record: AccountRecord
    kind: str  # tie kind: contact, friend, follows
    direction: str = Direction.BOTH
    confirmed: bool = True
    since: str | None = None  # ISO date the export gives for the tie (LinkedIn "Connected On")
    linked: list[AccountRecord] = field(default_factory=list)


@dataclass
class ParsedExport:
    """Everything one export file yields.

    ``network`` is the network whose own account of the user the ties hang on.
    ``source`` names the list the file is a full copy of (``linkedin-connections``):
    a later import of the same source is compared with this one to tell what changed.
    ``complete`` says whether the file is the whole list (an official export) or may be
    a part of it (a vCard of three people): only a complete list can show removals.
    """

    format: str
    network: str
    source: str
    complete: bool
    contacts: list[Contact] = field(default_factory=list)
    skipped: int = 0  # entries with nothing to identify a person (empty rows, …)

    def add(self, contact: Contact | None) -> None:
        """Keep one entry's contact; None (nothing to identify a person by) is skipped."""
        if contact is None:
            self.skipped += 1
        else:
            self.contacts.append(contact)
