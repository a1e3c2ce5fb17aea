"""Writing checked submissions: any number of people's answers in one transaction.

Every door ends here: ``services.submit_response`` writes one submission in the caller's thread,
the pages hand theirs to the process's group commit (``batching.py``), which writes everything
queued at once. Checking happens before (``services.check_submission``); what reaches this module
is only written.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from pavilion.accounts.models import User
from pavilion.surveys.models import Answer, Response

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


@dataclass(frozen=True)
class Identity:
    """Who a response belongs to: an account, or a hashed browser session."""

    account: User | None
    session_key_hash: str

    def lookup(self) -> dict[str, Any]:
        return {"respondent": self.account} if self.account is not None else {"session_key_hash": self.session_key_hash}

    @property
    def key(self) -> tuple[int, str]:
        """What tells respondents apart within a survey (0: no account), sortable."""
        return (self.account.pk if self.account is not None else 0, self.session_key_hash)


@dataclass
class Submission:
    """One person's checked answers to one survey (``services.check_submission``), and once written
    their ``response``.

    ``answers`` maps question ids to answer columns (None: the answer is emptied); the survey's
    other questions keep their answers. ``consent`` holds the consent fields to set (empty: left
    as they were).
    """

    survey_id: int
    identity: Identity
    answers: dict[int, dict[str, Any] | None]
    consent: dict[str, Any] = field(default_factory=dict)
    response: Response | None = None


@dataclass
class _Person:
    survey_id: int
    identity: Identity
    answers: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    consent: dict[str, Any] = field(default_factory=dict)


def write_submissions(submissions: Sequence[Submission], *, now: datetime) -> None:
    """Write these submissions in one transaction and set each one's ``response``; raises (and writes
    nothing) if the transaction fails.

    One response per person and survey: a person's first submission creates it (``submitted_at``),
    later ones update it (``updated_at``, answers replaced, an emptied answer removed). Several
    submissions of one person are applied in order, as if sent one after the other. New responses
    are one ``INSERT … ON CONFLICT DO NOTHING`` (a response another process created meanwhile is
    then found, never duplicated), the responses are locked in primary-key order (so two batches
    sharing people wait for each other instead of deadlocking) and read back in one query, and all
    answers are one upsert.
    """
    people: dict[tuple[int, tuple[int, str]], _Person] = {}
    for submission in submissions:
        key = (submission.survey_id, submission.identity.key)
        person = people.setdefault(key, _Person(submission.survey_id, submission.identity))
        person.answers.update(submission.answers)
        person.consent.update(submission.consent)
    ordered = sorted(people)  # the same insertion order in every batch: no deadlock between two of them
    with transaction.atomic():
        new = [
            Response(survey_id=person.survey_id, submitted_at=now, updated_at=now, **person.identity.lookup())
            for person in (people[key] for key in ordered)
        ]
        Response.objects.bulk_create(new, ignore_conflicts=True)
        wanted = []
        for key in ordered:
            survey_id, (account_id, key_hash) = key
            if account_id:
                wanted.append(Q(survey_id=survey_id, respondent_id=account_id))
            else:
                wanted.append(Q(survey_id=survey_id, session_key_hash=key_hash))
        found = Response.objects.select_for_update().filter(functools.reduce(operator.or_, wanted)).order_by("pk")
        rows = {(row.survey_id, (row.respondent_id or 0, row.session_key_hash)): row for row in found}
        touched: list[Response] = []
        consented: list[Response] = []
        answers: list[dict[str, Any]] = []
        emptied: list[Q] = []
        for key in ordered:
            row, person = rows[key], people[key]
            row.updated_at = now
            for name, value in person.consent.items():
                setattr(row, name, value)
            (consented if person.consent else touched).append(row)
            for question_id, columns in person.answers.items():
                if columns is None:
                    emptied.append(Q(response_id=row.pk, question_id=question_id))
                else:
                    answers.append({**EMPTY_ANSWER, **columns, "response_id": row.pk, "question_id": question_id})
        if touched:
            Response.objects.filter(pk__in=[row.pk for row in touched]).update(updated_at=now)
        if consented:
            Response.objects.bulk_update(consented, ["updated_at", "consent_to_share", "consented_at", "consent_text"])
        if answers:
            upsert_answers(answers)
        if emptied:
            Answer.objects.filter(functools.reduce(operator.or_, emptied)).delete()
    for submission in submissions:
        submission.response = rows[(submission.survey_id, submission.identity.key)]
