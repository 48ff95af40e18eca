"""How codes and data are said: reasons, "where known", networks, kinds and outcomes.

The domain hands over codes with parameters (:mod:`metanet.reasons`); each function here
takes a :class:`~metanet.i18n.Words` and returns the words in its language. Names,
companies and labels the user typed stay as they are, except the offline labels Metanet
itself suggests ("neighbour", "golf partner", …), which are said in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from metanet.i18n import N_, NN_, NP_, Words

#: networks by code; brands keep their spelling in every language
NETWORKS = {
    "xing": "XING",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "github": "GitHub",
    "instagram": "Instagram",
    "x": "X",
    "addressbook": N_("Address book"),
    "offline": N_("Offline"),
    "web": N_("Web"),
}
BRANDS = {"xing", "linkedin", "facebook", "mastodon", "github", "instagram", "x"}

#: a tie's kind as a column shows it
TIE_KINDS = {
    "contact": NP_("tie", "contact"),
    "friend": NP_("tie", "friend"),
    "follows": NP_("tie", "follows"),
}

#: the offline labels the person page and the popup suggest, said in the reader's words
OFFLINE_LABELS = {
    "neighbour": NP_("relation", "neighbour"),
    "neighbor": NP_("relation", "neighbour"),
    "golf partner": NP_("relation", "golf partner"),
    "colleague": NP_("relation", "colleague"),
    "club": NP_("relation", "club"),
    "family": NP_("relation", "family"),
    "friend": NP_("relation", "friend"),
    "partner": NP_("relation", "partner"),
}

#: what a circle is (``circles.kind``)
CIRCLE_KINDS = {
    "club": NP_("circle", "club"),
    "association": NP_("circle", "association"),
    "chapter": NP_("circle", "chapter"),
    "employer": NP_("circle", "employer"),
    "school": NP_("circle", "school"),
    "neighbourhood": NP_("circle", "neighbourhood"),
    "online_group": NP_("circle", "online group"),
    "other": NP_("circle", "other"),
}

#: who made a circle (``circles.origin``) and what says someone is in it (``source``)
CIRCLE_ORIGINS = {
    "user": N_("made by you"),
    "page": N_("from a captured page"),
    "inferred": N_("inferred from profiles"),
}
MEMBER_SOURCES = {
    "user": N_("added by you"),
    "roster": N_("from a member list"),
    "page": N_("listed on a captured page"),
    "profile": N_("from their profile"),
}

#: what became of a member list's row, and why a row was refused (``circles.roster``)
ROSTER_OUTCOMES = {
    "new": N_("new"),
    "matched": N_("matched (same e-mail or profile)"),
    "suggested": N_("maybe the same as"),
    "already": N_("already a member"),
    "forgotten": N_("forgotten at your request: not added"),
}
ROSTER_PROBLEMS = {
    "no_name": N_("no name"),
    "name_too_long": N_("the name is too long"),
    "bad_email": N_("“%(value)s” is not an e-mail address"),
    "too_many_fields": N_("more than name, company and e-mail"),
    "bad_year": N_("“%(value)s” is not a year"),
    "duplicate": N_("the same person as line %(of)s"),
    "no_members": N_("there is nobody in the list"),
    "no_name_column": N_("the header row has no name column (Name, Vorname, Nachname …)"),
    "unreadable": N_("cannot be read: %(message)s"),
}

#: what an import found out about a contact (``import_changes.change``)
CHANGES = {"added": N_("new"), "removed": N_("removed"), "changed": N_("changed job")}

#: facts of an account, as the person page and an import's changes name them
FIELDS = {
    "name": N_("Name"),
    "headline": N_("Headline"),
    "company": N_("Company"),
    "role": N_("Role"),
    "location": N_("Location"),
}

#: ``captures.outcome`` and an import's outcome
OUTCOMES = {
    "stored": N_("stored"),
    "unsupported": N_("unsupported page"),
    "parser_failed": N_("parser failed"),
    "failed": N_("failed"),
}

#: ``captures.partly_read``: why a stored page was read only in part (``model.Reading``)
READINGS = {
    "unknown_layout": N_(
        "partly read: a layout Metanet does not know, so only the name and what every page "
        "publishes were read"
    ),
    "page_cut": N_(
        "partly read: the page is longer than Metanet reads (64 MB), so its end was left out"
    ),
}

#: ``captures.kind``: what sort of page was captured
PAGE_KINDS = {
    "profile": N_("profile"),
    "contacts": N_("contact list"),
    "mutual": N_("shared contacts"),
    "followers": N_("followers"),
    "following": N_("following"),
    "search": N_("search results"),
    "not_found": N_("profile not found"),
    "org_people": N_("members of an organisation"),
}


def person_name(w: Words, name: object) -> str:
    """A person as the reader sees them: their name, or "you" for the user's own person
    before they gave a name (every other person is at least named after an account)."""
    return str(name) if name else w.gettext("you")


def network(w: Words, code: object) -> str:
    """LinkedIn, XING, Adressbuch …; an unknown network keeps its code."""
    name = NETWORKS.get(str(code))
    if name is None:
        return str(code)
    return name if code in BRANDS else w.gettext(name)


def from_table(table: Mapping[str, str], w: Words, code: object) -> str:
    """The words for ``code`` in ``table`` (of ``N_`` messages); an unknown code as it is."""
    found = table.get(str(code))
    return w.gettext(found) if found else str(code or "")


def from_context_table(table: Mapping[str, tuple[str, str]], w: Words, code: object) -> str:
    """The words for ``code`` in ``table`` (of ``NP_`` messages); an unknown code as it is."""
    found = table.get(str(code))
    return w.in_context(*found) if found else str(code or "")


#: how strong a tie is, in words: (lowest strength, words), strongest first. The
#: strength (0..1, ``answers/strength.py``) means little to a reader; these say it. The
#: bands hold the rating choices of the paths page (0.9 very well, 0.6 well, 0.3 loosely,
#: 0.05 barely), so a rated tie reads as the user rated it.
STRENGTHS = (
    (0.75, N_("know each other very well")),
    (0.5, N_("know each other well")),
    (0.35, N_("know each other")),
    (0.15, N_("know each other loosely")),
    (0.0, N_("barely know each other")),
)


#: a path's score (the product of its ties' strengths) in words, strongest first: three
#: ties known "well" (0.6 each) make 0.22, a fair way in; a direct "very well" tie is 0.9
PATH_STRENGTHS = (
    (0.4, N_("a strong way in")),
    (0.15, N_("a fair way in")),
    (0.0, N_("a long shot")),
)


def _band(w: Words, value: object, bands: tuple[tuple[float, str], ...]) -> str:
    """The words of the first band (strongest first) whose floor ``value`` reaches."""
    if not isinstance(value, int | float):
        return ""
    return w.gettext(next(words for floor, words in bands if value >= floor or floor == 0))


def path_strength(w: Words, value: object) -> str:
    """A path's score in words ("a fair way in"); "" when there is none."""
    return _band(w, value, PATH_STRENGTHS)


def strength(w: Words, value: object) -> str:
    """A tie's strength in words ("know each other well"); "" when there is none."""
    return _band(w, value, STRENGTHS)


tie_kind = partial(from_context_table, TIE_KINDS)


#: a tie with its network: "LinkedIn contact"; German puts the network after the kind
#: ("Kontakt (LinkedIn)": "Adressbuch Kontakt" is no German, "XING-folgt" neither)
_TIE_ON = NP_("tie on a network", "%(network)s %(kind)s")


def tie_on(w: Words, network_code: object, kind: object) -> str:
    """A tie as the person's view lists it: "LinkedIn contact", "Kontakt (LinkedIn)"."""
    return w.in_context(*_TIE_ON) % {"network": network(w, network_code), "kind": tie_kind(w, kind)}


def tie_evidence(w: Words, tie: Mapping[str, Any]) -> str:
    """A tie with what shows it: "LinkedIn contact, seen 3 times, last 2 days ago"."""
    n = int(tie.get("evidence") or 1)
    said = tie_on(w, tie.get("network"), tie.get("kind"))
    when = w.ago(tie.get("last_seen"))
    return w.ngettext(
        "%(tie)s, seen once, %(when)s", "%(tie)s, seen %(num)s times, last %(when)s", n,
        tie=said, when=when,
    )  # fmt: skip


outcome = partial(from_table, OUTCOMES)


#: what a page says about shared connections, per kind of tie: (printed a number, named
#: people only); each a singular and a plural form
PAGE_SAYS = {
    "contact": (
        NN_("%(network)s shows %(num)s mutual connection",
            "%(network)s shows %(num)s mutual connections"),
        NN_("%(network)s names %(num)s mutual connection",
            "%(network)s names %(num)s mutual connections"),
    ),
    "friend": (
        NN_("%(network)s shows %(num)s mutual friend", "%(network)s shows %(num)s mutual friends"),
        NN_("%(network)s names %(num)s mutual friend", "%(network)s names %(num)s mutual friends"),
    ),
    "follows": (
        NN_("%(network)s shows %(num)s follower you follow",
            "%(network)s shows %(num)s followers you follow"),
        NN_("%(network)s names %(num)s follower you follow",
            "%(network)s names %(num)s followers you follow"),
    ),
}  # fmt: skip


def page_says(w: Words, said: Mapping[str, Any], known: int) -> str:
    """ "LinkedIn shows 291 mutual connections; Metanet knows 2": what a page printed
    about the connections someone shares with the user, beside what Metanet knows.

    ``known`` is the person graph's shared connections; the people the page named whom
    Metanet knows count too (Instagram's "Followed by": one-way follows, which the graph
    does not count as shared). The popup's ``saidLines`` counts alike."""
    named_known = sum(1 for n in said.get("named") or [] if n.get("person_id") is not None)
    known = max(known, named_known)
    total = said.get("total")
    printed, named = PAGE_SAYS.get(str(said.get("kind")), PAGE_SAYS["contact"])
    singular, plural = printed if total is not None else named
    n = int(total) if total is not None else len(said.get("named") or [])
    shows = w.ngettext(singular, plural, n, network=network(w, said.get("network")))
    knows = w.ngettext("Metanet knows %(num)s", "Metanet knows %(num)s", known)
    return f"{shows}; {knows}"


def named_only(w: Words, said: Iterable[Mapping[str, Any]]) -> str | None:
    """The people pages name as shared whom Metanet does not know: "Named on the page, not
    in your meta-network yet: Ron Shapiro, Kathy Zhou-Patel"; None when there are none."""
    names = [
        str(named["name"])
        for entry in said
        for named in entry.get("named") or []
        if named.get("person_id") is None
    ]
    if not names:
        return None
    return w.gettext(
        "Named on the page, not in your meta-network yet: %(names)s", names=", ".join(names)
    )


def listed(w: Words, kind: object, n: int, whose: str | None) -> str:
    """What a list page showed: "10 contacts of yours", "24 followers of Ada",
    "10 people from a search". ``whose`` is the list's owner; None: the user's own."""
    if kind == "contacts":
        if whose is None:
            return w.ngettext("%(num)s contact of yours", "%(num)s contacts of yours", n)
        return w.ngettext("%(num)s contact of %(name)s", "%(num)s contacts of %(name)s", n,
                          name=whose)  # fmt: skip
    if kind == "followers":
        if whose is None:
            return w.ngettext("%(num)s follower of yours", "%(num)s followers of yours", n)
        return w.ngettext("%(num)s follower of %(name)s", "%(num)s followers of %(name)s", n,
                          name=whose)  # fmt: skip
    if kind == "following":
        if whose is None:
            return w.ngettext("%(num)s account you follow", "%(num)s accounts you follow", n)
        return w.ngettext("%(num)s account %(name)s follows", "%(num)s accounts %(name)s follows",
                          n, name=whose)  # fmt: skip
    if kind == "mutual":
        return w.ngettext("%(num)s contact you share with %(name)s",
                          "%(num)s contacts you share with %(name)s", n,
                          name=whose or w.gettext("you"))  # fmt: skip
    if kind == "org_people":
        return w.ngettext("%(num)s member", "%(num)s members", n)
    return w.ngettext("%(num)s person from a search", "%(num)s people from a search", n)


#: codes in words, each from its table above (an unknown code as it is)
reading = partial(from_table, READINGS)
page_kind = partial(from_table, PAGE_KINDS)
change = partial(from_table, CHANGES)
field = partial(from_table, FIELDS)
circle_kind = partial(from_context_table, CIRCLE_KINDS)
circle_origin = partial(from_table, CIRCLE_ORIGINS)
member_source = partial(from_table, MEMBER_SOURCES)
roster_outcome = partial(from_table, ROSTER_OUTCOMES)


def roster_problem(w: Words, problem: Mapping[str, Any]) -> str:
    """One refused row of a member list: "line 4: no name"."""
    text = ROSTER_PROBLEMS.get(str(problem.get("code")))
    params = {k: v for k, v in problem.items() if k not in ("code", "line")}
    said = w.gettext(text, **params) if text else str(problem.get("code"))
    return w.gettext("line %(line)s: %(problem)s", line=problem.get("line"), problem=said)


def years(w: Words, start: object, end: object, current: object = False) -> str:
    """ "2019–2021", "since 2019", "until 2004"; "" when no year is known (years are
    written as they are: no thousands separator)."""
    if start and (current or not end):
        return w.gettext("since %(year)s", year=start) if current else str(start)
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if end:
        return w.gettext("until %(year)s", year=end)
    return ""


def offline_label(w: Words, label: object) -> str:
    """A relation's label: one Metanet suggests in the reader's words, any other as typed."""
    text = str(label or "").strip()
    known = OFFLINE_LABELS.get(text.lower())
    return w.in_context(*known) if known else text


def place(w: Words, where: Mapping[str, Any]) -> str:
    """One ``via`` entry: "LinkedIn", "offline: Nachbar" for an offline relation, "circle:
    Golfclub Starnberg" for a circle both are in."""
    if where.get("network") == "offline" and where.get("label"):
        return w.gettext("offline: %(label)s", label=offline_label(w, where["label"]))
    if where.get("network") == "circle" and where.get("label"):
        return w.gettext("circle: %(name)s", name=where["label"])
    return network(w, where.get("network"))


def places(w: Words, via: Iterable[Mapping[str, Any]]) -> str:
    """A ``via`` list as one phrase: "LinkedIn, offline: Nachbar"."""
    return ", ".join(place(w, where) for where in via)


def _network_tie(w: Words, r: Mapping[str, Any]) -> str:
    on = network(w, r.get("network"))
    kind = r.get("kind")
    if kind == "contact":
        return w.gettext("contact on %(network)s", network=on)
    if kind == "friend":
        return w.gettext("friends on %(network)s", network=on)
    if kind == "follows":
        return w.gettext("follow each other on %(network)s", network=on)
    return w.gettext("%(kind)s on %(network)s", kind=str(kind), network=on)


def _offline(w: Words, r: Mapping[str, Any]) -> str:
    label = offline_label(w, r.get("label"))
    if r.get("strength") is None:
        return w.gettext("known offline as %(label)s", label=label)
    return w.gettext(
        "known offline as %(label)s (%(strength)s, as you said)",
        label=label,
        strength=w.number(r["strength"], 2),
    )


def _circle(w: Words, r: Mapping[str, Any]) -> str:
    """A circle both are in: "both in Golfclub Starnberg, 48 members"; an inferred one
    with the years both were there: "both worked at KTH, 2020–2021"."""
    name, span = r.get("name"), years(w, r.get("from"), r.get("to"))
    if r.get("inferred") and r.get("kind") in ("employer", "school"):
        if r["kind"] == "employer":
            return w.gettext("both worked at %(name)s, %(years)s", name=name, years=span)
        return w.gettext("both studied at %(name)s, %(years)s", name=name, years=span)
    said = w.ngettext(
        "both in %(name)s, %(num)s member", "both in %(name)s, %(num)s members",
        int(r.get("members") or 0), name=name,
    )  # fmt: skip
    if span:
        said += ", " + w.gettext("together %(years)s", years=span)
    if r.get("rating") is not None:
        said += " " + w.gettext("(your rating %(rating)s)", rating=w.number(r["rating"], 2))
    return said


def _similar_names(w: Words, r: Mapping[str, Any]) -> str:
    how = {
        "spelling": N_("spelt differently"),
        "nickname": N_("a short form"),
        "initial": N_("an initial"),
        "middle": N_("different middle names"),
    }.get(str(r.get("how")))
    names = w.gettext("similar names “%(a)s” and “%(b)s”", a=r.get("a"), b=r.get("b"))
    return f"{names} ({w.gettext(how)})" if how else names


def _meetings(w: Words, r: Mapping[str, Any]) -> str:
    year = int(r.get("year") or 0)
    if year:
        return w.ngettext(
            "%(num)s meeting in the last 12 months", "%(num)s meetings in the last 12 months", year
        )
    return w.ngettext(
        "%(num)s meeting, none in the last 12 months",
        "%(num)s meetings, none in the last 12 months",
        int(r["n"]),
    )


REASONS: dict[str, Callable[[Words, Mapping[str, Any]], str]] = {
    # tie strength (answers/strength.py)
    "rating": lambda w, r: w.gettext(
        "your rating %(strength)s (wins over the evidence)", strength=w.number(r["strength"], 2)
    ),
    "network_tie": _network_tie,
    "networks": lambda w, r: w.ngettext(
        "connected on %(num)s network", "connected on %(num)s networks", int(r["n"])
    ),
    "offline": _offline,
    "recent": lambda w, r: w.ngettext(
        "seen in the last %(num)s day", "seen in the last %(num)s days", int(r["days"])
    ),
    "shared_contacts": lambda w, r: w.ngettext(
        "%(num)s shared contact", "%(num)s shared contacts", int(r["n"])
    ),
    "circle": _circle,
    "introduced": lambda w, r: w.ngettext(
        "%(num)s introduction made between them",
        "%(num)s introductions made between them",
        int(r["n"]),
    ),
    # what the user and the person did together (answers/interactions.py)
    "messages": lambda w, r: w.ngettext(
        "%(num)s message, last in %(month)s",
        "%(num)s messages, last in %(month)s",
        int(r["n"]),
        month=w.month(r.get("last")),
    ),
    "meetings": _meetings,
    "recommended_you": lambda w, r: w.gettext("recommended you"),
    "recommended": lambda w, r: w.gettext("recommended by you"),
    "endorsed_you": lambda w, r: w.ngettext(
        "endorsed %(num)s of your skills", "endorsed %(num)s of your skills", int(r["n"])
    ),
    "endorsed": lambda w, r: w.ngettext(
        "you endorsed %(num)s of their skills", "you endorsed %(num)s of their skills", int(r["n"])
    ),
    # merge suggestions (identity/scoring.py)
    "same_name": lambda w, r: w.gettext("same name “%(name)s”", name=r.get("name")),
    "similar_names": _similar_names,
    "common_name": lambda w, r: w.ngettext(
        "%(num)s person in your data has this name",
        "%(num)s people in your data have this name",
        int(r["n"]),
    ),
    "same_company": lambda w, r: w.gettext("both at %(company)s", company=r.get("company")),
    "different_companies": lambda w, r: w.gettext(
        "different employers (%(a)s / %(b)s)", a=r.get("a"), b=r.get("b")
    ),
    "same_city": lambda w, r: w.gettext("both in %(city)s", city=r.get("city")),
    "different_cities": lambda w, r: w.gettext("different cities"),
    "same_role": lambda w, r: w.gettext("both %(role)s", role=r.get("role")),
    "same_photo": lambda w, r: w.gettext("same photo"),
    "same_network": lambda w, r: w.gettext(
        "but both are on %(network)s", network=network(w, r.get("network"))
    ),
    # exact evidence (identity/evidence.py, identity/merging.py)
    "same_profile": lambda w, r: w.gettext(
        "both point to the %(network)s profile %(handle)s",
        network=network(w, r.get("network")),
        handle=r.get("handle"),
    ),
    "same_email": lambda w, r: w.gettext("same e-mail address %(value)s", value=r.get("value")),
    "same_phone": lambda w, r: w.gettext("same phone number %(value)s", value=r.get("value")),
    "exact_evidence": lambda w, r: w.gettext("exact evidence"),
    "surname_differs": lambda w, r: w.gettext(
        "surname differs: %(a)s / %(b)s — married name?", a=r.get("a"), b=r.get("b")
    ),
    "landline": lambda w, r: w.gettext("a landline: perhaps a household's"),
    "first_name_differs": lambda w, r: w.gettext(
        "first names differ: %(a)s / %(b)s", a=r.get("a"), b=r.get("b")
    ),
    # decisions (identity/decisions.py, the store, the demo)
    "confirmed": lambda w, r: w.gettext("confirmed by you"),
    "rejected": lambda w, r: w.gettext("not the same, said you"),
    "split": lambda w, r: w.gettext("split off by you"),
    "undo_split": lambda w, r: w.gettext("undo of split #%(id)s", id=r.get("decision")),
    "undo_merge": lambda w, r: w.gettext("undo of merge #%(id)s", id=r.get("decision")),
    "suggestion_confirmed": lambda w, r: w.gettext(
        "suggestion #%(id)s confirmed by you", id=r.get("suggestion")
    ),
    "suggestion_rejected": lambda w, r: w.gettext(
        "suggestion #%(id)s rejected by you", id=r.get("suggestion")
    ),
    "own_account": lambda w, r: w.gettext("your own account"),
    "same_member": lambda w, r: w.gettext(
        "one member of %(network)s under two addresses", network=network(w, r.get("network"))
    ),
    "demo_data": lambda w, r: w.gettext("listed as one person in the demo data"),
}


def reason(w: Words, r: Mapping[str, Any]) -> str:
    """One reason in words; a stored sentence from before codes (``text``) as it was."""
    say = REASONS.get(str(r.get("code")))
    if say is not None:
        return say(w, r)
    return str(r.get("text") or r.get("code") or "")


def reasons(w: Words, found: Iterable[Mapping[str, Any]]) -> str:
    """Reasons as one line: "Kontakt auf LinkedIn; 3 gemeinsame Kontakte"."""
    return "; ".join(reason(w, r) for r in found)


def only_members(w: Words, names: Sequence[str | None]) -> str:
    """What a search or a saved request limited to circles says about it (a circle
    deleted since: None)."""
    said = [name or w.gettext("a deleted circle") for name in names]
    return w.gettext("only members of %(circles)s", circles=", ".join(said))


#: how a word of a search matched (``metanet.words.MatchKind``): what the account says,
#: and how that is the word asked for ("Managing Director, as Geschäftsführer")
MATCH_KINDS = {
    "form": N_("%(matched)s, a form of %(query)s"),
    "synonym": N_("%(matched)s, as %(query)s"),
    "compound": N_("%(matched)s, contains %(query)s"),
    "prefix": N_("%(matched)s, begins with %(query)s"),
}


def match_reason(w: Words, r: Mapping[str, Any]) -> str:
    """Why one word of a search matched (a search hit's ``why``); the word itself as written
    in the account when it matched as it was typed ("Müller" for "Mueller")."""
    said = MATCH_KINDS.get(str(r.get("kind")))
    if said is None:
        return str(r.get("matched", ""))
    return w.gettext(said, matched=r.get("matched", ""), query=r.get("query", ""))


def match_reasons(w: Words, why: Iterable[Mapping[str, Any]]) -> str:
    """A search hit's reasons as one line: "Managing Director, as Geschäftsführer; Munich"."""
    return "; ".join(match_reason(w, r) for r in why)


#: why names cannot be a synonyms line, or why the search skips a line of the user's file
#: (``metanet.words.BadSynonyms`` and ``Problem`` codes)
SYNONYMS_PROBLEMS = {
    "one_name": N_("a role needs at least two different names"),
    "no_letters": N_("a name has no letter or digit"),
    "too_long": N_("a name is longer than 100 characters"),
    "separator": N_("a name may not contain | or #"),
    "encoding": N_("the line is not UTF-8 text"),
    "no_line": N_("there is no such line: metanet synonyms list shows the numbers"),
}


def synonyms_problem(w: Words, code: str, name: str | None = None) -> str:
    """Why names cannot be saved as synonyms, or why the search skips a line."""
    said = SYNONYMS_PROBLEMS.get(code)
    text = w.gettext(said) if said else code
    return f"{text}: {name}" if name and code in ("separator", "too_long") else text


def card(w: Words, role: object, company: object, city: object) -> str:
    """What someone does and where, each once: "Inhaberin bei Vogt Design, München"."""
    if role and company:
        job = w.gettext("%(role)s at %(company)s", role=role, company=company)
    else:
        job = str(role or company or "")
    return ", ".join(part for part in (job, str(city or "")) if part)


def about(w: Words, found: Mapping[str, Any]) -> str:
    """What tells one person of a name from another: "Inhaber bei Becker Haustechnik,
    München (Adressbuch, LinkedIn)" (a :class:`~metanet.services.people.Candidate`)."""
    text = card(w, found.get("role"), found.get("company"), found.get("city"))
    networks = ", ".join(network(w, n) for n in found.get("networks") or ())
    networks = f"({networks})" if networks else ""
    return " ".join(filter(None, (text, networks)))


def candidate(w: Words, found: Mapping[str, Any]) -> str:
    """One person an ambiguous name fits: "#12 Fritz Becker — Inhaber bei Becker
    Haustechnik, München (Adressbuch, LinkedIn)", "#21 Jürgen Größ (Facebook)"."""
    return f"#{found.get('id')} {person_name(w, found.get('name'))}{after_name(w, found)}"


def after_name(w: Words, found: Mapping[str, Any]) -> str:
    """What :func:`about` says, as it follows a name: after a dash, or only the networks
    in parentheses ("(Facebook)") after a space; "" when nothing is known."""
    told = about(w, found)
    if not told:
        return ""
    return f" {told}" if told.startswith("(") else f" — {told}"


def ambiguous(w: Words, said: str, found: Sequence[Mapping[str, Any]], total: int) -> str:
    """A name that fits several people: each of them, with what tells them apart."""
    lines = [
        w.ngettext(
            "“%(said)s” fits %(num)s person:", "“%(said)s” fits %(num)s people:", total, said=said
        )
    ]
    lines += [f"  {candidate(w, person)}" for person in found]
    if total > len(found):
        more = total - len(found)
        lines.append("  " + w.ngettext("… and %(num)s more", "… and %(num)s more", more))
    if found:
        example = "#" + str(found[0].get("id"))
        lines.append(
            w.gettext(
                "Name one by its number (%(example)s) or by a profile address.", example=example
            )
        )
    return "\n".join(lines)


def source(w: Words, found: Mapping[str, Any]) -> str:
    """Where an e-mail address, number or link came from: "Adressbuch: kontakte.vcf",
    "XING: erfasste Seite", or the network alone."""
    on = network(w, found.get("network"))
    if found.get("import_file"):
        return f"{on}: {found['import_file']}"
    if found.get("capture_id"):
        captured = w.gettext("captured page")
        return f"{on}: {captured}"
    return on


def sources(w: Words, found: Iterable[Mapping[str, Any]]) -> str:
    """Every place one address, number or link came from, each once."""
    return ", ".join(dict.fromkeys(source(w, one) for one in found))


def country(w: Words, code: object) -> str:
    """A region code as a country's name: "Deutschland (DE)" / "Germany (DE)"."""
    name = w.locale.territories.get(str(code))
    return f"{name} ({code})" if name else str(code)


def region_setting(w: Words, setting: Mapping[str, Any]) -> str:
    """Where phone numbers without a country code are read, and why."""
    region = setting.get("region")
    if not region:
        return w.gettext(
            "No region for phone numbers: neither a setting nor your locale names a "
            "country, so numbers without a country code keep their digits. "
            "Set it with: metanet config region DE"
        )
    if setting.get("source") == "setting":
        return w.gettext(
            "Phone numbers without a country code are numbers of %(country)s "
            "(your setting; change it with: metanet config region XX).",
            country=country(w, region),
        )
    return w.gettext(
        "Phone numbers without a country code are numbers of %(country)s "
        "(from your locale; set another with: metanet config region XX).",
        country=country(w, region),
    )
