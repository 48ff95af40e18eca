"""Short forms of given names (Hansi, Memo, Nikos, Sascha): the shipped table and the user's.

The shipped table is ``nicknames.txt`` in this package (German, English, Turkish, Greek,
Polish, Russian and Italian names; why a file and not a library is said there); the
user's own lines go in ``nicknames.txt`` in the data folder, in the same form, and extend
it. A line is ``Formal Other-spelling: Short Short``: the formal forms match each other,
each short form stands for every formal form of its line. Names are kept in the loose
folding (:func:`metanet.folding.fold_loose`), as every name comparison uses it; the
formal names they stand for in the strict one (their initials count: "J." fits Sepp).

The table is read once per process: after the user changes their file, ``metanet
suggestions rebuild`` rewrites the stored name keys with it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import lru_cache
from importlib import resources

from metanet import paths
from metanet.folding import fold, fold_loose, loose

log = logging.getLogger(__name__)
FILE = "nicknames.txt"

Table = dict[str, frozenset[str]]
SHORT = "="  # a key of the table's second part: "=katharina" → kathi, kati, katja …


def parse(text: str) -> tuple[Table, list[int]]:
    """The table of a file's text and the numbers of the lines that could not be read (no
    colon, no formal name). The table maps a loose name to the formal names it may stand
    for, folded ("sepp" → "josef": its initial, J, counts too)."""
    found: dict[str, set[str]] = defaultdict(set)
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.partition("#")[0].strip()
        if not line:
            continue
        formal_part, colon, short_part = line.partition(":")
        formal = [fold(w) for w in formal_part.split()]
        short = [fold(w) for w in short_part.split()]
        if not colon or not formal:
            bad.append(number)
            continue
        for name in formal + short:
            found[loose(name)].update(f for f in formal if loose(f) != loose(name))
        for name in formal:
            found[SHORT + loose(name)].update(short)
    return {name: frozenset(forms) for name, forms in found.items() if forms}, bad


def merged(*tables: Table) -> Table:
    out: dict[str, set[str]] = defaultdict(set)
    for table in tables:
        for name, forms in table.items():
            out[name].update(forms)
    return {name: frozenset(forms) for name, forms in out.items()}


@lru_cache(maxsize=1)
def table() -> Table:
    """The shipped table, extended by the user's file when there is one."""
    text = resources.files("metanet.identity").joinpath(FILE).read_text(encoding="utf-8")
    shipped, bad = parse(text)
    if bad:  # the tests read the shipped file: this is a packaging error
        raise RuntimeError(f"{FILE}: bad lines {bad}")
    user_file = paths.data_folder() / FILE
    try:
        user_text = user_file.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return shipped
    user, bad = parse(user_text)
    if bad:
        log.warning("%s: lines %s are not 'Name: Short Short', skipped", user_file, bad)
    return merged(shipped, user)


def forms(first: str) -> frozenset[str]:
    """The formal names (folded) a folded first name may stand for; empty when none."""
    return table().get(fold_loose(first), frozenset())


def spellings(form: str) -> frozenset[str]:
    """The loose first names that stand for the loose name ``form``, itself among them:
    "josef" → josef, sepp, jupp … (the names whose :func:`forms` hold it).

    Name keys are stored for an account's own first name only (``n:sepp|huber``), so a
    block of every name that may mean Josef reads the keys of each of these."""
    current = table()
    if not _reverse or _reverse[0][0] is not current:  # the first call, or a table read anew
        _reverse[:] = [(current, _standing_for(current))]
    return _reverse[0][1].get(form) or frozenset((form,))


def _standing_for(names: Table) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for name, formal in names.items():
        if not name.startswith(SHORT):
            for form in formal:
                found[loose(form)].update((name, loose(form)))
    return {form: frozenset(names) for form, names in found.items()}


#: at most one entry: the table it was made of, and per loose formal name its spellings
_reverse: list[tuple[Table, dict[str, frozenset[str]]]] = []


def short_forms(first: str) -> frozenset[str]:
    """The short forms (folded) of a formal first name: "Małgorzata" → gosia, malgosia."""
    return table().get(SHORT + fold_loose(first), frozenset())
