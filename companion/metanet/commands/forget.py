"""``metanet forget``, ``metanet unforget`` and ``metanet wipe``: the user's right to erase."""

from __future__ import annotations

import click

from metanet.commands.output import emit, json_option, open_store, reported, words


@click.command("forget")
@click.argument("who")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def forget_command(who: str, yes: bool, as_json: bool) -> None:
    """Forget a person: every account, tie, relation, note and stored page that names them.

    Later captures, reparses and imports do not bring them back; `metanet unforget URL`
    allows an account again. WHO is a profile URL, an id or an unambiguous name.

    \b
    Example:
      metanet forget "Max Mustermann" --yes
    """
    from metanet.services.data import forget
    from metanet.services.people import find_person

    with open_store(as_json) as store:
        person_id = find_person(store, who)
        name = store.person(person_id)["name"]
        if not yes and not as_json:
            click.confirm(f"Forget {name} (#{person_id}) and everything about them?", abort=True)
        report = forget(store, person_id)
    emit(
        report,
        as_json,
        lambda r: (
            words().gettext(
                "Forgot %(name)s: %(accounts)s, %(rows)s, %(pages)s removed.",
                name=r["name"],
                accounts=words().ngettext("%(num)s account", "%(num)s accounts", r["accounts"]),
                rows=words().ngettext("%(num)s row", "%(num)s rows", r["rows_deleted"]),
                pages=words().ngettext(
                    "%(num)s stored page", "%(num)s stored pages", r["raw_pages_removed"]
                ),
            )
            + pending_note(r["pending"])
        ),
    )


def pending_note(pending: bool) -> str:
    """What a forget or a network's removal says when another program was reading."""
    if not pending:
        return ""
    return "\n" + words().gettext(
        "Not finished yet: another program is reading the database, so the old copies stay "
        "in its files until it stops. Metanet erases them then by itself."
    )


@click.command("unforget")
@click.argument("url")
@json_option
def unforget_command(url: str, as_json: bool) -> None:
    """Allow a forgotten profile again, so the next capture or import stores it.

    \b
    Example:
      metanet unforget https://www.linkedin.com/in/max-mustermann/
    """
    from metanet.services.data import unforget

    with open_store(as_json) as store:
        data = unforget(store, url)
    emit(
        data,
        as_json,
        lambda d: (
            words().gettext("Allowed again.")
            if d["allowed_again"]
            else words().gettext("That profile was not forgotten.")
        ),
    )


@click.command("wipe")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def wipe_command(yes: bool, as_json: bool) -> None:
    """Delete all Metanet data on this computer: database, logs and the secret file.

    \b
    Example:
      metanet wipe --yes
    """
    from metanet import paths
    from metanet.services.data import wipe

    if not yes:
        click.confirm(f"Delete everything in {paths.home()}?", abort=True)
    with reported(as_json):
        data = wipe()
    emit(
        data,
        as_json,
        lambda d: words().ngettext(
            "Removed %(num)s file.", "Removed %(num)s files.", len(d["removed"])
        ),
    )
