"""Words for the breakfast meeting: introduction states, why a row was refused, and the
texts to paste into a messenger (the give list, a search request's card).

The CLI and the summary page say the same, from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Any

from metanet.i18n import N_, Words, texts

#: an introduction's state (``answers/introductions.py``)
STATES = {
    "offered": N_("offered"),
    "made": N_("made"),
    "met": N_("met"),
    "closed": N_("business closed"),
    "declined": N_("declined"),
}
#: the verb a button or command uses to move an introduction to a state
STATE_ACTIONS = {
    "made": N_("Introduction made"),
    "met": N_("They met"),
    "closed": N_("Business closed"),
    "declined": N_("Declined"),
}
#: why a row of a meeting's list was left out (``answers/meeting_input.py``)
REFUSALS = {
    "no_partner": N_("no partner: write “Partner: what they seek”"),
    "no_request": N_("nothing to search for"),
    "unknown_label": N_("“%(label)s” is no field (company, role, city, industry, note, hops)"),
    "too_many_cells": N_("more cells than the header has columns"),
    "bad_hops": N_("hops must be 1, 2 or 3"),
    "stray_line": N_("an indented line that belongs to no request"),
    "too_long": N_("a cell is longer than 500 characters"),
    "not_a_request": N_("not a Metanet request"),
}
#: what a search request's fields are called
REQUEST_FIELDS = {
    "company": N_("Company"),
    "role": N_("Role"),
    "city": N_("City"),
    "industry": N_("Industry"),
}

#: the facts a card can show (``metanet/card.py``)
CARD_FACTS = {
    "profile": N_("Profile"),
    **{fact: said for fact, said in texts.FIELDS.items() if fact != "name"},
    "email": N_("E-mail"),
    "phone": N_("Phone"),
}


card_fact = partial(texts.from_table, CARD_FACTS)


state = partial(texts.from_table, STATES)


def state_action(w: Words, code: object) -> str:
    found = STATE_ACTIONS.get(str(code))
    return w.gettext(found) if found else state(w, code)


def refusal(w: Words, row: Mapping[str, Any]) -> str:
    """“line 4: no partner …” (with the file's name when there were several)."""
    why = REFUSALS.get(str(row.get("code")))
    reason = w.gettext(why, label=row.get("label") or "") if why else str(row.get("code"))
    where = w.gettext("line %(line)s", line=row.get("line"))
    if row.get("source"):
        where = f"{row['source']}, {where}"
    return f"{where}: {reason}"


def day(w: Words, value: object) -> str:
    """A meeting's day (``YYYY-MM-DD``) as a date, without moving it by a time zone."""
    try:
        return w.date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def meeting_title(w: Words, meeting: Mapping[str, Any] | None) -> str:
    if not meeting:
        return w.gettext("Meeting")
    title = meeting.get("title") or w.gettext("Meeting #%(id)s", id=meeting.get("id"))
    return f"{title} ({day(w, meeting['held_on'])})" if meeting.get("held_on") else str(title)


def request_line(w: Words, request: Mapping[str, Any]) -> str:
    """“Steuerberater (Rosenheim; Branche: Bäckereien)”: what a partner seeks."""
    head = request.get("seeks") or request.get("query") or ""
    extra = [
        f"{w.gettext(label)}: {request[name]}"
        for name, label in REQUEST_FIELDS.items()
        if request.get(name)
    ]
    return f"{head} ({'; '.join(extra)})" if extra else str(head)


def candidate_facts(candidate: Mapping[str, Any]) -> str:
    facts = [candidate.get(k) for k in ("headline", "company", "location")]
    seen: list[str] = []
    for fact in facts:
        if fact and fact not in seen:
            seen.append(str(fact))
    return ", ".join(seen)


def route_text(w: Words, route: Mapping[str, Any] | None) -> str:
    """“you → Thomas Müller → Frank Wagner (0.26)”."""
    if not route:
        return ""
    names = [w.gettext("you")] + [str(h.get("name") or "?") for h in route["hops"][1:]]
    return f"{' → '.join(names)} ({w.number(route['score'], 2)})"


def give_text(w: Words, give: Mapping[str, Any]) -> str:
    """The give list as plain text for a messenger: per partner and request the
    candidates, with who introduces them and how strong the path is."""
    lines = [
        w.gettext("What I can give – %(meeting)s", meeting=meeting_title(w, give["meeting"])),
        "",
    ]
    for request in give["requests"]:
        lines.append(
            w.gettext(
                "%(partner)s seeks: %(request)s",
                partner=request["partner"]["name"],
                request=request_line(w, request),
            )
        )
        if not request["candidates"]:
            lines.append("  – " + w.gettext("nobody in my network yet"))
        for c in request["candidates"]:
            facts = candidate_facts(c)
            path = route_text(w, c.get("path"))
            lines.append("  – " + " · ".join(p for p in (str(c["name"] or "?"), facts, path) if p))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def request_card_text(w: Words, card: Mapping[str, Any]) -> str:
    """A search request as a card (“Suchauftrag”): whom, why, how to introduce."""
    lines = [w.gettext("Search request from %(name)s", name=card["name"] or "?"), ""]
    lines.append(w.gettext("Whom I seek: %(whom)s", whom=request_line(w, card["request"])))
    if card["request"].get("note"):
        lines.append(w.gettext("Why: %(why)s", why=card["request"]["note"]))
    if card.get("how"):
        lines.append(w.gettext("How to introduce me: %(how)s", how=card["how"]))
    for link in card.get("links", []):
        lines.append(f"{texts.network(w, link['network'])}: {link['url']}")
    return "\n".join(lines) + "\n"
