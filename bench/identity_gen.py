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

from metanet.folding import fold_loose

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
NON_GERMAN_SHARE = 0.12  # people with a Turkish, Polish, South Slavic, Cyrillic or Greek name


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


def generate(people: int, seed: int = 5, first_account_id: int = 1) -> Dataset:
    """The dataset; account ids start at ``first_account_id`` (person ids equal them)."""
    rng = random.Random(seed)
    data = Dataset()
    next_id = first_account_id
    by_person: list[dict[str, int]] = []
    household_of: tuple[str, str, str] | None = None  # last, e-mail, first of the last card
    for number in range(people):
        first, nick = _zipf(rng, FIRST, 0.6)
        last = _zipf(rng, LAST, 0.9) if rng.random() < COMMON_SHARE else rng.choice(TAIL)
        household = household_of is not None and rng.random() < HOUSEHOLD_SHARE
        if household and household_of is not None:
            # a spouse: same last name, shares the family e-mail. Their first name differs
            # (identical full names on one address, father and son, no rule can tell apart)
            last = household_of[0]
            # ... and not another spelling of one name (Michael, Michał; Katharina, Katarina)
            while fold_loose(first) == fold_loose(household_of[2]):
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
        mine: dict[str, int] = {}
        for network in networks:
            account_id, next_id = next_id, next_id + 1
            mine[network] = account_id
            shown_first, shown_last = (
                (first, last) if foreign is None else foreign.shown(rng, network)
            )
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
            data.identifiers.append((mine["addressbook"], "email", email))
            if household and household_of is not None:  # a trap: one e-mail, two people
                data.identifiers.append((mine["addressbook"], "email", household_of[1]))
            household_of = (last, email, first)
            if rng.random() < 0.5 and company:
                # a shared company mailbox on several people's cards: must not merge them
                data.identifiers.append((mine["addressbook"], "email", "info@"
                                         f"{company.split()[0].lower()}.example"))  # fmt: skip
            for network in ("xing", "linkedin"):
                if network in mine and rng.random() < 0.3:  # the network export shows the e-mail
                    data.identifiers.append((mine[network], "email", email))
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
            data.identifiers,
        )
        conn.executemany(
            "insert or ignore into account_links (account_id, url) values (?, ?)", data.links
        )
        conn.executemany(
            "insert or ignore into ties (src_account_id, dst_account_id, network, kind, "
            "directed, first_seen, last_seen) values (?, ?, ?, 'contact', 0, ?, ?)",
            [(min(s, d), max(s, d), n, stamp, stamp) for s, d, n in data.ties],
        )


def _url(account: dict[str, Any]) -> str | None:
    if account["network"] == "linkedin":
        return f"https://www.linkedin.com/in/{account['key']}/"
    if account["network"] == "xing":
        return f"https://www.xing.com/profile/{account['key']}"
    return None
