"""Many responses to one survey in one transaction: the burst at a session's end, batched.

``submit_responses`` checks each submission exactly as ``services.submit_response`` does (a refused
one is reported and left out, changing nothing), then writes all the others in one transaction:
new responses as one ``INSERT … ON CONFLICT DO NOTHING`` (a response created meanwhile by another
request is simply found), the responses locked and read back in one query, their ``updated_at``
in one update, and every answer as one bulk upsert (on PostgreSQL one ``INSERT … SELECT FROM
unnest`` of the batch's answers, see ``upsert_answers``). Nothing is acknowledged before the
commit, so batching never loses an acknowledged answer; it only shares one commit (and its disk
flush) among many respondents.

``ResponseBatcher`` is the group commit for a process: threads hand it their submissions and wait;
one writer thread takes what has queued up (at most ``max_batch``) and commits it with
``submit_responses``, then wakes each submitter with its own outcome.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from pavilion.events.access import AnyUser
from pavilion.surveys.models import Answer, Question, Response, Survey
from pavilion.surveys.services import (
    Identity,
    can_see_target,
    clean_answers,
    identity_for,
)
from pavilion.surveys.storage import EMPTY_ANSWER, upsert_answers


@dataclass
class Submission:
    """One person's answers, and after ``submit_responses`` its outcome (``response`` or ``error``)."""

    user: AnyUser
    session_key: str | None
    answers: Mapping[Any, Any]
    response: Response | None = None
    error: Exception | None = None
    _identity: Identity | None = field(default=None, repr=False)
    _cleaned: dict[int, dict[str, Any] | None] = field(default_factory=dict, repr=False)


def submit_responses(
    *, survey: Survey, submissions: Sequence[Submission], questions: Sequence[Question], now: datetime | None = None
) -> None:
    """Check every submission and store the accepted ones in one transaction (see the module's text).

    Each submission covers all of ``questions``; consent is left as it was. Two submissions of the
    same person in one batch: the later one wins.
    """
    now = now or timezone.now()
    accepted: dict[tuple[int | None, str], Submission] = {}
    for submission in submissions:
        try:
            if not can_see_target(survey=survey, user=submission.user):
                raise PermissionDenied(gettext("You cannot answer this survey."))
            if not survey.is_open(now):
                raise ValidationError({"survey": gettext("This survey is not open for answers.")})
            submission._identity = identity_for(survey=survey, user=submission.user, session_key=submission.session_key)
            submission._cleaned = clean_answers(questions, submission.answers)
        except (PermissionDenied, ValidationError) as error:
            submission.error = error
            continue
        identity = submission._identity
        key = (identity.account.pk if identity.account is not None else None, identity.session_key_hash)
        accepted[key] = submission
    if not accepted:
        return
    with transaction.atomic():
        Response.objects.bulk_create(
            [
                Response(survey=survey, submitted_at=now, updated_at=now, **submission._identity.lookup())  # type: ignore[union-attr]
                for submission in accepted.values()
            ],
            ignore_conflicts=True,
        )
        accounts = [key[0] for key in accepted if key[0] is not None]
        hashes = [key[1] for key in accepted if key[0] is None]
        found = Response.objects.select_for_update().filter(survey=survey)
        rows = list(found.filter(respondent_id__in=accounts)) if accounts else []
        rows += list(found.filter(session_key_hash__in=hashes)) if hashes else []
        Response.objects.filter(pk__in=[row.pk for row in rows]).update(updated_at=now)
        answers: list[dict[str, Any]] = []
        emptied: list[tuple[int, int]] = []
        for row in rows:
            submission = accepted[(row.respondent_id, row.session_key_hash)]
            row.updated_at = now
            submission.response = row
            for question_id, columns in submission._cleaned.items():
                if columns is None:
                    emptied.append((row.pk, question_id))
                    continue
                answers.append({**EMPTY_ANSWER, **columns, "response_id": row.pk, "question_id": question_id})
        if answers:
            upsert_answers(answers)
        if emptied:
            for response_id, question_id in emptied:
                Answer.objects.filter(response_id=response_id, question_id=question_id).delete()


@dataclass
class _Pending:
    submission: Submission
    done: threading.Event = field(default_factory=threading.Event)


class ResponseBatcher:
    """Group commit of one survey's submissions within a process (see the module's text)."""

    def __init__(self, *, survey: Survey, questions: Sequence[Question], max_batch: int = 200) -> None:
        self.survey, self.questions, self.max_batch = survey, list(questions), max_batch
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write, name="survey-batcher", daemon=True)
        self._writer.start()

    def submit(self, submission: Submission) -> Submission:
        """Queue this submission and wait until the commit that holds it (or its refusal)."""
        pending = _Pending(submission)
        self._queue.put(pending)
        pending.done.wait()
        return submission

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join()

    def _write(self) -> None:
        running = True
        while running:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    running = False
                    break
                batch.append(item)
            try:
                submit_responses(
                    survey=self.survey, submissions=[item.submission for item in batch], questions=self.questions
                )
            except Exception as error:  # the whole transaction failed: nobody is acknowledged
                for item in batch:
                    if item.submission.error is None:
                        item.submission.error = error
                        item.submission.response = None
            finally:
                for item in batch:
                    item.done.set()
        connection.close()  # the writer thread's own connection
