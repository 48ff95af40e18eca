"""How commands report: plain text for people, one JSON document with ``--json``; and how a
failure reaches them (the one error table, :mod:`metanet.services.errors`)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from metanet.i18n import Words, from_environment, texts
from metanet.i18n import words as words_of
from metanet.model import MAX_ID

if TYPE_CHECKING:
    from metanet.store import Store

T = TypeVar("T")
Command = TypeVar("Command", bound=Callable[..., None])

#: a stored row's number (person, decision, request, suggestion): SQLite's integer range
record_id = click.IntRange(1, MAX_ID)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document to stdout instead of text."
)


def options_as(
    into: str, build: Callable[..., object], *options: Callable[[Any], Any]
) -> Callable[[Command], Command]:
    """Click ``options`` (listed as they would be stacked) handed to the command as one
    parameter ``into``: ``build`` called with their values by name. Commands that share
    the options take one parameter instead of repeating the list."""

    def decorate(command: Command) -> Command:
        names: list[str] = []

        @functools.wraps(command)
        def run(*args: Any, **values: Any) -> None:
            packed = build(**{name: values.pop(name) for name in names})
            command(*args, **values, **{into: packed})

        before = len(getattr(run, "__click_params__", ()))
        decorated: Any = run
        for option in reversed(options):
            decorated = option(decorated)
        names.extend(str(param.name) for param in decorated.__click_params__[before:])
        return cast(Command, decorated)

    return decorate


def words() -> Words:
    """The terminal's words: German when LANGUAGE, LC_ALL, LC_MESSAGES or LANG say so,
    English otherwise (``--json`` output is the same in every language)."""
    return words_of(from_environment())


def emit(data: T, as_json: bool, text: Callable[[T], str]) -> None:
    """Print ``data`` as JSON (a dataclass as its fields) or through ``text``."""
    if as_json:
        document: object = data
        if dataclasses.is_dataclass(data) and not isinstance(data, type):
            document = dataclasses.asdict(data)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        click.echo(text(data))


def emit_answer(data: Mapping[str, Any], as_json: bool, text: Callable[[Any], str]) -> None:
    """Print an answer; exit with status 1 when there is none because the user declared
    no account yet (``reason: no_me``: the answer says what to do)."""
    emit(data, as_json, text)
    if data.get("reason") == "no_me":
        raise SystemExit(1)


def fail(
    message: str,
    as_json: bool = False,
    code: str = "error",
    status: int = 1,
    details: dict[str, Any] | None = None,
) -> NoReturn:
    """Report a user error and exit with ``status`` (no traceback); ``--json`` prints the
    error object with its ``details``."""
    if as_json:
        error = {"code": code, "message": message, **(details or {})}
        json.dump({"ok": False, "error": error}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        click.echo(f"Error: {message}", err=True)
    raise SystemExit(status)


@contextlib.contextmanager
def reported(as_json: bool = False) -> Iterator[None]:
    """Turn what a service raises into the error table's message, code and exit status."""
    from metanet.errors import Ambiguous
    from metanet.services.errors import error_row

    try:
        yield
    except Exception as exc:
        row = error_row(exc)
        if row is None:
            raise
        if isinstance(exc, Ambiguous) and not as_json:
            click.echo(texts.ambiguous(words(), exc.said, exc.candidates, exc.total), err=True)
            raise SystemExit(row.exit_status) from None
        error = row.error(exc)
        fail(error.pop("message"), as_json, error.pop("code"), row.exit_status, error)


@contextlib.contextmanager
def open_store(as_json: bool = False) -> Iterator[Store]:
    """The store, with every service error inside reported as :func:`reported` does."""
    with reported(as_json):
        from metanet.store import Store

        with Store() as store:
            yield store


def emit_removed(remove: Callable[[Store, int], T], what: str, number: int, as_json: bool) -> None:
    """Delete record ``number`` with a service's ``remove`` and say so: "Request #3
    removed." (``what`` is the message, an ``N_`` string with ``%(id)s``)."""
    with open_store(as_json) as store:
        data = remove(store, number)
    emit(data, as_json, lambda _: words().gettext(what, id=number))


__all__ = [
    "emit",
    "emit_answer",
    "emit_removed",
    "fail",
    "json_option",
    "open_store",
    "options_as",
    "record_id",
    "reported",
    "words",
]
