"""Words as people type them, for the search: one folding with names (:mod:`metanet.folding`),
gendered forms and Snowball stems (:mod:`.forms`), compound parts (:mod:`.compounds`), role
synonyms in German and English (:mod:`.synonyms`), the index columns of an account
(:mod:`.index`), the role terms that stand for a role's many names in the index
(:mod:`.roles`) and the query built from typed text, with its ranking rule and the reason
each hit matched (:mod:`.query`).
"""

from metanet.words.index import COLUMNS, Document, document
from metanet.words.query import (
    Band,
    Hit,
    MatchKind,
    NoSearchWords,
    Reason,
    SearchQuery,
    parse_query,
)
from metanet.words.roles import RoleTerms, index_row, shipped_roles
from metanet.words.synonyms import (
    BadSynonyms,
    Synonyms,
    UserLine,
    add_user_synonyms,
    load_synonyms,
    remove_user_line,
    shipped,
    user_lines,
    user_synonyms_path,
)

__all__ = [
    "COLUMNS",
    "BadSynonyms",
    "Band",
    "Document",
    "Hit",
    "MatchKind",
    "NoSearchWords",
    "Reason",
    "RoleTerms",
    "SearchQuery",
    "Synonyms",
    "UserLine",
    "add_user_synonyms",
    "document",
    "index_row",
    "load_synonyms",
    "parse_query",
    "remove_user_line",
    "shipped",
    "shipped_roles",
    "user_lines",
    "user_synonyms_path",
]
