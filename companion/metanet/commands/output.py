"""How commands report: plain text for people, one JSON document with ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from metanet.i18n import Words, from_environment
from metanet.i18n import words as words_of

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document to stdout instead of text."
)


def words() -> Words:
    """The terminal's words: German when LANGUAGE, LC_ALL, LC_MESSAGES or LANG say so,
    English otherwise (``--json`` output is the same in every language)."""
    return words_of(from_environment())


def emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    """Print ``data`` as JSON or through ``text``."""
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        click.echo(text(data))


def fail(message: str, as_json: bool = False, code: str = "error") -> None:
    """Report a user error clearly and exit with status 1 (no traceback)."""
    if as_json:
        json.dump({"ok": False, "error": {"code": code, "message": message}}, sys.stdout)
        sys.stdout.write("\n")
    else:
        click.echo(f"Error: {message}", err=True)
    raise SystemExit(1)
