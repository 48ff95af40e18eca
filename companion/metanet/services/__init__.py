"""The use cases, one function each, that every front calls: the native host's actions
(``actions/``), the click commands (``commands/``) and the summary page (``web/views/``).

A service takes the store and plain arguments, checks what the user asked for, runs the
domain (``sites``, ``imports``, ``identity``, ``answers``, ``graph``) and the store, and
returns a typed result (a TypedDict or a dataclass) whose shape docs/PROTOCOL.md shows.
It raises the kinds of :mod:`metanet.errors`; each front shows them through the one error
table, :mod:`.errors`. No service knows which front called it.

* :mod:`.pages` — capture a page, look one up, reparse; :mod:`.imports` — import a file;
  :mod:`.changes` — what follows every capture and import, written once;
* :mod:`.people` — name a person (URL, id, name, "me"), their summary, whom they know,
  the person page; :mod:`.relations` — add a person, relate, note; :mod:`.me`;
* :mod:`.answers` — mutual, paths, reach, search, rate; :mod:`.requests` — saved requests;
* :mod:`.identity` — suggestions and decisions; :mod:`.data` — export, forget, wipe;
* :mod:`.long_lived` — the host and the summary server: stale answers while the graph
  is rebuilt, the host's warm-up after its first ``ping``, and following the database
  file through a wipe.
"""
