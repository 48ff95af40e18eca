"""Who may speak SQL: the store, the migrations, and the two packages that own tables.

Everything else (services, host actions, click commands, web views, sites, imports, the
graph) goes through the store's methods. This test reads every module of the companion
and fails on SQL anywhere else: a statement in a string, a call of ``execute``, the
store's private connection, or a grant (``store.sql(...)``) taken by a package that owns
no tables.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "companion" / "metanet"
#: may hold SQL: the store, the schema, and the table owners (store/connection.py)
ALLOWED = ("store/", "migrations.py", "identity/", "answers/")
#: a statement begins with its keyword, in lower or upper case (a sentence in capitals)
STATEMENT = re.compile(
    r"^\s*(select|insert|update|delete|replace|create|drop|alter|pragma"
    r"|SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA)\s+\S"
)
CLAUSE = re.compile(
    r"\b(select\s+.+\s+from\s+\w+|insert\s+(or\s+\w+\s+)?into\s+\w+|delete\s+from\s+\w+"
    r"|update\s+\w+\s+set\s+\w+\s*=)",
    re.IGNORECASE,
)
CALL = re.compile(r"\.(execute|executemany|executescript|query)\(|\.db\b|\._db\b|\._sql\b")
QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
GRANT = re.compile(r"\.sql\(\s*[\"'](\w+)[\"']\s*\)")


def _strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal, f-strings included."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            found.append((token.start[0], token.string.lstrip("rbfuRBFU").strip("\"'")))
    return found


def sql_in(path: Path, root: Path = PACKAGE) -> list[str]:
    """What looks like SQL in one module, as ``path:line: text``."""
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(root)
    hits = [
        f"{name}:{line}: {text[:60]!r}"
        for line, text in _strings(source)
        if STATEMENT.match(text) or CLAUSE.search(text)
    ]
    for number, line in enumerate(source.splitlines(), 1):
        code = QUOTED.sub('""', line.split("#", 1)[0])
        if CALL.search(code):
            hits.append(f"{name}:{number}: {line.strip()[:60]}")
    return hits


def grants_in(path: Path) -> list[str]:
    """Packages a module names when it asks the store for its connection."""
    return GRANT.findall(path.read_text(encoding="utf-8"))


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _allowed(path: Path) -> bool:
    return str(path.relative_to(PACKAGE)).startswith(ALLOWED)


def test_no_sql_outside_the_store_the_migrations_and_the_table_owners() -> None:
    found = [hit for path in _modules() if not _allowed(path) for hit in sql_in(path)]
    assert found == [], "\n".join(found)


def test_only_table_owners_take_the_connection_each_under_its_own_name() -> None:
    wrong = []
    for path in _modules():
        relative = str(path.relative_to(PACKAGE))
        owner = relative.split("/", 1)[0]
        for granted in grants_in(path):
            if relative.startswith("store/"):
                continue
            if granted != owner:
                wrong.append(f"{relative} asks for {granted!r}")
    assert wrong == []


def test_the_scan_sees_sql_where_it_is(tmp_path: Path) -> None:
    """The patterns find what they are for (a test that cannot fail is a defect)."""
    assert sql_in(PACKAGE / "store" / "ties.py")
    assert sql_in(PACKAGE / "identity" / "decisions.py")
    assert set(grants_in(PACKAGE / "identity" / "decisions.py")) == {"identity"}
    views = PACKAGE / "web" / "views"
    sample = views / "people.py"
    text = sample.read_text(encoding="utf-8")
    fake = tmp_path / "metanet"
    (fake / "web" / "views").mkdir(parents=True)
    leaked = fake / "web" / "views" / "people.py"
    leaked.write_text(text + '\nROWS = "select id from persons where is_me = 1"\n')
    hits = sql_in(leaked, fake)
    assert hits and "select id from persons" in hits[0]
    leaked.write_text(text + "\ndef f(store):\n    return store.sql('answers').value('x')\n")
    assert sql_in(leaked, fake) == []  # a grant alone is no SQL: the grant test catches it
    leaked.write_text(text + "\ndef f(store):\n    return store._db.execute('x')\n")
    assert sql_in(leaked, fake)
