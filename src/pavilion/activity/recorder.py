"""Recording the exhibition's activity without slowing the page: an in-process buffer written in batches.

``record`` only appends a small record to a list under a lock (a few microseconds, see
BENCHMARKS.md); no database work happens on the request's path. A daemon thread writes what has
gathered every ``FLUSH_INTERVAL`` seconds, or at once when ``BATCH_SIZE`` rows wait, with
INSERTs of a hundred rows each, in one transaction; the process writes what is left when it stops (the ASGI
lifespan's shutdown, and ``atexit`` for anything else).

Durability, on purpose: these rows are page-view analytics, not acknowledged writes of anyone. A
crash (kill -9, power loss) loses at most the rows of the last second; a database that is down
keeps them in memory (at most ``MAX_PENDING``, the oldest dropped first) until it is back. Rows
whose booth, item or account was deleted before they were written are dropped.

Tests turn the thread off (``PAVILION_ACTIVITY_IN_BACKGROUND = False``) and call ``flush()``
themselves, so what is written, and when, is deterministic.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, connections, transaction
from django.http import HttpRequest
from django.utils import timezone

from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.exhibition.models import Booth, BoothDocument, BoothVideo, Product

#: Write at least this often (seconds) …
FLUSH_INTERVAL = 1.0
#: … or at once when this many rows wait.
BATCH_SIZE = 500
#: Rows kept while the database cannot be written; beyond this the oldest are dropped.
MAX_PENDING = 50_000
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Activity:
    """One row waiting to be written (ids only: nothing here touches the database)."""

    kind: str
    event_id: int
    booth_id: int | None
    at: datetime
    user_id: int | None = None
    visitor_key: str = ""
    product_id: int | None = None
    video_id: int | None = None
    document_id: int | None = None


class ActivityBuffer:
    def __init__(
        self,
        *,
        batch_size: int = BATCH_SIZE,
        interval: float = FLUSH_INTERVAL,
        limit: int = MAX_PENDING,
        background: bool | None = None,
    ) -> None:
        self.batch_size = batch_size
        self.interval = interval
        self._background = background
        self._pending: deque[Activity] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False
        #: Rows dropped because MAX_PENDING rows were already waiting (the database was down).
        self.dropped = 0

    @property
    def background(self) -> bool:
        if self._background is None:
            return bool(getattr(settings, "PAVILION_ACTIVITY_IN_BACKGROUND", True))
        return self._background

    def add(self, activity: Activity) -> None:
        """Queue one row; wakes the writer when a batch is full. Never touches the database."""
        with self._lock:
            if len(self._pending) == self._pending.maxlen:
                self.dropped += 1
            self._pending.append(activity)
            full = len(self._pending) >= self.batch_size
        if self.background:
            if self._thread is None:
                self._start()
            if full:
                self._wake.set()

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def discard(self) -> None:
        """Forget what waits (tests start each case with an empty buffer)."""
        with self._lock:
            self._pending.clear()

    def flush(self) -> int:
        """Write every waiting row now; the number written. On a database error the rows wait for the next try."""
        with self._lock:
            batch = list(self._pending)
            self._pending.clear()
        if not batch:
            return 0
        try:
            return _write(batch)
        except DatabaseError:
            with self._lock:
                # Back in front of what arrived meanwhile, within the limit (the oldest go first).
                waiting = list(self._pending)
                self._pending.clear()
                self._pending.extend(batch)
                self._pending.extend(waiting)
            raise

    def stop(self) -> None:
        """Write what is left and stop the writer (the process is shutting down)."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._wake.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        try:
            self.flush()
        except DatabaseError:
            logger.exception("Writing the last %d activity rows failed", self.pending())

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None or self._stopping:
                return
            self._thread = threading.Thread(target=self._run, name="pavilion-activity", daemon=True)
        self._thread.start()
        atexit.register(self.stop)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            stopping = self._stopping
            try:
                self.flush()
            except Exception:  # the writer must outlive a database hiccup
                logger.exception("Writing activity rows failed; they wait for the next try")
            finally:
                close_old_connections()
            if stopping:
                connections.close_all()  # this thread's own connection; PostgreSQL would keep it open
                return


_COLUMNS = ("kind", "event_id", "booth_id", "product_id", "video_id", "document_id", "user_id", "visitor_key", "at")


#: Rows per INSERT statement: 100 rows of 9 values stay under SQLite's oldest limit of 999 parameters.
ROWS_PER_STATEMENT = 100


def _insert_sql(rows: int) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _COLUMNS)
    values = ", ".join(["(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"] * rows)
    return f"INSERT INTO {quote(ActivityEvent._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608 (fixed names)


def _write(batch: list[Activity]) -> int:
    """Insert the rows, a hundred per statement, in one transaction.

    Not ``bulk_create``: building a model instance and compiling SQL for each row costs several
    times as much CPU (bench/activity.py), and the writer shares the interpreter with the requests.
    """
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (
            str(a.kind),
            a.event_id,
            a.booth_id,
            a.product_id,
            a.video_id,
            a.document_id,
            a.user_id,
            a.visitor_key,
            adapt(a.at),
        )
        for a in batch
    ]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                chunk = rows[start : start + ROWS_PER_STATEMENT]
                cursor.execute(_insert_sql(len(chunk)), [value for row in chunk for value in row])
        return len(rows)
    except IntegrityError:
        pass
    # Something in the batch points at a booth, item or account deleted since: keep the others.
    written = 0
    single = _insert_sql(1)
    for row in rows:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(single, row)
            written += 1
        except IntegrityError:
            continue
    return written


recorder = ActivityBuffer()


def visitor_key(request: HttpRequest, day: str) -> str:
    """A pseudonym that tells one visitor's actions of one day apart from another's, naming nobody.

    The account when signed in, else the session when there is one, else the address and browser
    (no cookie is set for this), hashed with a key derived from the secret key and the day (UTC),
    so keys cannot be linked from one day to the next nor turned back into who it was.
    """
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is not None and user.is_authenticated:
        identity = f"user:{user.pk}"
    elif session is not None and session.session_key:
        identity = f"session:{session.session_key}"
    else:
        identity = _client(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_USER_AGENT", ""))
    return _pseudonym(identity, day)


def _client(address: str, user_agent: str) -> str:
    return f"client:{address}|{user_agent[:200]}"


def _pseudonym(identity: str, day: str) -> str:
    secret = hashlib.sha256(f"pavilion-activity|{settings.SECRET_KEY}".encode()).digest()
    return hashlib.blake2b(f"{day}|{identity}".encode(), key=secret, digest_size=16).hexdigest()


def record_replayed(note: dict[str, Any], client: dict[str, str]) -> None:
    """A public-cache hook: a page replayed to an anonymous visitor counts like the page shown by Django.

    The visitor has no account and no session (only such visitors are answered from the cache), so
    the pseudonym is the one ``visitor_key`` gives them: their address and browser.
    """
    activity = note.get("booth_activity")  # exhibition/visits.py replay_note
    if not activity:
        return
    now = timezone.now()
    recorder.add(
        Activity(
            kind=activity["kind"],
            event_id=activity["event_id"],
            booth_id=activity["booth_id"],
            product_id=activity["product_id"],
            at=now,
            visitor_key=_pseudonym(_client(client["address"], client["user_agent"]), now.strftime("%Y-%m-%d")),
        )
    )


def record(
    *,
    request: HttpRequest,
    kind: ActivityKind,
    booth: Booth,
    product: Product | None = None,
    video: BoothVideo | None = None,
    document: BoothDocument | None = None,
    by_staff: bool | None = None,
) -> None:
    """Note that this request's visitor did ``kind`` at ``booth`` (written within a second, in a batch).

    Only published booths count, and not their own staff's visits (they look at their booth often
    while they work on it); ``by_staff`` saves the look-up when the caller already knows.
    """
    user = request.user if request.user.is_authenticated else None
    if not booth.is_published:
        return
    if user is not None and (booth.staff.filter(pk=user.pk).exists() if by_staff is None else by_staff):
        return
    now = timezone.now()
    recorder.add(
        Activity(
            kind=kind,
            event_id=booth.event_id,
            booth_id=booth.pk,
            at=now,
            user_id=user.pk if user is not None else None,
            visitor_key=visitor_key(request, now.strftime("%Y-%m-%d")),
            product_id=product.pk if product is not None else None,
            video_id=video.pk if video is not None else None,
            document_id=document.pk if document is not None else None,
        )
    )


def record_booth_activity(
    sender: object,
    *,
    request: HttpRequest,
    kind: str,
    booth: Booth,
    product: Product | None = None,
    document: BoothDocument | None = None,
    by_staff: bool | None = None,
    **kwargs: object,
) -> None:
    """Receiver of the exhibition's ``booth_activity`` signal (exhibition/visits.py)."""
    record(request=request, kind=ActivityKind(kind), booth=booth, product=product, document=document, by_staff=by_staff)
