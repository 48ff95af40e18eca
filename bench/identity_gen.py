"""A labelled dataset for identity resolution: people, their accounts, and the truth.

N people, each with accounts on 1 to 4 networks. Names vary the way real data does (umlauts
typed as ``ue`` or dropped, ``Dr.``/``Prof.``, "Last, First" in address books, nicknames,
initials, middle names); last and first names follow a Zipf-like distribution so common
names collide ("Thomas Müller" many times over) and different people share a name.
Exact evidence appears as real data has it: address-book e-mails also known to a network,
profiles linking to each other; plus traps: shared company mailboxes (``info@``) on
different people, household e-mails shared by spouses with the same last name.
Facebook-export friends are name-only and unconfirmed.
A share of the people (:data:`NON_GERMAN_SHARE`) have Turkish, Polish, South Slavic,
Russian/Ukrainian or Greek names, shown in their own alphabet or script on some networks
and transliterated on others (:mod:`identity_scripts`); ``origin`` labels each account.

Rows go straight into the tables (as an importer would leave them) with ``executemany``;
``truth`` maps account id → person number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import identity_scripts

from metanet.folding import fold, loose
from metanet.identifiers import in_region, normalise_phone
from metanet.identity import nicknames
from metanet.identity.names import first_forms

FIRST = [
    ("Thomas", "Tom"),
    ("Michael", "Mike"),
    ("Andreas", "Andi"),
    ("Stefan", None),
    ("Christian", "Chris"),
    ("Markus", None),
    ("Alexander", "Alex"),
    ("Johannes", "Hans"),
    ("Maximilian", "Max"),
    ("Sebastian", "Basti"),
    ("Josef", "Sepp"),
    ("Jürgen", None),
    ("Jörg", None),
    ("Ulrich", "Uli"),
    ("Katharina", "Kathi"),
    ("Stefanie", "Steffi"),
    ("Anna", None),
    ("Sabine", None),
    ("Susanne", "Susi"),
    ("Julia", None),
    ("Lena", None),
    ("Sophie", None),
    ("Bernhard", "Bernd"),
    ("Friedrich", "Fritz"),
    ("Wolfgang", "Wolf"),
    ("Florian", "Flo"),
    ("Matthias", "Matze"),
    ("Elisabeth", "Lisa"),
    ("Gabriele", "Gabi"),
    ("Heinrich", "Heinz"),
    ("René", None),
    ("Zoë", None),
    ("Mehmet", None),
    ("Ayşe", None),
    ("Frédéric", None),
    ("Nikolaus", "Klaus"),
    ("Daniel", "Dani"),
    ("Benedikt", "Ben"),
    ("Hans-Jürgen", "Hansi"),
    ("Karl-Heinz", "Kalle"),
    ("Margarete", "Grete"),
]
LAST = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
    "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze",
    "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs",
    "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel",
    "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
    "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus",
    "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß",
    "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich",
    "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas",
    "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Yılmaz", "Öztürk", "Nguyen", "Dubois",
    "García", "Kowalski", "Nowak", "Đorđević", "Søndergaard", "Van der Berg", "von Weizsäcker",
]  # fmt: skip
# The long tail: most people do not carry a top-100 surname. Synthetic surnames built from
# German name parts give a realistic spread (a full name is shared by a handful of people).
_HEADS = [
    "Bach",
    "Berg",
    "Brand",
    "Eich",
    "Feld",
    "Gold",
    "Grün",
    "Hag",
    "Heil",
    "Hirsch",
    "Kirch",
    "Lind",
    "Mohr",
    "Ober",
    "Reich",
    "Rosen",
    "Sonn",
    "Stein",
    "Wald",
    "Wein",
    "Wies",
    "Zell",
    "Alt",
    "Dorn",
    "Eber",
    "Fall",
    "Gries",
    "Hoch",
    "Kalt",
    "Lauter",
    "Mittel",
    "Nieder",
    "Ost",
    "Pfaff",
    "Rau",
    "Schön",
    "Tann",
    "Unter",
    "Vogels",
    "Weiß",
]
_MIDS = ["", "en", "er", "el", "in"]
_TAILS = [
    "mann",
    "bauer",
    "huber",
    "meier",
    "berger",
    "hofer",
    "ner",
    "ler",
    "inger",
    "stätter",
    "müller",
    "brunner",
    "thaler",
    "wald",
    "feld",
    "hardt",
    "ke",
    "bach",
    "kötter",
    "haus",
]
TAIL = [h + m + t for h in _HEADS for m in _MIDS for t in _TAILS]
COMMON_SHARE = 0.15  # of people with a top-100 surname (Zipf): the collisions
HOUSEHOLD_SHARE = 0.03  # cards that also carry a spouse's e-mail (same last name)
MIDDLE = ["Maria", "Peter", "Johann", "Sophie", "Karl", "Luise", "Georg", "Marie"]
COMPANIES = [f"{w} {form}" for w in (
    "Siemens", "Bosch", "Allianz", "BMW", "Daimler", "SAP", "Infineon", "Knorr-Bremse",
    "MAN", "Linde", "Wacker", "Rohde & Schwarz", "Sixt", "Adidas", "Puma", "Brose", "Festo",
    "Trumpf", "Kärcher", "Stihl", "Würth", "Miele", "Dräger", "Zeiss", "Merck", "Henkel",
) for form in ("AG", "GmbH")] + [f"Kanzlei {n}" for n in range(200)] + [
    f"{n} Maschinenbau GmbH" for n in ("Berger", "Huber", "Kraus", "Lang", "Seidel")]  # fmt: skip
CITIES = ["München", "Berlin", "Hamburg", "Köln", "Frankfurt am Main", "Stuttgart",
          "Düsseldorf", "Nürnberg", "Leipzig", "Dresden", "Hannover", "Bremen", "Augsburg",
          "Regensburg", "Freiburg", "Wien", "Zürich", "Graz", "Linz", "Bern"]  # fmt: skip
ROLES = ["Geschäftsführer", "Vertriebsleiter", "Software Engineer", "Projektleiter",
         "Rechtsanwalt", "Prokurist", "Einkäufer", "Berater", "CTO", "Head of HR"]  # fmt: skip
CITY_ALIASES = {"München": "Munich", "Köln": "Cologne", "Nürnberg": "Nuremberg", "Wien": "Vienna"}
NETWORKS = ["xing", "linkedin", "facebook", "addressbook"]
NON_GERMAN_SHARE = 0.12  # people with a Turkish, Polish, South Slavic, Cyrillic, Greek,
# Italian or English name
MARRIED_SHARE = 0.06  # people whose networks show a surname their address-book card does not
MOBILE_SHARE = 0.4  # people with a mobile number (cards write it nationally 60 % of the time)
LANDLINE_SHARE = 0.3  # cards with a home landline (a household's cards share it: a trap)
CARD_LINK_SHARE = 0.2  # cards that link the person's LinkedIn profile
MOBILE_PREFIXES = ["151", "152", "157", "160", "162", "170", "171", "172", "175"]


def _zipf(rng: random.Random, items: list[Any], s: float = 1.0) -> Any:
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights)[0]


@dataclass
class Dataset:
    accounts: list[dict[str, Any]] = field(default_factory=list)
    identifiers: list[tuple[int, str, str]] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)
    ties: list[tuple[int, int, str]] = field(default_factory=list)
    truth: dict[int, int] = field(default_factory=dict)  # account id → person number
    origin: dict[int, str] = field(default_factory=dict)  # account id → "german" or script


def _variant(rng: random.Random, first: str, nick: str | None, middle: str | None,
             last: str, network: str, title: str | None) -> str:  # fmt: skip
    """One way a network may show this person's name."""
    roll = rng.random()
    shown_first = first
    if nick and roll < 0.15:
        shown_first = nick
    elif roll < 0.2:
        shown_first = first[0] + "."
    name_last = last
    roll = rng.random()
    if roll < 0.1:
        name_last = last.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
        shown_first = shown_first.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    elif roll < 0.15:
        name_last = last.replace("ü", "u").replace("ö", "o").replace("ä", "a")
        shown_first = shown_first.replace("é", "e").replace("ë", "e").replace("ü", "u")
    if middle and rng.random() < 0.5:
        shown_first = f"{shown_first} {middle}"
    if network == "addressbook" and rng.random() < 0.5:
        return f"{name_last}, {shown_first}"
    prefix = f"{title} " if title and rng.random() < 0.6 else ""
    return f"{prefix}{shown_first} {name_last}"


def _forms(first: str) -> set[str]:
    """A first name's forms and short forms, loose: two names that share one are one name
    to the code (Johannes and Hans-Jürgen, both "Hansi")."""
    folded = fold(first)
    return {loose(f) for f in first_forms(folded) | nicknames.short_forms(folded)}


def _married(rng: random.Random, old: str) -> str:
    """The surname a married person's networks show, as a template of the old one
    (``{old}``): a double name, the new name with the maiden name shown, or the new name
    alone (only the shared e-mail connects those)."""
    new = rng.choice(TAIL)
    roll = rng.random()
    if roll < 0.4:
        return f"{new}-{old}"
    if roll < 0.7:
        return f"{new} (geb. {old})"
    return new  # the old name is left out: a template without "{old}"


def _mobile(rng: random.Random) -> tuple[str, str]:
    """A German mobile number, as written nationally and internationally."""
    prefix = rng.choice(MOBILE_PREFIXES)
    digits = "".join(rng.choice("0123456789") for _ in range(7 if prefix[1] != "5" else 8))
    return f"0{prefix} {digits}", f"+49 {prefix} {digits}"


def generate(people: int, seed: int = 5, first_account_id: int = 1) -> Dataset:
    """The dataset; account ids start at ``first_account_id`` (person ids equal them)."""
    rng = random.Random(seed)
    data = Dataset()
    next_id = first_account_id
    by_person: list[dict[str, int]] = []
    household_of: tuple[str, str, str, str] | None = None  # last, e-mail, first, landline
    for number in range(people):
        first, nick = _zipf(rng, FIRST, 0.6)
        last = _zipf(rng, LAST, 0.9) if rng.random() < COMMON_SHARE else rng.choice(TAIL)
        household = household_of is not None and rng.random() < HOUSEHOLD_SHARE
        if household and household_of is not None:
            # a spouse: same last name, shares the family e-mail. Their first name differs
            # (identical full names on one address, father and son, no rule can tell apart)
            last = household_of[0]
            # ... and not another spelling of one name (Michael, Michał; Katharina, Katarina)
            # nor a name that shares a short form with it (Johannes and Hans-Jürgen, both
            # "Hans"): no rule on names can tell such a household apart
            while _forms(first) & _forms(household_of[2]):
                first, nick = _zipf(rng, FIRST, 0.6)
        middle = rng.choice(MIDDLE) if rng.random() < 0.15 else None
        foreign = None
        if not household and rng.random() < NON_GERMAN_SHARE:
            foreign = identity_scripts.person(rng)
            first, last = foreign.own
            nick, middle = None, None
        title = rng.choice(["Dr.", "Prof. Dr.", "Dipl.-Ing."]) if rng.random() < 0.08 else None
        company = rng.choice(COMPANIES) if rng.random() < 0.8 else None
        city = _zipf(rng, CITIES, 0.7)
        role = rng.choice(ROLES)
        email = f"p{number}@mail{number % 97}.example"
        count = rng.choices([1, 2, 3, 4], [0.35, 0.35, 0.2, 0.1])[0]
        networks = rng.sample(NETWORKS, count)
        married = not household and rng.random() < MARRIED_SHARE
        new_last = _married(rng, "{old}") if married else None
        mobile = _mobile(rng) if rng.random() < MOBILE_SHARE else None
        mine: dict[str, int] = {}
        for network in networks:
            account_id, next_id = next_id, next_id + 1
            mine[network] = account_id
            shown_first, shown_last = (
                (first, last) if foreign is None else foreign.shown(rng, network)
            )
            if new_last and network != "addressbook":
                shown_last = new_last.format(old=shown_last)
            row: dict[str, Any] = {
                "id": account_id, "network": network, "key": f"{network[:2]}{number}",
                "name": _variant(rng, shown_first, nick, middle, shown_last, network, title),
                "confirmed": 0 if network == "facebook" else 1,
            }  # fmt: skip
            if network in ("xing", "linkedin", "addressbook"):
                if rng.random() < 0.75:
                    shown = company
                    if company and rng.random() < 0.1:
                        shown = rng.choice(COMPANIES)  # an old employer, still listed
                    row["company"] = shown
                if rng.random() < 0.7:
                    row["location"] = CITY_ALIASES.get(city, city) if rng.random() < 0.2 else city
                if rng.random() < 0.5:
                    row["role"] = role
            data.accounts.append(row)
            data.truth[account_id] = number
            data.origin[account_id] = "german" if foreign is None else foreign.script
        if "addressbook" in mine:
            card = mine["addressbook"]
            data.identifiers.append((card, "email", email))
            landline = ""
            if household and household_of is not None:  # a trap: one e-mail, two people
                data.identifiers.append((card, "email", household_of[1]))
                landline = household_of[3]  # ... and one landline
            elif rng.random() < LANDLINE_SHARE:
                landline = "089 " + "".join(rng.choice("0123456789") for _ in range(7))
            if landline:
                data.identifiers.append((card, "phone", landline))
            if mobile:
                data.identifiers.append((card, "phone", mobile[0 if rng.random() < 0.6 else 1]))
            if "linkedin" in mine and rng.random() < CARD_LINK_SHARE:
                data.links.append((card, f"https://www.linkedin.com/in/li{number}/"))
            household_of = (last, email, first, landline)
            if rng.random() < 0.5 and company:
                # a shared company mailbox on several people's cards: must not merge them
                data.identifiers.append((mine["addressbook"], "email", "info@"
                                         f"{company.split()[0].lower()}.example"))  # fmt: skip
            for network in ("xing", "linkedin"):
                # the network export shows the e-mail (a married person's always: the one
                # thing that connects her new name with her card)
                if network in mine and (married or rng.random() < 0.3):
                    data.identifiers.append((mine[network], "email", email))
        for network in ("xing", "linkedin"):
            if mobile and network in mine and rng.random() < 0.25:
                data.identifiers.append((mine[network], "phone", mobile[1]))
        if "linkedin" in mine and "xing" in mine and rng.random() < 0.2:
            data.links.append((mine["xing"], f"https://www.linkedin.com/in/li{number}/"))
        by_person.append(mine)
    for mine in by_person:  # friends: ties on every network both sides are on
        for friend in rng.sample(by_person, 2):
            for network, account_id in mine.items():
                other = friend.get(network)
                if other is not None and other != account_id and network != "addressbook":
                    data.ties.append((account_id, other, network))
    return data


def load(store: Any, data: Dataset, stamp: str = "2026-11-28T12:00:00+00:00") -> None:
    """Write the dataset as importers would have (one person per account, unmerged)."""
    conn = store.sql("identity")  # bulk rows as importers would have written them
    with store.write():
        conn.executemany(
            "insert into persons (id, name, is_me, created_at, updated_at) values (?, ?, 0, ?, ?)",
            [(a["id"], a["name"], stamp, stamp) for a in data.accounts],
        )
        conn.executemany(
            "insert into accounts (id, network, key, person_id, name, company, role, location, "
            "profile_url, confirmed, first_seen, last_seen) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (a["id"], a["network"], a["key"], a["id"], a["name"], a.get("company"),
                 a.get("role"), a.get("location"), _url(a), a["confirmed"], stamp, stamp)
                for a in data.accounts
            ],
        )  # fmt: skip
        conn.executemany(
            "insert or ignore into account_identifiers (account_id, kind, value) values (?, ?, ?)",
            identifier_rows(data.identifiers),
        )
        conn.executemany(
            "insert or ignore into account_links (account_id, url) values (?, ?)", data.links
        )
        conn.executemany(
            "insert or ignore into ties (src_account_id, dst_account_id, network, kind, "
            "directed, first_seen, last_seen) values (?, ?, ?, 'contact', 0, ?, ?)",
            [(min(s, d), max(s, d), n, stamp, stamp) for s, d, n in data.ties],
        )


REGION = "DE"  # the user's region: numbers written nationally are read in it


def identifier_rows(identifiers: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Identifiers as an import stores them: phones normalised and read in the user's region
    (``0171 …`` and ``+49 171 …`` alike), e-mails as they are."""
    rows = []
    for account_id, kind, value in identifiers:
        if kind == "phone":
            digits = normalise_phone(value)
            value = in_region([digits], REGION)[0] if digits else ""
        if value:
            rows.append((account_id, kind, value))
    return rows


def _url(account: dict[str, Any]) -> str | None:
    if account["network"] == "linkedin":
        return f"https://www.linkedin.com/in/{account['key']}/"
    if account["network"] == "xing":
        return f"https://www.xing.com/profile/{account['key']}"
    return None
