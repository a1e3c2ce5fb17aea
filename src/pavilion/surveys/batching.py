"""The group commit the survey pages answer through: one commit shared by everyone answering at once.

A page (the survey page, the interest widget's tap and follow-ups) checks its submission in its
own thread (``services.check_submission``: a refusal answers at once and stores nothing), then
hands it to its process's ``ResponseWriter`` and waits. One writer thread takes everything queued
(at most ``MAX_BATCH``), writes it in one transaction (``storage.write_submissions``) and wakes
each waiting request with its outcome. So a burst at a session's end costs one commit (and one
disk flush) per batch instead of one per person, and nobody is told "saved" before the commit
that holds their answers: the acknowledgement *is* the commit.

When a batch's transaction fails, nobody in it is acknowledged. The writer then writes each
submission of the batch on its own, so one person's failure (say, a choice removed while they
answered) does not cost the others their answers; those that fail again are told
``SubmissionFailed`` and their pages say that nothing was stored and to send again. When the
database itself is unavailable, the batch fails at once, without the one-by-one retries.

Under ASGI every request runs in a thread of its own, so requests of one worker wait side by side
and their submissions meet in the queue; no timer holds a submission back to fill a batch (a lone
submission is written at once, alone). Inside a transaction the caller's own connection writes
(``submit_answers``): the writer's connection could not see the caller's uncommitted rows, and
the caller's commit is then the acknowledgement. SQLite works the same way; its writes are
serialised by the database anyway, and a batch is still one commit.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from pavilion.core.errors import database_unavailable
from pavilion.events.access import AnyUser
from pavilion.surveys.models import Question, Response, Survey
from pavilion.surveys.services import check_submission
from pavilion.surveys.storage import Submission, write_submissions

logger = logging.getLogger(__name__)

#: Submissions written in one transaction at most.
MAX_BATCH = 200


class SubmissionFailed(Exception):
    """The answers could not be written and nothing of them was stored; the person may send them again."""


@dataclass
class _Pending:
    submission: Submission
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class ResponseWriter:
    """One process's group commit for survey submissions (see the module's text)."""

    def __init__(self, *, max_batch: int = MAX_BATCH) -> None:
        self.max_batch = max_batch
        self.batches = 0  # transactions committed, for tests and curiosity
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._gate = threading.Lock()
        self._waiting = 0
        self._count_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="survey-writer", daemon=True)
        self._thread.start()

    @property
    def waiting(self) -> int:
        """Submissions handed over and not answered yet."""
        return self._waiting

    def submit(self, submission: Submission) -> Response:
        """Queue this checked submission and return its response once the commit that holds it is
        done; raises SubmissionFailed when it could not be written (nothing of it was)."""
        if connection.settings_dict.get("OPTIONS", {}).get("pool") and not connection.in_atomic_block:
            # While it waits, the request's pooled connection goes back to the pool, where the writer
            # may need it: requests and the gateway's threads can hold every connection of the pool.
            connection.close()
        pending = _Pending(submission)
        with self._count_lock:
            self._waiting += 1
        self._queue.put(pending)
        pending.done.wait()
        if pending.error is not None:
            raise SubmissionFailed(str(pending.error)) from pending.error
        assert submission.response is not None
        return submission.response

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the writer: what is submitted meanwhile waits, then goes into one batch (the tests use
        it to put several people's answers into one batch without relying on timing)."""
        with self._gate:
            yield

    def stop(self) -> None:
        """Write what is queued, then end the writer thread."""
        self._queue.put(None)
        self._thread.join()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        running = True
        while running:
            first = self._queue.get()
            if first is None:
                break
            with self._gate:
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
                    self._write(batch)
                finally:
                    if self._queue.empty():
                        # Back to the pool (or closed) while idle: nothing holds a connection for nothing.
                        connection.close()
                    with self._count_lock:
                        self._waiting -= len(batch)
                    for item in batch:
                        item.done.set()
        connection.close()

    def _write(self, batch: list[_Pending]) -> None:
        try:
            write_submissions([item.submission for item in batch], now=timezone.now())
        except Exception as error:
            connection.close()  # a broken connection is not reused
            logger.warning("A batch of %d survey submissions failed: %r", len(batch), error)
            if len(batch) == 1 or database_unavailable(error):
                for item in batch:
                    item.error = error
                return
        else:
            self.batches += 1
            return
        for item in batch:  # one by one: one person's failure does not cost the others their answers
            try:
                write_submissions([item.submission], now=timezone.now())
            except Exception as error:
                connection.close()
                logger.warning("A survey submission failed on its own: %r", error)
                item.error = error
            else:
                self.batches += 1


_writer: ResponseWriter | None = None
_writer_pid = 0
_writer_lock = threading.Lock()


def response_writer() -> ResponseWriter:
    """This process's writer, started on first use (again in a forked worker, whose threads are gone)."""
    global _writer, _writer_pid
    with _writer_lock:
        if _writer is None or _writer_pid != os.getpid() or not _writer.alive:
            _writer, _writer_pid = ResponseWriter(), os.getpid()
        return _writer


def stop_response_writer() -> None:
    """Write what is queued and end this process's writer (a new one starts on the next submission)."""
    global _writer
    with _writer_lock:
        writer, _writer = _writer, None
    if writer is not None and _writer_pid == os.getpid():
        writer.stop()


def submit_answers(
    *,
    survey: Survey,
    user: AnyUser,
    session_key: str | None,
    answers: Mapping[Any, Any],
    consent: bool | None = None,
    consent_text: str = "",
    questions: Sequence[Question] | None = None,
) -> Response:
    """What the pages call: ``services.submit_response``'s checks and effects, written by the group commit.

    Refusals (PermissionDenied, ValidationError) come at once and store nothing; the return comes
    after the commit that holds the answers; SubmissionFailed when that commit failed.
    """
    submission = check_submission(
        survey=survey,
        user=user,
        session_key=session_key,
        answers=answers,
        consent=consent,
        consent_text=consent_text,
        questions=questions,
    )
    if connection.in_atomic_block:
        write_submissions([submission], now=timezone.now())
        assert submission.response is not None
        return submission.response
    return response_writer().submit(submission)
