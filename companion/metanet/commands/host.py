"""``metanet host``: the native-messaging host the browser starts."""

from __future__ import annotations

from typing import NoReturn

import click


@click.command(
    "host",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("caller", nargs=-1, type=click.UNPROCESSED)
def host_command(caller: tuple[str, ...]) -> NoReturn:
    """Run the native-messaging host (started by the browser, not by hand).

    Reads length-prefixed JSON requests on stdin and answers on stdout until the
    browser closes the port. Logs go to $METANET_HOME/logs/metanet.log.

    \b
    Example (one ping by hand):
      python3 -c 'import json,struct,sys; b=json.dumps({"id":1,"action":"ping"}).encode();
      sys.stdout.buffer.write(struct.pack("=I",len(b))+b)' | metanet host | tail -c +5
    """
    from metanet.host import main

    raise SystemExit(main(list(caller)))
