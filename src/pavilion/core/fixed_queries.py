"""Queries of a fixed shape, asked on every signed-in request, built and compiled once.

Django builds and compiles a query each time it runs it. For the two role questions every
signed-in page asks (does this account need a second factor? does the header offer "Manage
events"?) that took most of their cost: 2.6 and 3.5 ms a question in one process, of which the
database's own work was about 0.8 ms. A ``FixedQuery`` builds its query once per process (and
database) for a stand-in account id, keeps the SQL, and runs it with the real id in the stand-in's
place. Only for queries whose SQL depends on nothing but that id: a query with another varying
part needs a ``FixedQuery`` per variant (``key``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

#: An id no account has (ids are positive): a query is built for it, and it is replaced before running.
STAND_IN = -7_013_942_861


class FixedQuery:
    """``build(account_id)`` compiled once per database and ``key``, then run with other ids."""

    def __init__(self, build: Callable[[int], QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[tuple[str, Hashable], tuple[str, tuple[Any, ...]]] = {}

    def rows(self, account_id: int, *, key: Hashable = None) -> list[tuple[Any, ...]]:
        """The query's rows for ``account_id``. ``key`` names what else the query's shape depends
        on (the same key must always build the same SQL)."""
        compiled = self._compiled.get((DEFAULT_DB_ALIAS, key))
        if compiled is None:
            sql, params = self._build(STAND_IN).query.sql_with_params()
            if STAND_IN not in params:
                raise ValueError("The query does not depend on the account id it was built for.")
            compiled = self._compiled[(DEFAULT_DB_ALIAS, key)] = (sql, tuple(params))
        sql, params = compiled
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(sql, [account_id if param == STAND_IN else param for param in params])
            return cursor.fetchall()
