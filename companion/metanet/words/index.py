"""What the search indexes of one account: four columns of folded words.

The search keeps one FTS5 row per account (rowid = account id) with the columns below,
filled by :func:`document` whenever the account's facts change. Every token is
already folded here (lower-case ASCII letters and digits, one token per word), so the
table's tokenizer only splits on spaces and the same code folds what is indexed and what
is searched:

``words``
    every word of the name, headline, company, role and location, folded
    (:func:`metanet.folding.fold_loose`): "Müller", "Mueller" and "Muller" are one token,
    "Yılmaz" is "yilmaz". Exact and prefix ("Geschäftsf…") matches look here.
``stems``
    the words of the headline and role, masculine form (:func:`.forms.degender`), German
    Snowball stem: "Geschäftsführerin" and "Geschäftsführer" are "geshaftsfuhr". Other
    forms of a word and role synonyms look here. Names, companies and cities are not
    stemmed: "Berger" is no form of "Berg", a "Gesellschaft mbH" no "Gesellschafter".
``stems_en``
    the same words, English Snowball stem ("engineers", "engineering": "engin").
``parts``
    the modifier and head of each compound title word (:mod:`.compounds`):
    "Vertriebsleiterin" gives "vertrieb leit".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from metanet.words.compounds import parts
from metanet.words.forms import degender, stem_de, stem_en, tokens

COLUMNS = ("words", "stems", "stems_en", "parts")
#: the fields of an account that are indexed, in this order
FIELDS = ("name", "headline", "company", "role", "location")
#: the fields whose words are job titles: stemmed and split into compound parts
TITLE_FIELDS = frozenset({"headline", "role"})


class Origin(NamedTuple):
    """Where an indexed token came from: the field and the word as it was written."""

    field: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """The index columns of one account, each token with its origin (for "why")."""

    columns: Mapping[str, tuple[str, ...]]
    origins: Mapping[str, tuple[Origin, ...]]

    def row(self) -> dict[str, str]:
        """Column → text, as inserted into the FTS5 table."""
        return {name: " ".join(self.columns[name]) for name in COLUMNS}


def document(fields: Mapping[str, str | None]) -> Document:
    """The index document of an account's fields (missing or empty fields are skipped)."""
    return _document(tuple(fields.get(name) or "" for name in FIELDS))


@lru_cache(maxsize=20_000)
def _document(values: tuple[str, ...]) -> Document:
    columns: dict[str, list[str]] = {name: [] for name in COLUMNS}
    origins: dict[str, list[Origin]] = {name: [] for name in COLUMNS}
    words, stems, english, split = (columns[name] for name in COLUMNS)
    for field, value in zip(FIELDS, values, strict=True):
        title = field in TITLE_FIELDS
        for token in tokens(value):
            origin = Origin(field, token.original)
            words.append(token.text)
            if title:
                masculine = degender(token.text)
                stems.append(stem_de(masculine))
                english.append(stem_en(masculine))
                found = parts(token.text)
                split.extend(found)
                origins["parts"].extend([origin] * len(found))
                origins["stems"].append(origin)
                origins["stems_en"].append(origin)
            origins["words"].append(origin)
    return Document(
        {k: tuple(v) for k, v in columns.items()}, {k: tuple(v) for k, v in origins.items()}
    )
