"""Answers: shared connections, ranked introduction paths, reach, search and requests.

One implementation behind the CLI, the native host and the summary page. Everything
reads a :class:`~metanet.answers.snapshot.Snapshot` of the person graph, kept per open
:class:`~metanet.store.Store` and refreshed when the database changed (see
:func:`metanet.answers.service.snapshot_for`). numpy is imported only here, never by
``metanet host`` before the first question, so the host's first ``ping`` stays fast.
"""
