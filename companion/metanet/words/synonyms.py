"""Role synonyms, German and English: the shipped list and the user's own additions.

The shipped list is ``roles.txt`` in this package; the user's file is ``synonyms.txt`` in
the data folder, same form: one role per line, its names separated by ``|``, ``#`` starts
a comment. A user line that shares a name with a shipped line extends that role; any other
user line is a role of its own. A bad user line (fewer than two names, a name without a
letter) is skipped and reported, never fatal: the search works with the rest.

Names are compared as the search compares words (:mod:`.forms`): "Geschäftsführerin",
"Geschaeftsfuehrer" and "geschäftsführer" are one name of one role.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from metanet.words.forms import title_key, tokens

SHIPPED_FILE = "roles.txt"
USER_FILE = "synonyms.txt"
SEPARATOR = "|"
MAX_NAME = 100  # characters: a role name, not a paragraph
_USER_HEADER = (
    "# Your own role synonyms for Metanet's search: one role per line, its names\n"
    "# separated by |. A line that shares a name with a built-in role extends it.\n"
)


@dataclass(frozen=True, slots=True)
class Term:
    """One name of a role, as written and as the search compares it."""

    text: str  # "Managing Director"
    words: tuple[str, ...]  # folded tokens: ("managing", "director")
    stems: tuple[str, ...]  # German stems of the masculine forms: the lookup key


@dataclass(frozen=True, slots=True)
class RoleGroup:
    """Names of one role; ``source`` is "shipped" or "user"."""

    terms: tuple[Term, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A line of the user's file that was skipped, with a code saying why."""

    line: int
    text: str
    code: str  # "one_name" | "no_letters" | "too_long" | "encoding" (not UTF-8)


class BadSynonyms(ValueError):
    """Names that cannot be saved as synonyms; ``code`` says why (for the message catalog)."""

    def __init__(self, code: str, name: str | None = None) -> None:
        super().__init__(code if name is None else f"{code}: {name}")
        self.code = code
        self.name = name


@lru_cache(maxsize=4096)
def term(text: str) -> Term | None:
    """A role name as the search compares it; None when it has no word in it."""
    found = tokens(text)
    if not found:
        return None
    return Term(text.strip(), tuple(t.text for t in found), title_key(text))


@dataclass
class Synonyms:
    """Every role group, looked up by the stems of any of its names."""

    groups: list[RoleGroup]
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, ...], list[int]] = {}
        for index, group in enumerate(self.groups):
            for name in group.terms:
                self._by_key.setdefault(name.stems, []).append(index)
        self.longest = max((len(k) for k in self._by_key), default=1)

    def groups_of(self, stems: tuple[str, ...]) -> list[RoleGroup]:
        return [self.groups[i] for i in self._by_key.get(stems, ())]

    def others(self, stems: tuple[str, ...]) -> list[Term]:
        """Every other name of every role that has a name with these stems."""
        seen = {stems}
        found = []
        for group in self.groups_of(stems):
            for name in group.terms:
                if name.stems not in seen:
                    seen.add(name.stems)
                    found.append(name)
        return found

    def same_role(self, a: str, b: str) -> bool:
        """Whether two names already name one role ("Geschäftsführerin", "CEO": True)."""
        ta, tb = term(a), term(b)
        if ta is None or tb is None:
            return False
        return ta.stems == tb.stems or any(
            tb.stems in {t.stems for t in g.terms} for g in self.groups_of(ta.stems)
        )


def parse(text: str, source: str) -> tuple[list[RoleGroup], list[Problem]]:
    """Role groups of a synonyms file's text, and the lines that had to be skipped."""
    groups: list[RoleGroup] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        names = [n.strip() for n in line.split(SEPARATOR) if n.strip()]
        code = "encoding" if "\ufffd" in line else _check(names)
        if code:
            problems.append(Problem(number, raw.strip(), code))
            continue
        terms = [t for t in map(term, names) if t is not None]
        groups.append(RoleGroup(tuple(terms), source))
    return groups, problems


def _check(names: Sequence[str]) -> str | None:
    if any(len(n) > MAX_NAME for n in names):
        return "too_long"
    if any(term(n) is None for n in names):
        return "no_letters"
    if len({t.stems for t in map(term, names) if t is not None}) < 2:
        return "one_name"
    return None


@lru_cache(maxsize=1)
def shipped() -> tuple[RoleGroup, ...]:
    """The role list that ships in the package."""
    text = resources.files("metanet.words").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")
    groups, problems = parse(text, "shipped")
    if problems:  # the tests read the shipped file: this is a packaging error
        raise RuntimeError(f"{SHIPPED_FILE}: bad lines {problems}")
    return tuple(groups)


def user_synonyms_path(home: Path) -> Path:
    """The user's synonyms file in the data folder ``home`` (it may not exist yet)."""
    return home / USER_FILE


def load_synonyms(user_file: Path | None = None) -> Synonyms:
    """The shipped roles, extended by the user's file when there is one.

    Cached per file state (modification time and size), so the search may call it for every
    query and still see a line that ``metanet synonyms add`` just wrote.
    """
    if user_file is None:
        return _combined(None, 0, 0)
    try:
        info = user_file.stat()
    except OSError:
        return _combined(None, 0, 0)
    return _combined(str(user_file), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=4)
def _combined(path: str | None, mtime_ns: int, size: int) -> Synonyms:
    groups = list(shipped())
    if path is None:
        return Synonyms(groups)
    try:  # a line that is not UTF-8 is reported (code "encoding"), the others still count
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Synonyms(groups)
    own, problems = parse(text, "user")
    return Synonyms(_extend(groups, own), problems)


def _extend(groups: list[RoleGroup], own: Iterable[RoleGroup]) -> list[RoleGroup]:
    """Each user group joins every group it shares a name with, or stands alone."""
    result = list(groups)
    for mine in own:
        keys = {t.stems for t in mine.terms}
        joined = False
        for index, group in enumerate(result):
            if keys & {t.stems for t in group.terms}:
                known = {t.stems for t in group.terms}
                extra = tuple(t for t in mine.terms if t.stems not in known)
                result[index] = RoleGroup(group.terms + extra, group.source)
                joined = True
        if not joined:
            result.append(mine)
    return result


def add_user_synonyms(path: Path, names: Sequence[str]) -> tuple[str, ...]:
    """Append one role line to the user's file (created private, 0600); the names written.

    Raises :class:`BadSynonyms` (code ``one_name``, ``no_letters``, ``too_long`` or
    ``separator``) and writes nothing when the names cannot make a line.
    """
    cleaned = tuple(" ".join(n.split()) for n in names if n.strip())
    for name in cleaned:
        if SEPARATOR in name or "#" in name:
            raise BadSynonyms("separator", name)
    code = _check(cleaned)
    if code:
        raise BadSynonyms(code)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        if out.tell() == 0:
            out.write(_USER_HEADER)
        elif not path.read_bytes().endswith(b"\n"):
            out.write("\n")
        out.write(f" {SEPARATOR} ".join(cleaned) + "\n")
    return cleaned


@dataclass(frozen=True, slots=True)
class UserLine:
    """A role line of the user's file, numbered as ``metanet synonyms list`` shows it;
    ``problem`` is the code of why the search skips it (see :class:`Problem`)."""

    number: int  # 1, 2, … among the file's role lines (comments and blank lines skipped)
    names: tuple[str, ...]
    problem: str | None


def _role_lines(text: str) -> list[tuple[int, str]]:
    """(index in the file's lines, the line without its comment) of every role line."""
    found = []
    for index, raw in enumerate(text.splitlines()):
        line = raw.split("#", 1)[0].strip()
        if line:
            found.append((index, line))
    return found


def user_lines(path: Path) -> list[UserLine]:
    """The role lines of the user's file (none when there is no file)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    lines = []
    for number, (_, line) in enumerate(_role_lines(text), start=1):
        names = tuple(n.strip() for n in line.split(SEPARATOR) if n.strip())
        problem = "encoding" if "\ufffd" in line else _check(names)
        lines.append(UserLine(number, names, problem))
    return lines


def remove_user_line(path: Path, number: int) -> tuple[str, ...]:
    """Remove the role line ``number`` (as :func:`user_lines` counts) from the user's file;
    the names it held. Comments and the other lines stay; the file is replaced whole (a
    temporary file renamed over it, mode 0600). :class:`BadSynonyms` ``no_line`` when
    there is no such line."""
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        raise BadSynonyms("no_line", str(number)) from None
    roles = _role_lines(text)
    if not 1 <= number <= len(roles):
        raise BadSynonyms("no_line", str(number))
    index, line = roles[number - 1]
    kept = [raw for at, raw in enumerate(text.splitlines(keepends=True)) if at != index]
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as out:
        out.write("".join(kept))
    os.replace(temporary, path)
    return tuple(n.strip() for n in line.split(SEPARATOR) if n.strip())
