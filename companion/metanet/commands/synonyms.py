"""``metanet synonyms``: the user's own role synonyms for the search."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

import click

from metanet.commands.output import emit, fail, json_option, reported, words
from metanet.i18n import Words, texts

if TYPE_CHECKING:
    from metanet.services.synonyms import Changed, Listing, SynonymsRefused


@click.group("synonyms")
def synonyms_group() -> None:
    """Your own role synonyms: names the search treats as one role.

    Built in are 145 German and English roles (Geschäftsführer = Managing Director = CEO
    = GF, Vertriebsleiter = Head of Sales, …). Add the words of your trade or region; a
    line that shares a name with a built-in role extends it. Kept in synonyms.txt in the
    data folder (one role per line, names separated by |), which you may edit too.

    \b
    Examples:
      metanet synonyms add Werkleiter "Leiter Produktion" "Head of Manufacturing"
      metanet synonyms list
      metanet synonyms remove 1
    """


def _change(call: Callable[[], Changed], as_json: bool, *, added: bool) -> None:
    """Add or remove a line: what changed, or why it cannot (a one-line error)."""
    from metanet.services.synonyms import SynonymsRefused

    w = words()
    with reported(as_json):
        try:
            data = call()
        except SynonymsRefused as exc:
            _refused(w, exc, as_json)
    emit(data, as_json, lambda d: _changed_text(w, d, added=added))


def _refused(w: Words, exc: SynonymsRefused, as_json: bool) -> NoReturn:
    code = "not_found" if exc.code == "no_line" else "bad_request"
    fail(texts.synonyms_problem(w, exc.code, exc.name), as_json, code)


@synonyms_group.command("add")
@click.argument("names", nargs=-1, required=True)
@json_option
def synonyms_add(names: tuple[str, ...], as_json: bool) -> None:
    """Add NAMES as names of one role (at least two; quote a name of several words).

    \b
    Examples:
      metanet synonyms add Geschäftsführer Chef Boss
      metanet synonyms add "Leiter Produktion" Werkleiter "Head of Manufacturing"
    """
    from metanet.services.synonyms import add

    _change(lambda: add(names), as_json, added=True)


@synonyms_group.command("list")
@click.option("--built-in", "built_in", is_flag=True, help="Also list the built-in roles.")
@json_option
def synonyms_list(built_in: bool, as_json: bool) -> None:
    """Your own synonyms, numbered (for remove); lines the search skips say why.

    \b
    Examples:
      metanet synonyms list
      metanet synonyms list --built-in
    """
    from metanet.services.synonyms import listing

    with reported(as_json):
        data = listing(with_shipped=built_in)
    emit(data, as_json, _listing_text)


@synonyms_group.command("remove")
@click.argument("number", type=click.IntRange(1))
@json_option
def synonyms_remove(number: int, as_json: bool) -> None:
    """Remove your line NUMBER (as metanet synonyms list shows it).

    \b
    Example:
      metanet synonyms remove 2
    """
    from metanet.services.synonyms import remove

    _change(lambda: remove(number), as_json, added=False)


def _changed_text(w: Words, d: Changed, *, added: bool) -> str:
    names = " | ".join(d["names"])
    if added:
        return w.gettext(
            "Added: %(names)s. A search for one of them finds the others.", names=names
        )
    return w.gettext("Removed: %(names)s.", names=names)


def _listing_text(d: Listing) -> str:
    w = words()
    lines = []
    if d["own"]:
        lines.append(w.gettext("Your synonyms (%(file)s):", file=d["file"]))
        for line in d["own"]:
            text = f"  {line['number']}. " + " | ".join(line["names"])
            if line["problem"]:
                text += "  (" + texts.synonyms_problem(w, line["problem"]) + ")"
            lines.append(text)
    else:
        lines.append(w.gettext("No synonyms of your own yet: metanet synonyms add NAME NAME …"))
    if "shipped" in d:
        lines.append(
            w.ngettext("%(num)s built-in role:", "%(num)s built-in roles:", len(d["shipped"]))
        )
        lines += ["  " + " | ".join(names) for names in d["shipped"]]
    return "\n".join(lines)
