"""How codes and data are said: reasons, "where known", networks, kinds and outcomes.

The domain hands over codes with parameters (:mod:`metanet.reasons`); each function here
takes a :class:`~metanet.i18n.Words` and returns the words in its language. Names,
companies and labels the user typed stay as they are, except the offline labels Metanet
itself suggests ("neighbour", "golf partner", …), which are said in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
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


def tie_kind(w: Words, code: object) -> str:
    found = TIE_KINDS.get(str(code))
    return w.in_context(*found) if found else str(code or "")


#: a tie with its network: "LinkedIn contact"; German puts the network after the kind
#: ("Kontakt (LinkedIn)": "Adressbuch Kontakt" is no German, "XING-folgt" neither)
_TIE_ON = NP_("tie on a network", "%(network)s %(kind)s")


def tie_on(w: Words, network_code: object, kind: object) -> str:
    """A tie as the person's view lists it: "LinkedIn contact", "Kontakt (LinkedIn)"."""
    return w.in_context(*_TIE_ON) % {"network": network(w, network_code), "kind": tie_kind(w, kind)}


def outcome(w: Words, code: object) -> str:
    return from_table(OUTCOMES, w, code)


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


def reading(w: Words, code: object) -> str:
    """Why a page was only partly read, in words."""
    return from_table(READINGS, w, code)


def page_kind(w: Words, code: object) -> str:
    return from_table(PAGE_KINDS, w, code)


def change(w: Words, code: object) -> str:
    return from_table(CHANGES, w, code)


def field(w: Words, code: object) -> str:
    return from_table(FIELDS, w, code)


def offline_label(w: Words, label: object) -> str:
    """A relation's label: one Metanet suggests in the reader's words, any other as typed."""
    text = str(label or "").strip()
    known = OFFLINE_LABELS.get(text.lower())
    return w.in_context(*known) if known else text


def place(w: Words, where: Mapping[str, Any]) -> str:
    """One ``via`` entry: "LinkedIn", or "offline: Nachbar" for an offline relation."""
    if where.get("network") == "offline" and where.get("label"):
        return w.gettext("offline: %(label)s", label=offline_label(w, where["label"]))
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
