"""The user's own role synonyms (``synonyms.txt`` in the data folder): list, add, remove.

A line there names one role in several ways ("Geschäftsführer | Chef | Boss"); the search
then finds any of them for any other (:mod:`metanet.words.synonyms`). A line that shares a
name with a built-in role extends it. The search reads the file on every query (cached
while it is unchanged), so a change counts at once, for saved requests too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NotRequired, TypedDict

from metanet import paths
from metanet.errors import InvalidInput, NotFound
from metanet.words import (
    BadSynonyms,
    add_user_synonyms,
    remove_user_line,
    shipped,
    user_lines,
    user_synonyms_path,
)


class OwnLine(TypedDict):
    number: int  # what ``remove`` takes
    names: list[str]
    problem: str | None  # why the search skips the line: one_name, no_letters, too_long, encoding


class Listing(TypedDict):
    file: str
    own: list[OwnLine]
    shipped: NotRequired[list[list[str]]]  # the built-in roles, when asked for


class Changed(TypedDict):
    file: str
    names: list[str]


class SynonymsRefused(InvalidInput):
    """Names that cannot be saved, or a line that is not there; ``code`` says which
    (``metanet.words.BadSynonyms``: one_name, no_letters, too_long, separator, no_line)."""

    def __init__(self, problem: BadSynonyms) -> None:
        super().__init__(str(problem))
        self.code = problem.code
        self.name = problem.name


class NoSuchLine(NotFound, SynonymsRefused):
    """``remove`` names a line the file does not have."""


def listing(*, with_shipped: bool = False) -> Listing:
    """The user's lines (numbered), and the built-in roles if asked for."""
    path = user_synonyms_path(paths.home())
    found: Listing = {
        "file": str(path),
        "own": [
            {"number": line.number, "names": list(line.names), "problem": line.problem}
            for line in user_lines(path)
        ],
    }
    if with_shipped:
        found["shipped"] = [[t.text for t in group.terms] for group in shipped()]
    return found


def add(names: Sequence[str]) -> Changed:
    """Add one role line: at least two names of one role."""
    return _change(lambda path: add_user_synonyms(path, names), SynonymsRefused)


def remove(number: int) -> Changed:
    """Remove the line ``number`` of :func:`listing`."""
    return _change(lambda path: remove_user_line(path, number), NoSuchLine)


def _change(change: Callable[[Path], Sequence[str]], refused: type[SynonymsRefused]) -> Changed:
    """``change`` done to the user's file: the names it wrote or removed, or ``refused``."""
    path = user_synonyms_path(paths.home())
    try:
        names = change(path)
    except BadSynonyms as exc:
        raise refused(exc) from None
    return {"file": str(path), "names": list(names)}
