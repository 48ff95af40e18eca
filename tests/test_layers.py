"""The layers' one direction (docs/ARCHITECTURE.md), read from every import statement.

Fronts (host actions, click commands, web views) call the service layer; the CLI never
calls a host action. The service layer calls the domain and the store, never a front.
``sites/`` turns pages into records and imports no storage; the store imports no site.
Imports inside functions count too: a late import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "companion" / "metanet"

#: (modules under, may not import) — package prefixes as dotted names
RULES = [
    ("sites", ("metanet.store", "metanet.migrations", "metanet.services", "metanet.actions",
               "metanet.commands", "metanet.web", "metanet.capture")),
    ("store", ("metanet.sites", "metanet.services", "metanet.actions", "metanet.commands",
               "metanet.web")),
    ("services", ("metanet.actions", "metanet.commands", "metanet.web.views")),
    # ``metanet host`` starts the host itself (metanet.host), but calls none of its actions
    ("commands", ("metanet.actions", "metanet.protocol")),
    ("web", ("metanet.actions", "metanet.commands")),
    ("actions", ("metanet.commands", "metanet.web.views")),
]  # fmt: skip


def imported(path: Path) -> set[str]:
    """Every module a file imports, ``from metanet import x`` as ``metanet.x``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def crossings(under: str, forbidden: tuple[str, ...], root: Path = PACKAGE) -> list[str]:
    """``file: module`` for each import under ``root/under`` of a forbidden package."""
    found = []
    for path in sorted((root / under).rglob("*.py")):
        for name in sorted(imported(path)):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(root)}: {name}")
    return found


@pytest.mark.parametrize(("under", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_each_layer_imports_only_downwards(under: str, forbidden: tuple[str, ...]) -> None:
    assert (PACKAGE / under).is_dir()
    assert crossings(under, forbidden) == []


def test_the_check_sees_a_late_import(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "x.py").write_text(
        "def parse():\n    from metanet import store\n    from metanet.store.people import Row\n"
    )
    assert crossings("sites", ("metanet.store",), tmp_path) == [
        "sites/x.py: metanet.store",
        "sites/x.py: metanet.store.people",
        "sites/x.py: metanet.store.people.Row",
    ]
