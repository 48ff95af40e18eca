"""The ``metanet`` command line.

Subcommands are imported only when called: ``metanet host`` is started by the browser for
every port and must answer its first ``ping`` quickly, so it must not pay for aiohttp,
networkx or the parsers it does not use.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from metanet import __version__

# name → "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "demo": "metanet.demo.commands:demo_command",
    "serve": "metanet.web.commands:serve_command",
    "host": "metanet.commands.host:host_command",
    "install": "metanet.nativehost.commands:install_command",
    "uninstall": "metanet.nativehost.commands:uninstall_command",
    "doctor": "metanet.commands.doctor:doctor_command",
    "config": "metanet.commands.config:config_group",
    "capture": "metanet.commands.capture:capture_command",
    "reparse": "metanet.commands.reparse:reparse_command",
    "me": "metanet.commands.people:me_group",
    "add": "metanet.commands.people:add_command",
    "relate": "metanet.commands.people:relate_command",
    "person": "metanet.commands.people:person_command",
    "mutual": "metanet.commands.people:mutual_command",
    "forget": "metanet.commands.forget:forget_command",
    "unforget": "metanet.commands.forget:unforget_command",
    "wipe": "metanet.commands.forget:wipe_command",
    "paths": "metanet.commands.answers:paths_command",
    "reach": "metanet.commands.answers:reach_command",
    "search": "metanet.commands.answers:search_command",
    "synonyms": "metanet.commands.synonyms:synonyms_group",
    "requests": "metanet.commands.answers:requests_group",
    "rate": "metanet.commands.answers:rate_command",
    "merge": "metanet.commands.identity:merge_command",
    "split": "metanet.commands.identity:split_command",
    "suggestions": "metanet.commands.identity:suggestions_group",
    "undo": "metanet.commands.identity:undo_command",
    "import": "metanet.commands.imports:import_command",
    "export": "metanet.commands.export:export_command",
    "circle": "metanet.commands.circles:circle_group",
    "backup": "metanet.commands.backup:backup_command",
    "restore": "metanet.commands.backup:restore_command",
    "meeting": "metanet.commands.meeting:meeting_group",
    "introduce": "metanet.commands.introductions:introduce_command",
    "introductions": "metanet.commands.introductions:introductions_group",
    "card": "metanet.commands.card:card_command",
    "interactions": "metanet.commands.interactions:interactions_group",
    "revive": "metanet.commands.interactions:revive_command",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        return command  # type: ignore[no-any-return]


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="metanet")
def cli() -> None:
    """Metanet: everyone you know, merged from all your networks, on your machine only.

    Data lives in $METANET_HOME (default: your user data folder). Run `metanet demo` to
    see it with sample data.
    """


def main() -> None:
    cli(prog_name="metanet")
