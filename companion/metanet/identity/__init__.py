"""Identity resolution: which accounts belong to one human (DESIGN §2, "Merge decision").

Automatic merges happen only on exact evidence (:mod:`.evidence`); everything else becomes a
scored, explained suggestion (:mod:`.scoring`) that the user confirms or rejects
(:mod:`.decisions`). :func:`resolve_change` is the entry point after a capture, an import or
a reparse; every merge goes through :func:`.persons.merge_persons`.
"""

from metanet.identity.full import resolve_all
from metanet.identity.report import ResolveReport
from metanet.identity.resolve import resolve_accounts, resolve_change

__all__ = ["ResolveReport", "resolve_accounts", "resolve_all", "resolve_change"]
