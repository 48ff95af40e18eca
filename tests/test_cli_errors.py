"""Every command of `metanet --help`, given bad input, says so in one line and exits
non-zero: no traceback, whatever the input (issue 16, item 17).

The commands are walked from the click group itself, so a command added later is checked
too. Each gets its arguments filled by name, then one thing is made wrong at a time: a
damaged database, a file that does not exist, a folder where a file belongs, values out of
range. In process (click's runner): an exception escaping a command is what a person
would see as a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from metanet.cli import cli

#: commands that never open the database or start something long-running here: the
#: browser's host (answers frames on stdin), the servers, the installer (the browsers'
#: folders), wipe (removing a damaged database is what it is for), synonyms (a text file in
#: the data folder)
NO_DATABASE = {"host", "serve", "demo", "install", "uninstall", "wipe", "synonyms"}
GOOD = {
    "who": "Nobody Here",
    "a": "Nobody Here",
    "b": "Somebody Else",
    "name": "Nobody Here",
    "url": "https://www.linkedin.com/in/nobody-here/",
    "query": "Koch",
    "as": "neighbour",
    "strength": "0.5",
    "account": "https://www.linkedin.com/in/nobody-here/",
}
BAD = {
    "who": "#99999999999999999999999999",
    "a": "99999999999999999999999999",
    "b": "",
    "name": " ",
    "url": "javascript:alert(1)",
    "query": "\x00",
    "as": "",
    "strength": "7",
    "account": "not a url",
    "number": "-1",
}
FILE_ARGUMENTS = {"file", "files", "source", "output"}


def leaves(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            yield from leaves(command, (*prefix, name))
        elif command is not None:
            yield (*prefix, name)


def command_of(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


def arguments(path: tuple[str, ...], values: dict[str, str], files: str) -> list[str]:
    """The command's required arguments and options, each filled by its name."""
    args: list[str] = []
    for param in command_of(path).params:
        name = (param.name or "").lower().removeprefix("as_").rstrip("_")
        value = files if name in FILE_ARGUMENTS else values.get(name, values.get("number", "1"))
        if param.name == "as_json":
            continue
        if isinstance(param.type, click.Choice):
            value = str(param.type.choices[0])
        if isinstance(param, click.Argument):
            args.append(value)
        elif isinstance(param, click.Option) and (param.required or name in FILE_ARGUMENTS):
            args += [param.opts[0], value]
    if path[-1] in ("forget", "wipe"):
        args.append("--yes")
    return args


def run(path: tuple[str, ...], args: list[str]) -> Result:
    return CliRunner().invoke(cli, [*path, *args], input="")


def assert_one_line_refusal(result: Result, what: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{what}: {result.exception!r} escaped"
    )
    assert result.exit_code != 0, f"{what}: exit 0 with {result.output!r}"
    errors = [line for line in result.output.splitlines() if "rror" in line]
    assert len(errors) == 1, f"{what}: {result.output!r}"


COMMANDS = sorted(leaves())


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METANET_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Nobody Here</h1></body></html>", encoding="utf-8")
    return tmp_path


def test_the_walk_finds_every_command() -> None:
    assert {c[0] for c in COMMANDS} == set(cli.list_commands(click.Context(cli)))
    assert ("requests", "import") in COMMANDS and ("me", "add") in COMMANDS


@pytest.mark.parametrize("path", [c for c in COMMANDS if c[0] not in NO_DATABASE], ids=" ".join)
def test_a_damaged_database_is_one_line(path: tuple[str, ...], home: Path) -> None:
    (home / "data").mkdir()
    (home / "data" / "metanet.db").write_bytes(os.urandom(4096))
    result = run(path, arguments(path, GOOD, str(home / "page.html")))
    if path == ("doctor",):  # a report of every check, the database's among them
        assert result.exit_code == 1 and "PROBLEM: the database cannot be opened" in result.output
        return
    assert_one_line_refusal(result, " ".join(path))
    if path == ("restore",):  # the remedy for a damaged database: it reads the backup first
        assert "is damaged or cut short" in result.output
        return
    assert "cannot be read" in result.output


FILE_COMMANDS = [
    c for c in COMMANDS if any(
        (p.name or "").lower() in FILE_ARGUMENTS for p in command_of(c).params
    )
]  # fmt: skip


@pytest.mark.parametrize("path", FILE_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("where", ["missing", "folder"])
def test_a_missing_file_or_a_folder_is_one_line(
    path: tuple[str, ...], where: str, home: Path
) -> None:
    target = home / "no" / "such" / "file" if where == "missing" else home
    result = run(path, arguments(path, GOOD, str(target)))
    assert_one_line_refusal(result, f"{' '.join(path)} {where}")


@pytest.mark.parametrize(
    "path", [c for c in COMMANDS if c[0] not in NO_DATABASE and command_of(c).params], ids=" ".join
)
def test_values_out_of_range_are_one_line(path: tuple[str, ...], home: Path) -> None:
    args = arguments(path, BAD, str(home / "page.html"))
    if not any(a in BAD.values() for a in args):
        pytest.skip("nothing to make wrong")
    result = run(path, args)
    assert_one_line_refusal(result, " ".join(path))


@pytest.mark.parametrize("path", [("paths", "Anna Alt"), ("search", "Koch"), ("reach",),
                                  ("mutual", "Anna Alt")], ids=" ".join)  # fmt: skip
def test_answers_without_own_accounts_exit_1(path: tuple[str, ...], home: Path) -> None:
    assert run(("add",), ["Anna Alt"]).exit_code == 0
    result = run(path, [])
    assert result.exit_code == 1
    assert result.output.strip() == "Declare your own accounts first: metanet me add URL"
    as_json = run(path, ["--json"])
    assert as_json.exit_code == 1 and '"no_me"' in as_json.output


def test_the_summary_server_on_a_damaged_database_is_one_line(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    (tmp_path / "metanet.db").write_bytes(os.urandom(4096))
    started = subprocess.run(
        [sys.executable, "-m", "metanet", "serve", "--port", str(unused_tcp_port)],
        env={**os.environ, "METANET_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0 and "Traceback" not in started.stderr, started.stderr
    assert len(started.stderr.strip().splitlines()) == 1, started.stderr
