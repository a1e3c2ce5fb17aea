"""Queries of a fixed shape, asked on every signed-in request, built and compiled once.

Django builds and compiles a query each time it runs it. For the role questions every signed-in
page asks that took most of their cost: the two-factor rule and the header's "Manage events"
took 2.6 and 3.5 ms a question in one process, of which the database's own work was about
0.8 ms; a plain "is this person a focal point of the event?" took 0.34 ms of CPU, 0.08 ms of it
left once compiled. A ``FixedQuery`` builds its query once per process for stand-in ids, keeps
the SQL, and runs it with the real ids in the stand-ins' places. Only for queries whose SQL depends
on nothing but those ids: a query with another varying part needs one ``key`` per variant.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

#: Ids no row has (ids are positive): the query is built for these, and they are replaced before running.
STAND_INS = (-7_013_942_861, -7_013_942_862, -7_013_942_863)


class FixedQuery:
    """``build(*ids)`` (ids of accounts, events …) compiled once per ``key``, then run with other ids."""

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[Hashable, tuple[str, tuple[Any, ...]]] = {}

    def rows(self, *ids: int, key: Hashable = None) -> list[tuple[Any, ...]]:
        """The query's rows for these ids. ``key`` names what else the query's shape depends on (the
        same key must always build the same SQL)."""
        stand_ins = STAND_INS[: len(ids)]
        compiled = self._compiled.get(key)
        if compiled is None:
            sql, params = self._build(*stand_ins).query.sql_with_params()
            if not all(stand_in in params for stand_in in stand_ins):
                raise ValueError("The query does not depend on every id it was built for.")
            compiled = self._compiled[key] = (sql, tuple(params))
        sql, params = compiled
        real = dict(zip(stand_ins, ids, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(sql, [real.get(param, param) if type(param) is int else param for param in params])
            return cursor.fetchall()

    def exists(self, *ids: int, key: Hashable = None) -> bool:
        """Whether the query has a row for these ids (build it with ``[:1]``)."""
        return bool(self.rows(*ids, key=key))
