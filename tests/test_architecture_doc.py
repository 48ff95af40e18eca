"""docs/ARCHITECTURE.md names the code it describes; this holds it to the code.

Every file it names with its folder (``answers/refresh.py``, ``extension/common/sites.js``)
exists, and every module function or constant it names (``graph.counted_ties``,
``identity/persons.merge_persons``, ``capture.parse_once``) is there: a rename or a move
that leaves the page behind fails here.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "companion" / "metanet"
DOC = REPO / "docs" / "ARCHITECTURE.md"
#: a file named with its folder
FILE = re.compile(r"^(?:[\w.-]+/)+[\w.-]+\.(?:py|txt|js|md)$")
#: a module's name (dotted, or as its path) and one of its names: ``graph.knows``
NAME = re.compile(r"^((?:[a-z_]+[./])*[a-z_]+)\.([A-Za-z_]\w*)(?:\(.*\))?$")


def quoted(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


def missing_files(text: str) -> list[str]:
    places = (REPO, REPO / "companion", PACKAGE)  # as the repository, the package, the module
    return [
        name
        for name in quoted(text)
        if FILE.match(name) and not any((place / name).exists() for place in places)
    ]


def _module(dotted: str) -> object | None:
    """``metanet.<dotted>`` when it is a module of the package, else None."""
    name = f"metanet.{dotted}"
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def missing_names(text: str) -> list[str]:
    missing = []
    for said in quoted(text):
        found = NAME.match(said)
        if found is None or found.group(2) in ("py", "txt", "js", "md"):
            continue
        module = _module(found.group(1).replace("/", "."))
        if module is not None and not hasattr(module, found.group(2)):
            missing.append(said)
    return missing


def test_every_file_the_page_names_exists() -> None:
    assert missing_files(DOC.read_text(encoding="utf-8")) == []


def test_every_function_the_page_names_is_where_it_says() -> None:
    assert missing_names(DOC.read_text(encoding="utf-8")) == []


def test_the_checks_see_a_stale_name() -> None:
    stale = "`answers/nowhere.py`, `graph.shortest_paths`, `identity/persons.merge_persons`"
    assert missing_files(stale) == ["answers/nowhere.py"]
    assert missing_names(stale) == ["graph.shortest_paths"]
