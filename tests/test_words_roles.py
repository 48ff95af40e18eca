"""Role terms (metanet.words.roles): one indexed term per shipped role name, read in place
of the name's many alternatives, always finding the same accounts.

The agreement on real-looking titles, query by query and band by band, is in
tests/test_words_query.py (``found`` runs every query with and without role terms); here:
that the terms are read at all, what an account gets, the user's own synonyms, and the
stamp that ties the index to the shipped list.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from metanet.answers.words_table import FTS_TABLE_SQL
from metanet.words import (
    Band,
    RoleTerms,
    add_user_synonyms,
    index_row,
    load_synonyms,
    parse_query,
    roles,
    shipped,
    shipped_roles,
    user_synonyms_path,
)
from metanet.words.index import word_terms
from metanet.words.synonyms import RoleGroup, parse

#: the stamp of the shipped role list (roles.txt) as the search expands it
SHIPPED_STAMP = "97be4732e5cd92c8"


def test_the_shipped_roles_are_the_ones_the_index_was_made_with() -> None:
    assert shipped_roles().stamp == SHIPPED_STAMP, (
        "the shipped roles changed (roles.txt, or how a role word is expanded): databases "
        "hold the old role terms, and the search reads every alternative again until they "
        "are indexed anew. Add a migration that calls answers.words_index.refill, then "
        "update SHIPPED_STAMP."
    )


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("Managing Director", '"w_managing_director"'),  # a company called so
        ("Geschäftsführer", '"geshaftsfuhrer"'),
        ("Geschäftsführerin", '"geshaftsfuhrerin"'),  # as typed; the role's term all the same
        ("GF", '("gf" OR "t_gf")'),
    ],
)
def test_a_role_name_reads_its_term_instead_of_every_name_of_the_role(text: str, rest: str) -> None:
    plain = parse_query(text).fts(Band.WHOLE)
    assert "s_geshaftsfuhr" in plain and "t_ceo" in plain  # ten alternatives and more
    expression = parse_query(text).using(shipped_roles()).fts(Band.WHOLE)
    assert expression.startswith('("r_') and expression.endswith(f" OR {rest})")
    assert " OR " not in expression.removesuffix(f" OR {rest})")  # the term, and the rest


def test_other_words_are_read_as_before() -> None:
    for text in ("Berger", "München", "Vertrieb"):
        query = parse_query(text)
        assert query.using(shipped_roles()).fts() == query.fts()


def test_an_account_has_the_terms_of_the_role_names_it_matches() -> None:
    roles = shipped_roles()
    ceo = index_row({"name": "Julia Hofmann", "headline": "CEO & Founder"}).split()
    fahrer = index_row({"name": "Fritz Becker", "role": "Berufskraftfahrer (CE)"}).split()
    term = roles.cover(parse_query("Geschäftsführer").words[0])
    assert term is not None and term[0] in ceo
    assert term[0] not in fahrer  # a role of its own (Kraftfahrer), not this one
    # a role name of several words holds when each pair of it is in one field
    apart = word_terms({"headline": "Chief Executive", "role": "Executive Officer"}).split()
    assert term[0] in roles.of_row(apart)  # as FTS5 reads "s_chief_eksekutiv" AND …
    assert term[0] not in roles.of_row(word_terms({"headline": "Chief Officer"}).split())


def test_the_users_own_synonyms_are_found_beside_the_term(tmp_path: Path) -> None:
    path = user_synonyms_path(tmp_path)
    add_user_synonyms(path, ["Chef vom Ganzen", "Geschäftsführer"])
    db = sqlite3.connect(":memory:")
    db.execute(FTS_TABLE_SQL.format(name="words"))
    people = [{"role": "Chef vom Ganzen"}, {"role": "Managing Director"}, {"role": "Fahrer"}]
    for rowid, fields in enumerate(people, start=1):
        db.execute("insert into words (rowid, terms) values (?, ?)", [rowid, index_row(fields)])
    query = parse_query("Geschäftsführerin", load_synonyms(path)).using(shipped_roles())
    expression = query.fts(Band.WHOLE)
    assert "r_" in expression and "s_chef_vom" in expression  # the term, and the user's name
    rows = db.execute("select rowid from words where words match ?", [expression])
    assert sorted(r[0] for r in rows) == [1, 2]


def test_a_term_stands_only_for_ways_the_word_has() -> None:
    # role terms made from another list: "Chef" is a name of the role there, not here
    groups, _ = parse("Geschäftsführer | Managing Director | Chef", "test")
    other = RoleTerms(groups)
    assert other.cover(parse_query("Geschäftsführer").words[0]) is None
    assert other.stamp != shipped_roles().stamp
    assert RoleTerms(shipped()).stamp == shipped_roles().stamp  # the same list, the same


@pytest.mark.parametrize("collecting", [True, False])
def test_the_shipped_table_is_made_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, collecting: bool
) -> None:
    """Its sets live as long as the process: no collection runs while they are made, and
    the collector is left as it was found."""
    seen: list[bool] = []

    class Recording(roles.RoleTerms):
        def __init__(self, groups: Sequence[RoleGroup]) -> None:
            seen.append(gc.isenabled())
            super().__init__(groups)

    monkeypatch.setattr(roles, "RoleTerms", Recording)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        made = roles.shipped_roles.__wrapped__()  # the table made anew, the cache untouched
        assert seen == [False]
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert made.stamp == shipped_roles().stamp
