"""The live gateway: a plain ASGI WebSocket endpoint at ``/live`` (docs/live-protocol.md).

It is our own thin layer rather than Django Channels because broadcast throughput and latency
decide whether a large session survives (docs/architecture.md). One process holds one ``Hub``: the
broker hands it each event frame already encoded, and the hub puts that same text into the
bounded send queue of every local subscriber. A connection whose queue is full is a slow
consumer: it is closed (code 4008) rather than allowed to slow the others or grow without bound.

Topics, snapshots and commands come from ``pavilion.live.registry``; the gateway itself knows
nothing of chat, polls or sessions.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import random
import sys
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from pydantic import ValidationError as SchemaError

from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User
from pavilion.live.aggregates import SAMPLE_EVERY, TICK, Aggregates
from pavilion.live.auth import Credentials, Identity, Standing, identify_many, signed_in
from pavilion.live.broker import RESYNC, Broker, get_broker
from pavilion.live.joins import Admitted, Batcher, Join, Overloaded, answer_joins, answer_joins_at, in_thread
from pavilion.live.memory import full_collection, heap_memory, python_arenas, resident_kb, traced_memory
from pavilion.live.protocol import (
    CLOSE_BAD_TOKEN,
    CLOSE_OVERLOADED,
    CLOSE_SIGNED_OUT,
    CLOSE_SLOW_CONSUMER,
    CommandFrame,
    Hello,
    Ping,
    ProtocolError,
    Subscribe,
    Unsubscribe,
    encode,
    error_frame,
    field_errors,
    hello_frame,
    parse_frame,
)
from pavilion.live.registry import Registry, registry
from pavilion.live.revocation import CONTROL
from pavilion.live.server import FRAMES_EXTENSION, FrameWriter, text_frame
from pavilion.live.topics import Topic, parse_topic

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]

#: Frames waiting for one client before it counts as a slow consumer.
SEND_QUEUE_LIMIT = 256
#: Missed events replayed on a resume; beyond this the client gets a fresh snapshot instead.
RESUME_LIMIT = SEND_QUEUE_LIMIT // 2
#: Topics one connection may follow at once.
MAX_SUBSCRIPTIONS = 50
#: Commands one connection may send: a burst of COMMAND_BURST, refilled at COMMAND_RATE per second.
COMMAND_BURST = 10
COMMAND_RATE = 2.0
#: When a fresh snapshot cannot be had after the broker came back, clients are asked to come back
#: within these seconds (spread at random, so that they do not all arrive in the same second).
RESUME_WITHIN = (1, 2)
logger = logging.getLogger(__name__)
#: The periodic report of the hub's tables (PAVILION_LIVE_REPORT_EVERY), at INFO even in production.
tables_logger = logging.getLogger("pavilion.live.tables")


@dataclass(slots=True)
class Subscription:
    topic: Topic
    last_seq: int = 0
    starting: bool = True
    counted: bool = False  # the connection counts in the topic's presence
    held: list[tuple[int, str]] = field(default_factory=list)


class Connection:
    """One client: its account, its subscriptions, and frames waiting for its single writer.

    Per idle socket this is most of what the gateway keeps (docs/budgets.md: ≤ 25 KB a socket), so
    it has slots, a plain deque rather than an asyncio.Queue, and one writer task; the reading
    side is the ASGI task itself, which a cut interrupts by cancellation.

    With a FrameWriter (``pavilion serve``, see live/server.py) frames go straight to the socket:
    those offered during one turn of the event loop are gathered in ``batch`` and written together
    at the end of it (one system call for all, see Hub.flush_soon), unless the writer still has
    frames waiting. A peer that does not keep up, and every frame under other ASGI servers, goes
    through ``pending`` (ready-made frame bytes, or text for ASGI) and the connection's writer.
    """

    __slots__ = (
        "_refilled",
        "_tokens",
        "batch",
        "close_code",
        "close_reason",
        "frames",
        "hub",
        "pending",
        "reader",
        "standing",
        "stopping",
        "subscriptions",
        "user",
        "wakeup",
        "writer",
    )

    def __init__(
        self, hub: Hub, user: User | None, frames: FrameWriter | None = None, standing: Standing | None = None
    ) -> None:
        self.hub = hub
        self.user = user
        self.standing = standing  # the sign-in a signed-in socket came with (live/auth.py)
        self.frames = frames
        self.subscriptions: dict[str, Subscription] = {}
        self.pending: deque[str | bytes] = deque()  # for the writer, at most SEND_QUEUE_LIMIT
        self.batch: list[bytes] | None = None  # frames for the socket at the end of this loop turn
        self.wakeup: asyncio.Future[None] | None = None  # set while the writer waits for frames
        self.reader: asyncio.Task[Any] | None = None  # the task reading this socket (the ASGI app)
        self.writer: asyncio.Task[None] | None = None
        self.close_code: int | None = None
        self.close_reason = ""
        self.stopping = False  # the peer left, or writing to it failed: no more frames
        self._tokens = float(COMMAND_BURST)
        self._refilled = time.monotonic()

    def send_frame(self, frame: dict[str, Any]) -> None:
        self.offer_text(encode(frame))

    def offer_text(self, text: str, frame: bytes | None = None) -> None:
        """Send ``text``; ``frame`` is the same text as a ready-made WebSocket frame, when the caller has it."""
        if self.close_code is not None or self.stopping:
            return
        item: str | bytes = text
        if self.frames is not None:
            item = frame if frame is not None else text_frame(text)
            if not self.pending:  # the common case: to the socket with this turn's others, no task woken
                if self.batch is None:
                    self.batch = [item]
                    self.hub.flush_soon(self)
                elif len(self.batch) < SEND_QUEUE_LIMIT:
                    self.batch.append(item)
                else:
                    self.cut(CLOSE_SLOW_CONSUMER)
                return
        if len(self.pending) >= SEND_QUEUE_LIMIT:
            self.cut(CLOSE_SLOW_CONSUMER)
            return
        self.pending.append(item)
        self._wake_writer()

    def flush_batch(self) -> None:
        """Write this turn's frames in one go, or hand them to the writer when the peer is behind."""
        batch, self.batch = self.batch, None
        if batch is None or self.frames is None or self.close_code is not None or self.stopping:
            return
        if not self.frames.write_now(batch[0] if len(batch) == 1 else b"".join(batch)):
            self.pending.extend(batch)  # pending is empty while a batch is gathered
            self._wake_writer()

    def _wake_writer(self) -> None:
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)

    def offer_event(self, topic: str, seq: int, text: str, frame: bytes | None = None) -> None:
        subscription = self.subscriptions.get(topic)
        if subscription is None:
            return
        if subscription.starting:
            subscription.held.append((seq, text))
            return
        if seq <= subscription.last_seq:
            return  # already sent (resume and live delivery can overlap)
        subscription.last_seq = seq
        self.offer_text(text, frame)

    def offer_aggregate(self, topic: str, text: str, frame: bytes | None = None) -> None:
        """A presence or tally frame: only once the topic's snapshot has gone out."""
        subscription = self.subscriptions.get(topic)
        if subscription is not None and not subscription.starting:
            self.offer_text(text, frame)

    def revoke(self, subscription: Subscription) -> None:
        """Access to the topic ended: say so, and send nothing more of it."""
        _leave(self, subscription)
        self.send_frame({"type": "revoked", "topic": subscription.topic.name, "reason": "access"})

    @property
    def viewer(self) -> Hashable:
        """Who counts once in presence: the account, or this connection when anonymous."""
        return ("user", self.user.pk) if self.user is not None else ("connection", id(self))

    def cut(self, code: int, reason: str = "") -> None:
        """Close this connection now (slow consumers, overload): its waiting frames are dropped, not awaited."""
        if self.close_code is None:
            self.close_code = code
            self.close_reason = reason
            self.pending.clear()
            self.batch = None
            self._interrupt()

    def writing_failed(self) -> None:
        """The peer went away while we wrote to it: stop reading too."""
        if not self.stopping:
            self.stopping = True
            self._interrupt()

    def _interrupt(self) -> None:
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        if self.reader is not None and not self.reader.done():
            self.reader.cancel()  # the reading loop ends; gateway() tells the peer why

    def take_command_token(self) -> bool:
        now = time.monotonic()
        self._tokens = min(COMMAND_BURST, self._tokens + (now - self._refilled) * COMMAND_RATE)
        self._refilled = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


class Hub:
    """This process's connections by topic, and its share of presence and tallies."""

    def __init__(self) -> None:
        self.topics: dict[str, set[Connection]] = {}
        self.accounts: dict[int, set[Connection]] = {}  # signed-in connections by account
        self._tasks: set[asyncio.Task[None]] = set()  # revisions and unfollows under way
        self.broker: Broker | None = None
        self.aggregates = Aggregates(process=uuid.uuid4().hex)
        self._starting: asyncio.Lock | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._sampling: asyncio.Task[None] | None = None
        self._batched: list[Connection] = []
        self._new_batchers()

    def _new_batchers(self) -> None:
        # Sign-ins and joins arrive in crowds: answered in batches (live/joins.py).
        self.identities: Batcher[Credentials, Identity] = Batcher(self._identify, name="sign-ins")
        self.joins: Batcher[Join, Admitted] = Batcher(self._admit, name="joins")

    @staticmethod
    async def _identify(credentials: list[Credentials]) -> list[Identity]:
        return await in_thread(identify_many, credentials)

    async def _admit(self, joins: list[Join]) -> list[Admitted | BaseException]:
        broker = await self.ensure_started()
        return await answer_joins_at(broker, registry, joins)

    async def ensure_started(self) -> Broker:
        if self.broker is None:
            self._starting = self._starting or asyncio.Lock()
            async with self._starting:
                if self.broker is None:
                    broker = get_broker()
                    await broker.start(self.deliver, self.receive_shared)
                    self.broker = broker
                    self._ticker = asyncio.create_task(self._tick(broker), name="pavilion-live-aggregates")
        return self.broker

    def flush_soon(self, connection: Connection) -> None:
        """Write ``connection``'s batch once the callbacks ready in this loop turn have run.

        When the server keeps up, that is right after the event that started the batch. When it
        falls behind, several events are ready in the same turn, and each socket then gets them
        in one write: the system call per frame was most of a delivery's cost (BENCHMARKS.md).
        """
        if not self._batched:
            asyncio.get_running_loop().call_soon(self._flush)
        self._batched.append(connection)

    def _flush(self) -> None:
        batched, self._batched = self._batched, []
        for connection in batched:
            connection.flush_batch()

    def deliver(self, topic: str, seq: int, text: str) -> None:
        connections = list(self.topics.get(topic, ()))
        if connections:
            frame = text_frame(text)  # once, for every connection that writes frames itself
            for connection in connections:
                connection.offer_event(topic, seq, text, frame)

    def receive_shared(self, shared: dict[str, Any]) -> None:
        if shared.get(RESYNC):
            self.resync()
            return
        control = shared.get(CONTROL)
        if control is None:
            self.aggregates.receive(shared, time.monotonic())
            return
        self._in_background(self.revise(control), "pavilion-live-revision")

    def resync(self) -> None:
        """The broker was unreachable: events may have been missed, and a restarted Redis numbers them
        afresh (higher, live/broker.py ``first_number``). Every subscription gets a fresh snapshot
        where it is (through the join batches, no reconnecting), and goes on from its number."""
        started = [
            (connection, subscription)
            for name, members in self.topics.items()
            for connection in members
            if (subscription := connection.subscriptions.get(name)) is not None and not subscription.starting
        ]
        logger.warning("The broker is back: %d live subscriptions get a fresh snapshot", len(started))
        for connection, subscription in started:
            subscription.starting = True  # events from now on are held until the new snapshot is queued
            subscription.held.clear()
            self._in_background(self._snapshot_again(connection, subscription), "pavilion-live-resync")

    async def _snapshot_again(self, connection: Connection, subscription: Subscription) -> None:
        topic = subscription.topic
        try:
            admitted = await self.joins.submit(Join(topic=topic, user=connection.user, standing=connection.standing))
        except Exception:  # the broker or the database is not back after all: the client resumes later
            connection.cut(CLOSE_OVERLOADED, f"retry-after={random.randint(*RESUME_WITHIN)}")  # noqa: S311
            return
        if connection.subscriptions.get(topic.name) is not subscription:
            return  # it left meanwhile
        if admitted.signed_out:
            connection.cut(CLOSE_SIGNED_OUT)
        elif not admitted.allowed:
            connection.revoke(subscription)
        else:
            _send_start(connection, Subscribe(type="subscribe", topic=topic.name), topic, subscription, None, admitted)

    async def revise(self, control: dict[str, Any]) -> None:
        """Act on a change of live access announced by live/revocation.py, for this process's sockets."""
        try:
            if "end" in control:
                sessions = control.get("sessions")
                for connection in list(self.accounts.get(control["end"], ())):
                    standing = connection.standing
                    if sessions is None or (standing is not None and standing.session_key in sessions):
                        connection.cut(CLOSE_SIGNED_OUT)
            if "accounts" in control:
                await self._recheck_sign_ins(
                    [c for user_id in control["accounts"] for c in self.accounts.get(user_id, ())]
                )
            if "topics" in control or "users" in control:
                await self._recheck_access(control.get("topics"), control.get("users"))
        except Exception:  # a database hiccup: the checks at every subscribe and command still hold
            logger.exception("Revising live access failed: %s", control)

    async def _recheck_sign_ins(self, connections: list[Connection]) -> None:
        checked = [connection for connection in connections if connection.standing is not None]
        if not checked:
            return
        users = await in_thread(signed_in, [connection.standing for connection in checked])
        for connection, user in zip(checked, users, strict=True):
            if user is None:
                connection.cut(CLOSE_SIGNED_OUT)

    async def _recheck_access(self, topics: list[str] | None, users: list[int] | None) -> None:
        if topics is not None:
            pairs = [
                (c, c.subscriptions[name])
                for name in topics
                for c in self.topics.get(name, ())
                if name in c.subscriptions
            ]
        else:
            pairs = [
                (c, s)
                for user_id in users or ()
                for c in self.accounts.get(user_id, ())
                for s in c.subscriptions.values()
            ]
        if users is not None and topics is not None:
            pairs = [(c, s) for c, s in pairs if c.user is not None and c.user.pk in users]
        if not pairs:
            return
        # The joins' own check, without snapshots: one authorize_many per topic.
        checks = [Join(topic=s.topic, user=c.user, snapshot=False) for c, s in pairs]
        answers = await in_thread(answer_joins, registry, checks)
        for (connection, subscription), answer in zip(pairs, answers, strict=True):
            if isinstance(answer, BaseException):
                raise answer
            if not answer.allowed and connection.subscriptions.get(subscription.topic.name) is subscription:
                connection.revoke(subscription)

    async def _tick(self, broker: Broker) -> None:
        """Every TICK: share this process's presence and tallies, then send the frames that changed."""
        sampled = reported = time.monotonic()
        while self.broker is broker:
            await asyncio.sleep(TICK)
            every = settings.PAVILION_LIVE_REPORT_EVERY
            if every and time.monotonic() - reported >= every:
                reported = time.monotonic()
                self.report()
            if time.monotonic() - sampled >= SAMPLE_EVERY and (self._sampling is None or self._sampling.done()):
                sampled = time.monotonic()
                # Beside the ticks, so a slow database never delays presence frames.
                self._sampling = asyncio.create_task(self.sample_presence(registry))
            try:
                shared = self.aggregates.to_share(time.monotonic())
                if shared is not None:
                    await broker.share(shared)
                for topic, text in self.aggregates.frames(time.monotonic()):
                    frame = text_frame(text)
                    for connection in list(self.topics.get(topic, ())):
                        connection.offer_aggregate(topic, text, frame)
            except Exception:  # a broker hiccup must not end presence for the life of the process
                logger.exception("Sharing presence and tallies failed")

    def report(self, *, collect: bool = False) -> None:
        """Log a line of this process's tables (``tables``): every PAVILION_LIVE_REPORT_EVERY seconds,
        and, after a full garbage collection, when the process gets SIGUSR1 (pavilion.asgi)."""
        figures = self.tables(collect=collect)
        tables_logger.info("live tables %s", " ".join(f"{name}={n}" for name, n in figures.items()))

    def tables(self, *, collect: bool = False) -> dict[str, int]:
        """What this process holds now: memory, tasks, connections and every table kept per topic or account.

        Logged every PAVILION_LIVE_REPORT_EVERY seconds (docs/deployment.md); bench/soak.py reads
        it to show that nothing grows over hours of joins and leaves.
        """
        # Objects in reference cycles that lived through a young collection wait for a full one, which
        # comes every PAVILION_FULL_COLLECTION_EVERY seconds (pavilion.asgi): between two, `blocks`
        # counts that garbage too. Collected first, the figures count live objects only.
        collected = (
            {**full_collection(), **python_arenas(), **heap_memory(), **traced_memory(settings.PAVILION_VAR_DIR)}
            if collect
            else {}
        )
        connections = {connection for members in self.topics.values() for connection in members}
        return {
            "pid": os.getpid(),
            "rss_kb": resident_kb(),
            # Python's allocated memory blocks: flat while RSS grows means freed memory kept by the
            # allocator (fragmentation), growing means objects kept alive (a leak), or, unless
            # collected first, garbage that the next full collection frees.
            "blocks": sys.getallocatedblocks(),
            "full_collections": gc.get_stats()[2]["collections"],
            **collected,
            "tasks": len(asyncio.all_tasks()),
            "background": len(self._tasks),
            "connections": len(connections),
            "topics": len(self.topics),
            "accounts": len(self.accounts),
            **self.aggregates.sizes(),
            **(self.broker.sizes() if self.broker is not None else {}),
        }

    def join(self, topic: str, connection: Connection) -> None:
        self.topics.setdefault(topic, set()).add(connection)

    def leave(self, topic: str, connection: Connection) -> None:
        members = self.topics.get(topic)
        if members is not None:
            members.discard(connection)
            if not members:
                del self.topics[topic]
                self._unfollow(topic)

    def _unfollow(self, topic: str) -> None:
        """The topic's last local subscriber left: the broker need not bring its events here any more."""
        if self.broker is not None:
            self._in_background(self.broker.unfollow(topic), "pavilion-live-unfollow")

    def _in_background(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Run ``work`` beside the connections, keeping a reference until it ends; its failure is logged."""
        try:
            task = asyncio.get_running_loop().create_task(work, name=name)
        except RuntimeError:
            work.close()
            return  # no event loop any more (shutting down)
        self._tasks.add(task)
        task.add_done_callback(self._background_done)

    def _background_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.warning("%s failed: %s", task.get_name(), task.exception())

    async def sample_presence(self, registry_: Registry) -> None:
        """Hand this process's viewers, per topic kind, to the kinds' presence sinks (attendance over time)."""
        minute = datetime.now(UTC).replace(second=0, microsecond=0)
        by_kind: dict[str, dict[int, int]] = {}
        for name, viewers in self.aggregates.local_viewers().items():
            topic = parse_topic(name)
            if registry_.kinds.get(topic.kind) and registry_.kinds[topic.kind].presence_sink is not None:
                by_kind.setdefault(topic.kind, {})[topic.key] = viewers
        for kind, counts in sorted(by_kind.items()):
            sink = registry_.kinds[kind].presence_sink
            assert sink is not None
            try:
                await in_thread(sink, counts, minute, self.aggregates.process)
            except Exception:
                logger.exception("Sampling the presence of %s topics failed", kind)

    def broker_available(self) -> bool:
        return self.broker is not None and self.broker.available

    def signed_in(self, connection: Connection) -> None:
        if connection.user is not None:
            self.accounts.setdefault(connection.user.pk, set()).add(connection)

    def signed_off(self, connection: Connection) -> None:
        if connection.user is not None:
            members = self.accounts.get(connection.user.pk)
            if members is not None:
                members.discard(connection)
                if not members:
                    del self.accounts[connection.user.pk]

    def forget(self) -> None:
        """Forget every connection, figure and the broker, without stopping it (its event loop may be gone)."""
        self.topics.clear()
        self.accounts.clear()
        self._batched = []
        self._new_batchers()  # a batch in flight belonged to the old event loop
        self.aggregates = Aggregates(process=uuid.uuid4().hex)
        if self._ticker is not None and not self._ticker.get_loop().is_closed():
            self._ticker.cancel()
        self._ticker = None
        self._sampling = None
        self.broker = None

    async def reset(self) -> None:
        """Forget every connection and stop the broker (tests and shutdown). The other processes are
        told first that this one counts nobody any more, so presence drops at once rather than after
        ``STALE_AFTER``."""
        broker = self.broker
        farewell = self.aggregates.farewell()
        self.forget()
        if broker is not None:
            if broker.available:
                try:
                    await asyncio.wait_for(broker.share(farewell), timeout=FAREWELL_TIMEOUT)
                except Exception as error:  # stopping anyway: the others stop counting after STALE_AFTER
                    logger.warning("Could not tell the other processes this one stops: %s", error)
            await broker.stop()


#: Seconds a stopping process waits to tell the others it counts nobody any more.
FAREWELL_TIMEOUT = 2.0

hub = Hub()


def _query(scope: Scope) -> dict[str, str]:
    parsed = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return {key: values[0] for key, values in parsed.items()}


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            jar.load(value.decode("latin-1"))
            return {key: morsel.value for key, morsel in jar.items()}
    return {}


def origin_allowed(scope: Scope) -> bool:
    """A browser's socket must come from one of the site's own pages: the Origin is the address the
    socket was opened at (its Host), or one of PAVILION_CSRF_TRUSTED_ORIGINS. Clients that are not
    browsers send no Origin (and no victim's cookie with it)."""
    headers = {
        name: value.decode("latin-1") for name, value in scope.get("headers", []) if name in (b"origin", b"host")
    }
    origin = headers.get(b"origin")
    if origin is None:
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    netloc = urlsplit(origin).netloc.lower()
    return bool(netloc) and netloc == headers.get(b"host", "").lower()


async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one WebSocket connection until the peer leaves or is cut."""
    first = await receive()
    if first["type"] != "websocket.connect":
        return
    if not origin_allowed(scope):
        await _refuse(send, CLOSE_SIGNED_OUT, "origin not allowed")
        return
    credentials = Credentials(
        token=_query(scope).get("token"), session_key=_cookies(scope).get(settings.SESSION_COOKIE_NAME)
    )
    try:
        if credentials.token is None and not credentials.session_key:
            identity = Identity(user=None)  # anonymous: nothing to look up
        else:
            hub.identities.admit()
            identity = await hub.identities.submit(credentials)
    except Overloaded as overloaded:
        await _refuse(send, CLOSE_OVERLOADED, f"retry-after={overloaded.retry_after}")
        return
    except Exception:
        logger.exception("Identifying a live connection failed")
        await _refuse(send, CLOSE_OVERLOADED, "retry-after=5")
        return
    if identity.refused:
        await _refuse(send, CLOSE_BAD_TOKEN, "bad or expired token")
        return
    user = identity.user
    try:
        broker = await hub.ensure_started()
    except Exception:  # Redis unreachable when this process first needs it
        logger.exception("Starting the live broker failed")
        await _refuse(send, CLOSE_OVERLOADED, "retry-after=5")
        return
    await send({"type": "websocket.accept"})
    frames = (scope.get("extensions") or {}).get(FRAMES_EXTENSION)
    connection = Connection(hub, user, frames if isinstance(frames, FrameWriter) else None, identity.standing)
    connection.reader = asyncio.current_task()
    connection.writer = asyncio.create_task(_write(connection, send))
    hub.signed_in(connection)
    try:
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                break
            if message["type"] == "websocket.receive":
                await _handle(connection, broker, message.get("text"))
    except asyncio.CancelledError:
        if connection.close_code is None and not connection.stopping:
            raise  # the server is shutting down, not a cut
        _uncancel()
    finally:
        hub.signed_off(connection)
        for subscription in list(connection.subscriptions.values()):
            _leave(connection, subscription)
    await _finish(connection, connection.writer, send)


async def _refuse(send: Send, code: int, reason: str) -> None:
    """Accept, then close with ``code``: a close before accepting reaches browsers as a bare HTTP 403."""
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": code, "reason": reason})


def _uncancel() -> None:
    """The reading loop was interrupted on purpose (a cut): let the rest of gateway() await normally."""
    task = asyncio.current_task()
    if task is not None:
        while task.cancelling():
            task.uncancel()


async def _finish(connection: Connection, writer: asyncio.Task[None], send: Send) -> None:
    """Stop the writer; a cut connection is told why with its close code."""
    if connection.close_code is None and not connection.stopping and not writer.done():
        connection.stopping = True  # the peer left: let the writer send what it has, briefly
        connection._wake_writer()
        with contextlib.suppress(TimeoutError, asyncio.CancelledError, OSError):
            await asyncio.wait_for(asyncio.shield(writer), timeout=1)
    writer.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await writer
    if connection.close_code is not None:
        # A slow consumer may not be reading at all: do not wait on it for long.
        with contextlib.suppress(TimeoutError, OSError, RuntimeError):
            close = {"type": "websocket.close", "code": connection.close_code, "reason": connection.close_reason}
            await asyncio.wait_for(send(close), timeout=5)


async def _write(connection: Connection, send: Send) -> None:
    """The connection's single writer: what waits in ``pending``, in order, until the connection stops."""
    loop = asyncio.get_running_loop()
    pending = connection.pending
    frames = connection.frames
    try:
        while True:
            while pending:
                if frames is None:
                    await send({"type": "websocket.send", "text": pending.popleft()})
                    continue
                await frames.until_writable()
                frame = pending.popleft()
                assert isinstance(frame, bytes)  # a connection with a FrameWriter queues frame bytes
                if not frames.write(frame):
                    connection.writing_failed()
                    return
            if connection.stopping:
                return
            connection.wakeup = loop.create_future()
            await connection.wakeup
            connection.wakeup = None
    except asyncio.CancelledError:
        raise
    except Exception:
        connection.writing_failed()


async def _handle(connection: Connection, broker: Broker, text: str | None) -> None:
    if text is None:
        connection.send_frame(error_frame(ProtocolError("binary", "Binary frames are not accepted; send JSON text.")))
        return
    try:
        frame = parse_frame(text)
        if isinstance(frame, Hello):
            connection.send_frame(hello_frame())
        elif isinstance(frame, Ping):
            connection.send_frame({"type": "pong", **({"ref": frame.ref} if frame.ref is not None else {})})
        elif isinstance(frame, Subscribe):
            await _subscribe(connection, broker, frame, registry)
        elif isinstance(frame, Unsubscribe):
            _unsubscribe(connection, frame)
        elif isinstance(frame, CommandFrame):
            await _command(connection, frame, registry)
    except ProtocolError as error:
        connection.send_frame(error_frame(error))


def _allowed(registry_: Registry, topic: Topic, user: User | None) -> bool:
    kind = registry_.kinds.get(topic.kind)
    return kind is not None and kind.authorize(user, topic.key)


async def _subscribe(connection: Connection, broker: Broker, frame: Subscribe, registry_: Registry) -> None:
    """Snapshot and sequence number, or the missed events after ``since``; then live events.

    Permission and snapshot come from the hub's join batches (live/joins.py); a resume checks
    permission the same way and then sends the missed events from the broker's history.
    """
    topic = parse_topic(frame.topic)
    if topic.name in connection.subscriptions:
        raise ProtocolError("already_subscribed", f"Already subscribed to {topic.name}.", ref=frame.ref)
    if len(connection.subscriptions) >= MAX_SUBSCRIPTIONS:
        raise ProtocolError("too_many_topics", f"At most {MAX_SUBSCRIPTIONS} topics per connection.", ref=frame.ref)
    if topic.kind not in registry_.kinds:
        raise ProtocolError("not_found", f"There is no topic {topic.name} for you.", ref=frame.ref)
    try:
        hub.joins.admit()
    except Overloaded as overloaded:
        connection.cut(CLOSE_OVERLOADED, f"retry-after={overloaded.retry_after}")
        return
    subscription = Subscription(topic=topic)
    connection.subscriptions[topic.name] = subscription
    hub.join(topic.name, connection)  # events from now on are held until the snapshot is queued
    try:
        await broker.follow(topic.name)  # this process receives the topic's events before its number is read
        # More than the send queue takes at once would cut the client as a slow consumer, again at
        # every retry: then it gets a fresh snapshot, which is one frame (history_since says None).
        missed = (
            await broker.history_since(topic.name, frame.since, limit=RESUME_LIMIT) if frame.since is not None else None
        )
        join = Join(topic=topic, user=connection.user, snapshot=missed is None, standing=connection.standing)
        admitted = await hub.joins.submit(join)
        if admitted.signed_out:
            _leave(connection, subscription)
            connection.cut(CLOSE_SIGNED_OUT)
            return
        if not admitted.allowed:
            # The same answer whether the topic does not exist or is closed to this person.
            raise ProtocolError("not_found", f"There is no topic {topic.name} for you.", ref=frame.ref)
        if registry_.kinds[topic.kind].presence:
            subscription.counted = True  # counted once admitted, so a refusal never uncounts anyone
            hub.aggregates.joined(topic.name, connection.viewer)
        _send_start(connection, frame, topic, subscription, missed, admitted)
    except Exception as error:
        _leave(connection, subscription)
        if isinstance(error, ProtocolError):
            raise
        logger.exception("Subscribing to %s failed", topic.name)
        raise ProtocolError(
            "unavailable", "Live updates are unavailable for a moment; try again.", ref=frame.ref
        ) from None


def _send_start(
    connection: Connection,
    frame: Subscribe,
    topic: Topic,
    subscription: Subscription,
    missed: list[tuple[int, str]] | None,
    admitted: Admitted,
) -> None:
    """Queue the snapshot (or the missed events), then what was held meanwhile; then go live."""
    if missed is not None:
        connection.send_frame({"type": "resumed", "topic": topic.name, "seq": frame.since, "ref": frame.ref})
        subscription.last_seq = frame.since or 0
        for seq, text in missed:
            subscription.last_seq = seq
            connection.offer_text(text)
    else:
        data, seq = admitted.data, admitted.seq
        connection.send_frame({"type": "snapshot", "topic": topic.name, "seq": seq, "data": data, "ref": frame.ref})
        subscription.last_seq = seq
    subscription.starting = False
    for seq, text in sorted(subscription.held):
        connection.offer_event(topic.name, seq, text)
    subscription.held.clear()
    if subscription.counted:
        connection.send_frame(hub.aggregates.presence_frame(topic.name, time.monotonic()))


def _leave(connection: Connection, subscription: Subscription) -> None:
    connection.subscriptions.pop(subscription.topic.name, None)
    hub.leave(subscription.topic.name, connection)
    if subscription.counted:
        hub.aggregates.left(subscription.topic.name, connection.viewer)


def _unsubscribe(connection: Connection, frame: Unsubscribe) -> None:
    topic = parse_topic(frame.topic)
    subscription = connection.subscriptions.get(topic.name)
    if subscription is None:
        raise ProtocolError("not_subscribed", f"Not subscribed to {topic.name}.", ref=frame.ref)
    _leave(connection, subscription)
    connection.send_frame({"type": "unsubscribed", "topic": topic.name, "ref": frame.ref})


class SignedOut(Exception):
    """The socket's sign-in ended since it connected."""


def _run_command(
    registry_: Registry, frame: CommandFrame, topic: Topic, user: User | None, standing: Standing | None = None
) -> Any:
    """Check and carry out a command in a worker thread (it may write to the database)."""
    command = registry_.commands[frame.name]
    # The sign-in too: a socket must not go on writing as somebody who has signed out.
    if standing is not None and signed_in([standing])[0] is None:
        raise SignedOut
    # Permission is checked again on every command: access may have been withdrawn since subscribing.
    if not _allowed(registry_, topic, user):
        raise ProtocolError("not_found", f"There is no topic {topic.name} for you.", ref=frame.ref)
    try:
        data = command.schema.model_validate(frame.data)
    except SchemaError as error:
        fields = field_errors(error)
        raise ProtocolError("invalid", "The command's data is not valid.", fields=fields, ref=frame.ref) from None
    try:
        # Refusals come in the account's own language, whichever feature gives them.
        with translation.override(language_of(user)):
            return command.handler(user=user, key=topic.key, data=data)
    except PermissionDenied as error:
        raise ProtocolError("forbidden", str(error) or "You may not do this.", ref=frame.ref) from None
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise ProtocolError("invalid", "The command was refused.", fields=fields, ref=frame.ref) from None


async def _command(connection: Connection, frame: CommandFrame, registry_: Registry) -> None:
    topic = parse_topic(frame.topic)
    command = registry_.commands.get(frame.name)
    if command is None or topic.kind not in command.topic_kinds:
        raise ProtocolError(
            "unknown_command", f"Unknown command {frame.name!r} for {topic.kind} topics.", ref=frame.ref
        )
    if topic.name not in connection.subscriptions:
        raise ProtocolError("not_subscribed", f"Subscribe to {topic.name} before sending commands.", ref=frame.ref)
    if command.needs_account and connection.user is None:
        raise ProtocolError("sign_in", "Sign in to do this.", ref=frame.ref)
    if not connection.take_command_token():
        raise ProtocolError("rate_limited", "Too many commands; slow down.", ref=frame.ref)
    if not connection.hub.broker_available():
        # Nothing is written that the others could not be told of: the client may try again later.
        raise ProtocolError("unavailable", "Live updates are unavailable for a moment; try again.", ref=frame.ref)
    try:
        result = await in_thread(_run_command, registry_, frame, topic, connection.user, connection.standing)
    except SignedOut:
        connection.cut(CLOSE_SIGNED_OUT)
        return
    except ProtocolError:
        raise
    except Exception:
        # The database went away, say: an error frame, not a dropped connection.
        logger.exception("The command %s on %s failed", frame.name, topic.name)
        raise ProtocolError(
            "unavailable", "Live updates are unavailable for a moment; try again.", ref=frame.ref
        ) from None
    if command.tally is not None:
        hub.aggregates.count(topic.name, command.tally, str(result))
        result = None
    connection.send_frame({"type": "ack", "ref": frame.ref, "data": result})
