"""Admitting crowds: sign-ins and subscriptions answered in batches, off the event loop.

A session opening brings thousands of people within seconds. Answered one by one, each join
costs its own permission check and its own snapshot (tens of queries), and they queue behind each
other on one thread: at a few hundred joins a second the queue outgrows any timeout. Here every
join that arrives while a batch is being answered waits for the next batch, and a batch costs a few
queries however many people it holds: a topic kind's ``authorize_many`` and snapshot parts answer
for all of its viewers at once (live/registry.py). Under light load a batch holds one join and
starts at once; under a crowd batches grow by themselves, without a timer.

Database work runs in a small pool of threads of its own (``PAVILION_LIVE_THREADS``), so that
commands are not stuck behind a batch and no thread is shared with Django's request handling.

Admission control: when the joins waiting would take longer than ``PAVILION_LIVE_JOIN_WAIT`` seconds to
answer at the rate batches have been answered lately, a new join is refused with a retry-after
(the gateway closes with 4429) instead of timing out later with everyone else.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import close_old_connections

from pavilion.accounts.models import User
from pavilion.live.auth import Standing, signed_in
from pavilion.live.broker import Broker
from pavilion.live.registry import Registry
from pavilion.live.topics import Topic

logger = logging.getLogger(__name__)

#: Joins answered in one batch at most (so one batch never holds the database for long).
MAX_BATCH = 500
#: The rate assumed before any batch has been measured (joins per second).
INITIAL_RATE = 500.0

Item = TypeVar("Item")
Result = TypeVar("Result")

_executor: ThreadPoolExecutor | None = None


def executor() -> ThreadPoolExecutor:
    """The live gateway's threads for database work (created on first use, in the serving process)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=settings.PAVILION_LIVE_THREADS, thread_name_prefix="pavilion-live")
    return _executor


def _with_connections_returned(function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
    try:
        return function(*args, **kwargs)
    finally:
        # Outside a request nothing else hands the connection back: to the pool with PostgreSQL,
        # closed with SQLite, kept while CONN_MAX_AGE allows otherwise.
        close_old_connections()


async def in_thread(function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
    """Run database work in one of the live threads and await its result."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor(), partial(_with_connections_returned, function, *args, **kwargs))


class Overloaded(Exception):
    """Too many joins are waiting: come back in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class Batcher(Generic[Item, Result]):
    """Items submitted while a batch runs wait for the next; ``await answer(items)`` gives one result each.

    One batch at a time per batcher (``answer`` hands its database work to ``in_thread``). A result
    that is an exception is raised to its submitter alone.
    """

    def __init__(
        self, answer: Callable[[list[Item]], Awaitable[Sequence[Result | BaseException]]], *, name: str
    ) -> None:
        self._answer = answer
        self._name = name
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._running: asyncio.Task[None] | None = None
        self.rate = INITIAL_RATE  # items answered per second, smoothed over recent batches

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def expected_wait(self) -> float:
        """Seconds until a join submitted now would be answered, at the recent rate."""
        return (len(self._waiting) + 1) / max(self.rate, 1.0)

    def admit(self) -> None:
        """Raise Overloaded when a new item would wait longer than PAVILION_LIVE_JOIN_WAIT seconds."""
        wait = self.expected_wait()
        if wait > settings.PAVILION_LIVE_JOIN_WAIT:
            raise Overloaded(retry_after=min(30, max(1, math.ceil(wait))))

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._run(), name=f"pavilion-live-{self._name}")
        return await future

    async def _run(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            started = time.monotonic()
            try:
                results = await self._answer([item for item, _future in batch])
            except Exception as error:  # the whole batch failed (e.g. the database is down)
                logger.exception("Answering a batch of %d %s failed", len(batch), self._name)
                results = [error] * len(batch)
            took = max(time.monotonic() - started, 0.001)
            self.rate = 0.7 * self.rate + 0.3 * (len(batch) / took) if len(batch) > 5 else self.rate
            for (_item, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue  # its connection went away meanwhile
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)


@dataclass(frozen=True, slots=True)
class Join:
    topic: Topic
    user: User | None
    snapshot: bool = True  # False when the client resumes from the broker's history
    standing: Standing | None = None  # a signed-in socket's sign-in, checked again on every join


@dataclass(frozen=True, slots=True)
class Admitted:
    """A join's answer: whether the person may follow the topic and, if so, their snapshot data
    and the topic's sequence number it was taken at (read before the data); ``signed_out`` when
    the socket's sign-in has ended since it connected."""

    allowed: bool
    data: dict[str, Any] | None = None
    seq: int = 0
    signed_out: bool = False


async def answer_joins_at(broker: Broker, registry: Registry, joins: list[Join]) -> list[Admitted | BaseException]:
    """``answer_joins`` with each topic's sequence number, read once per topic before its data.

    Every join of the batch already holds the topic's new events (the gateway joined the hub
    first), so whatever happens between the reading and the data reaches the client after it.
    """
    seqs = {join.topic.name: 0 for join in joins}
    for name in seqs:
        seqs[name] = await broker.current_seq(name)
    answers = await in_thread(answer_joins, registry, joins)
    return [
        replace(answer, seq=seqs[join.topic.name]) if isinstance(answer, Admitted) else answer
        for join, answer in zip(joins, answers, strict=True)
    ]


def answer_joins(registry: Registry, joins: list[Join]) -> list[Admitted | BaseException]:
    """Permission and snapshot for every join, a topic's joins together (runs in a live thread)."""
    answers: list[Admitted | BaseException] = [Admitted(allowed=False)] * len(joins)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for index, join in enumerate(joins):
        by_topic[join.topic.name].append(index)
    # Sign-ins first (two queries for the batch): a socket whose sign-in ended joins nothing more.
    standings = {index: join.standing for index, join in enumerate(joins) if join.standing is not None}
    for (index, _standing), user in zip(standings.items(), signed_in(list(standings.values())), strict=True):
        if user is None:
            answers[index] = Admitted(allowed=False, signed_out=True)
            by_topic[joins[index].topic.name].remove(index)
    for indexes in by_topic.values():
        if not indexes:
            continue
        topic = joins[indexes[0]].topic
        kind = registry.kinds.get(topic.kind)
        if kind is None:
            continue
        try:
            users = [joins[index].user for index in indexes]
            allowed = kind.authorize_many(users, topic.key)
            admitted = [index for index, yes in zip(indexes, allowed, strict=True) if yes]
            if not admitted:
                continue
            for index in admitted:
                answers[index] = Admitted(allowed=True)
            wanted = [index for index in admitted if joins[index].snapshot]
            if not wanted:
                continue
            viewers = [joins[index].user for index in wanted]
            parts = {name: part(viewers, topic.key) for name, part in kind.snapshot_parts.items()}
            for position, index in enumerate(wanted):
                answers[index] = Admitted(allowed=True, data={name: values[position] for name, values in parts.items()})
        except Exception as error:
            logger.exception("Answering %d joins of %s failed", len(indexes), topic.name)
            for index in indexes:
                answers[index] = error
    return answers


def snapshot(registry: Registry, topic: Topic, user: User | None) -> dict[str, Any] | None:
    """One person's snapshot of a topic as a join would give it, or None when they may not follow it."""
    answer = answer_joins(registry, [Join(topic=topic, user=user)])[0]
    if isinstance(answer, BaseException):
        raise answer
    return answer.data if answer.allowed else None
