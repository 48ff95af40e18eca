"""The full-text table the search reads: one FTS5 row per account, built by
:func:`metanet.words.document` (the answers package owns the search's tables).

Tokens are prepared by :func:`metanet.words.document`, so the tokenizer only splits on
spaces; ``prefix`` indexes 4-letter prefixes (the shortest typed prefix the search looks
for, :data:`metanet.words.query.MIN_PREFIX`).
"""

from __future__ import annotations

FTS_TABLE_SQL = (
    "create virtual table {name} using fts5(words, stems, stems_en, parts, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '4')"
)
