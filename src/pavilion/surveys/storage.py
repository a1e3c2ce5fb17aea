"""Writing answers: one statement for any number of them (used by every submission path)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from pavilion.surveys.models import Answer

#: The answer columns a submission writes (all of them, so that a changed answer loses its old value).
ANSWER_FIELDS = ["number", "boolean", "text", "country", "choice", "choices"]
EMPTY_ANSWER: dict[str, Any] = {
    "number": None,
    "boolean": None,
    "text": "",
    "country": "",
    "choice_id": None,
    "choices": [],
}
COLUMNS = ["response_id", "question_id", "number", "boolean", "text", "country", "choice_id", "choices"]
#: PostgreSQL types of COLUMNS, for one INSERT … SELECT FROM unnest(arrays) of a whole batch.
PG_TYPES = ["bigint", "bigint", "smallint", "boolean", "text", "varchar", "bigint", "jsonb"]


def upsert_answers(answers: Sequence[dict[str, Any]]) -> None:
    """Insert or update these answers (keys: COLUMNS) in one statement.

    On PostgreSQL a single ``INSERT … SELECT FROM unnest(…) ON CONFLICT (response_id, question_id)
    DO UPDATE``: one array per column, so a batch of thousands of answers costs one round trip and
    no model instances (the ORM's bulk_create spends most of a burst's CPU building them). Elsewhere
    (SQLite) the ORM's ``bulk_create(update_conflicts=True)``, which writes the same rows.
    """
    if connection.vendor != "postgresql":
        Answer.objects.bulk_create(
            [Answer(**answer) for answer in answers],
            update_conflicts=True,
            unique_fields=["response", "question"],
            update_fields=ANSWER_FIELDS,
        )
        return
    from psycopg.types.json import Jsonb

    table = Answer._meta.db_table
    arrays = [[answer[column] for answer in answers] for column in COLUMNS]
    arrays[-1] = [Jsonb(value) for value in arrays[-1]]
    unnest = ", ".join(f"%s::{kind}[]" for kind in PG_TYPES)
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS[2:])
    sql = (
        f"INSERT INTO {table} ({', '.join(COLUMNS)}) SELECT * FROM unnest({unnest}) "  # noqa: S608  (fixed names)
        f"ON CONFLICT (response_id, question_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
