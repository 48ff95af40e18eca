"""Who is tied to whom: network ties between accounts (with their evidence) and offline
relations between persons.

Tables: ``ties``, ``tie_evidence`` and ``relations``. What a tie *means* (a follow counts
only both ways, how strong it is) is :mod:`metanet.graph`'s business, not the store's.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from metanet.store.connection import now
from metanet.store.errors import StoreError
from metanet.store.people import PeopleRows


class TieRows(PeopleRows):
    """Row operations on ties and relations."""

    def add_tie(
        self,
        src_id: int,
        dst_id: int,
        *,
        network: str,
        kind: str,
        directed: bool,
        seen_at: str | None = None,
        capture_id: int | None = None,
        import_id: int | None = None,
        since: str | None = None,
    ) -> int:
        """Record that ``src`` knows ``dst``, with the capture or import that says so.

        ``since`` is when the source says the tie began (an export's "Connected On"): the
        tie's ``first_seen`` is the earliest date any evidence gives.
        """
        if src_id == dst_id:
            raise StoreError("an account cannot be tied to itself")
        seen = seen_at or now()
        first = min(since, seen) if since else seen
        if not directed and src_id > dst_id:
            src_id, dst_id = dst_id, src_id  # one row per undirected pair
        with self.write(savepoint=False):  # raises only before writing
            existing = self._sql.execute(
                "select id, first_seen, last_seen from ties where src_account_id = ? "
                "and dst_account_id = ? and kind = ?",
                [src_id, dst_id, kind],
            ).fetchone()
            if existing:
                tie_id = int(existing[0])
                changed = {}
                if first < existing[1]:
                    changed["first_seen"] = first
                if seen > (existing[2] or ""):
                    changed["last_seen"] = seen
                self._sql.update("ties", tie_id, changed)
            else:
                tie_id = self._sql.insert(
                    "ties",
                    {
                        "src_account_id": src_id,
                        "dst_account_id": dst_id,
                        "network": network,
                        "kind": kind,
                        "directed": int(directed),
                        "first_seen": first,
                        "last_seen": seen,
                    },
                )
            self._sql.insert(
                "tie_evidence",
                {
                    "tie_id": tie_id,
                    "capture_id": capture_id,
                    "import_id": import_id,
                    "seen_at": seen,
                },
            )
        return tie_id

    def relate(
        self,
        a_person: int,
        b_person: int,
        label: str,
        *,
        strength: float | None = None,
        note: str | None = None,
        source: str = "user",
        created_at: str | None = None,
    ) -> int:
        """An offline relation typed by the user ("golf partner"), person to person.

        The rules a relation must meet (label length, strength range) are checked by the
        service that takes the user's input (``services.people.relate``). ``created_at``:
        when it was first said (an export read back), now by default.
        """
        if a_person == b_person:
            raise StoreError("a person cannot be related to themselves")
        label = label.strip()
        if not label:
            raise StoreError("a relation needs a label, e.g. 'neighbour'")
        self.person(a_person)
        self.person(b_person)
        a_person, b_person = sorted((a_person, b_person))
        key = {"a_person_id": a_person, "b_person_id": b_person, "label": label}
        # Saying the same relation again keeps what it had: no strength or note is erased.
        given = {k: v for k, v in (("strength", strength), ("note", note)) if v is not None}
        with self.write():
            self._sql.insert(
                "relations",
                {**key, **given, "source": source, "created_at": created_at or now()},
                ignore=True,
            )
            relation_id = int(
                self._sql.value(
                    "select id from relations where a_person_id = ? and b_person_id = ? "
                    "and label = ?",
                    [a_person, b_person, label],
                )
            )
            self._sql.update("relations", relation_id, given)
        return relation_id

    def person_ties(
        self, person_id: int, others: Collection[int] | None = None
    ) -> list[dict[str, Any]]:
        """Every tie of a person to another person (only to ``others`` when given): network
        ties and offline relations.

        Each row: ``other`` (person id), ``network``, ``kind`` (contact, friend, follows,
        or the relation's label), ``direction`` (both, out, in) and ``since``. These are
        the rows as recorded; whom the person *knows* is :func:`metanet.graph.knows`.
        """
        if others is not None:
            return self._ties_between(person_id, sorted(set(others)))
        sql = """
        select b.person_id as other, t.network, t.kind,
               case when t.directed = 0 then 'both' else 'out' end as direction,
               t.first_seen as since
          from accounts a join ties t on t.src_account_id = a.id
          join accounts b on b.id = t.dst_account_id
         where a.person_id = :p and b.person_id != :p
        union all
        select a.person_id, t.network, t.kind,
               case when t.directed = 0 then 'both' else 'in' end, t.first_seen
          from accounts b join ties t on t.dst_account_id = b.id
          join accounts a on a.id = t.src_account_id
         where b.person_id = :p and a.person_id != :p
        union all
        select case when r.a_person_id = :p then r.b_person_id else r.a_person_id end,
               'offline', r.label, 'both', r.created_at
          from relations r where r.a_person_id = :p or r.b_person_id = :p
        """
        return self._sql.query(sql, {"p": person_id})

    def _ties_between(self, person_id: int, others: list[int]) -> list[dict[str, Any]]:
        """:meth:`person_ties` to a few ``others`` (the person page's first 100 of a hub's
        ~1,800): ``cross join`` makes SQLite pair the two persons' accounts and look each
        pair up in the ties' (source, destination) index — ~2 ms — instead of walking all
        of the person's ties (~25 ms)."""
        if not others:
            return []
        found: list[dict[str, Any]] = []
        for start in range(0, len(others), 500):
            chunk = others[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"""
            select b.person_id as other, t.network, t.kind,
                   case when t.directed = 0 then 'both' else 'out' end as direction,
                   t.first_seen as since
              from accounts a cross join accounts b cross join ties t
             where a.person_id = ? and b.person_id in ({marks}) and b.person_id != a.person_id
               and t.src_account_id = a.id and t.dst_account_id = b.id
            union all
            select a.person_id, t.network, t.kind,
                   case when t.directed = 0 then 'both' else 'in' end, t.first_seen
              from accounts b cross join accounts a cross join ties t
             where b.person_id = ? and a.person_id in ({marks}) and a.person_id != b.person_id
               and t.src_account_id = a.id and t.dst_account_id = b.id
            union all
            select case when r.a_person_id = ? then r.b_person_id else r.a_person_id end,
                   'offline', r.label, 'both', r.created_at
              from relations r
             where (r.a_person_id = ? and r.b_person_id in ({marks}))
                or (r.b_person_id = ? and r.a_person_id in ({marks}))
            """
            p = person_id
            found += self._sql.query(sql, [p, *chunk, p, *chunk, p, p, *chunk, p, *chunk])
        return found

    def offline_labels(self, a: int, b: int) -> list[str]:
        """The labels of the offline relations between two persons, sorted."""
        rows = self._sql.execute(
            "select label from relations where a_person_id = ? and b_person_id = ? order by label",
            [min(a, b), max(a, b)],
        )
        return [str(label) for (label,) in rows]

    def relations_of(self, person_id: int) -> list[dict[str, Any]]:
        """The person's offline relations, newest first, each with the other side's name."""
        return self._sql.query(
            "select r.id, r.label, r.strength, r.note, r.created_at, p.id as other, "
            "p.name as other_name, p.is_me as other_is_me from relations r join persons p on "
            "p.id = case when r.a_person_id = :p then r.b_person_id else r.a_person_id end "
            "where r.a_person_id = :p or r.b_person_id = :p order by r.created_at desc, r.id",
            {"p": person_id},
        )

    def export_ties(self) -> list[dict[str, Any]]:
        """Every network tie, account to account by (network, key), in the order stored
        (``dst_network``: a page's tie may lead to an account of another network)."""
        return self._sql.query(
            "select a.network as network, a.key as src, b.key as dst, "
            "b.network as dst_network, t.kind, t.directed, "
            "t.first_seen, t.last_seen from ties t join accounts a on a.id = t.src_account_id "
            "join accounts b on b.id = t.dst_account_id order by t.id"
        )

    def export_relations(self) -> list[dict[str, Any]]:
        """Every offline relation, in the order stored."""
        return self._sql.query(
            "select a_person_id, b_person_id, label, strength, note, created_at "
            "from relations order by id"
        )
