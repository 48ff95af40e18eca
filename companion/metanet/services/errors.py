"""The one error table: how each kind of failure reaches the user, on every front.

Services and the domain raise the kinds of :mod:`metanet.errors`; the native host, the
command line and the summary page look the error up here instead of translating it by
hand. A row gives the protocol's error code (docs/PROTOCOL.md; the CLI's ``--json`` uses
the same codes), the CLI's exit status and the summary page's HTTP status. The message is
the error's own text, in one line; a row may add what to do about it. An error may carry
data beside it (``details``: the people an ambiguous name fits), which every front passes on.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from metanet import errors
from metanet.protocol import ErrorCode

#: Files reach the companion through the CLI and the summary page, never over the native
#: port: this code is the CLI's (``import --json``), not the protocol's.
BAD_FILE = "bad_file"


@dataclass(frozen=True)
class ErrorRow:
    code: str  # the protocol's error code, and the CLI's with --json
    exit_status: int  # the CLI's
    http_status: int  # the summary page's
    hint: str = ""  # appended to the message: what the user can do

    def message(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split()) or type(exc).__name__
        return f"{text}{self.hint}"

    def error(self, exc: BaseException) -> dict[str, Any]:
        """The error object every front answers with: code, message and the error's data
        (an ambiguous name's ``candidates``, :attr:`metanet.errors.MetanetError.details`)."""
        details = exc.details if isinstance(exc, errors.MetanetError) else {}
        return {"code": self.code, "message": self.message(exc), **details}


#: Looked up along the error's class hierarchy: the most specific kind listed wins.
ERROR_TABLE: dict[type[errors.MetanetError], ErrorRow] = {
    errors.InvalidInput: ErrorRow(ErrorCode.BAD_REQUEST, 1, 400),
    errors.BadFile: ErrorRow(BAD_FILE, 1, 400, " (nothing was imported)"),
    errors.NotFound: ErrorRow(ErrorCode.NOT_FOUND, 1, 404),
    errors.Refused: ErrorRow(ErrorCode.BAD_REQUEST, 1, 409),
    errors.Busy: ErrorRow(ErrorCode.DATABASE_BUSY, 1, 503, "; please try again"),
    errors.Unavailable: ErrorRow(ErrorCode.SERVER_START_FAILED, 1, 503),
    errors.Unreadable: ErrorRow(ErrorCode.DATABASE_UNREADABLE, 1, 503),
}


def error_row(exc: BaseException) -> ErrorRow | None:
    """The table's row for ``exc``, or None: then it is a bug, not the user's to fix.

    SQLite's own "file is not a database" and "database disk image is malformed" (plain
    ``sqlite3.DatabaseError``, not one of its subclasses, which are bugs) met after the
    database was opened are a damaged file too.
    """
    if type(exc) is sqlite3.DatabaseError:
        return ERROR_TABLE[errors.Unreadable]
    for kind in type(exc).__mro__:
        row = ERROR_TABLE.get(kind)
        if row is not None:
            return row
    return None
