"""``metanet config``: the user's settings (today: the region of phone numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from metanet.commands.output import emit, json_option, open_store, words
from metanet.i18n import texts

if TYPE_CHECKING:
    from metanet.services.settings import RegionChanged, RegionSetting


@click.group("config")
def config_group() -> None:
    """Your settings, kept with your data (the host, this command line and the summary
    page read the same)."""


@config_group.command("region")
@click.argument("code", required=False)
@click.option("--clear", is_flag=True, help="Forget the setting: your locale decides again.")
@json_option
def region_command(code: str | None, clear: bool, as_json: bool) -> None:
    """Show or set the country phone numbers without a country code belong to.

    "089 1234567" in an address book becomes +49 89 1234567 with DE; numbers of that
    country are shown in national form, all others internationally. Without a setting
    your locale decides (LANG=de_DE.UTF-8 is DE). Setting it reads the numbers stored
    without a country again, and merges people whose numbers then agree.

    \b
    Examples:
      metanet config region
      metanet config region DE
      metanet config region --clear
    """
    from metanet.services.settings import region_setting, set_region

    with open_store(as_json) as store:
        if code is None and not clear:
            shown: RegionSetting = region_setting(store)
            emit(shown, as_json, lambda d: texts.region_setting(words(), d))
            return
        changed: RegionChanged = set_region(store, None if clear else code)
    emit(changed, as_json, _changed_text)


def _changed_text(data: RegionChanged) -> str:
    w = words()
    lines = [texts.region_setting(w, data)]
    if data["numbers"]:
        lines.append(
            w.ngettext(
                "%(num)s stored number now carries its country.",
                "%(num)s stored numbers now carry their country.",
                data["numbers"],
            )
        )
    if data["merges"]:
        lines.append(
            w.ngettext(
                "%(num)s merge: those numbers now agree.",
                "%(num)s merges: those numbers now agree.",
                data["merges"],
            )
        )
    return "\n".join(lines)
