"""The ``metanet serve`` command (wired into cli.py as ``serve``)."""

from __future__ import annotations

import logging

import click

from metanet.web.launcher import DEFAULT_PORT


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1 to listen on.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the login link in your browser.")
@click.option(
    "--no-print-token",
    is_flag=True,
    hidden=True,
    help="Print no login link (the native host starts the server this way and mints its own).",
)
def serve_command(port: int, open_browser: bool, no_print_token: bool) -> None:
    """Show the summary page in your browser, at http://127.0.0.1:PORT/.

    Prints a login link that works once (and for two minutes); open it, or use "Open
    summary" in the extension, which starts this server by itself when needed. Runs until
    Ctrl-C.

    The server listens on 127.0.0.1 only, never on 0.0.0.0 or a network address, and
    there is no option to change that: the page shows everyone you know, and any other
    address would offer it to every machine on your network.

    \b
    Example:
      metanet serve
      metanet serve --port 8800 --open
    """
    from metanet.errors import MetanetError
    from metanet.secret import SecretError
    from metanet.services import long_lived
    from metanet.web.server import ServerError, serve

    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s"
        )
    long_lived.declare()  # a merge rebuilds the graph beside the answers, not before them
    try:
        serve(port, open_browser, print_token=not no_print_token)
    except (ServerError, SecretError, MetanetError) as exc:
        raise click.ClickException(str(exc)) from None
