"""Brokers: number each topic's events, keep a short history for resuming, and deliver them.

``publish`` is called from Django code (a worker thread, after the transaction commits); it gives
the event the topic's next sequence number, encodes the event frame once and hands it to every
gateway process, which writes the same text to all its local subscribers.

- MemoryBroker: one process (the embedded default).
- RedisBroker: many processes or machines; sequence, history and fan-out are done by one Lua
  script in Redis, so the order is the same everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from pavilion.live.protocol import encode

#: Events kept per topic for resuming after a reconnect (PAVILION_LIVE_HISTORY sets it; this is its default).
HISTORY = 500
#: What a broker shares with its own process when it reconnected after losing its connection: events
#: may have been missed meanwhile, and a restarted Redis numbers topics afresh (the hub then gives
#: every subscription a fresh snapshot, live/gateway.py ``Hub.resync``).
RESYNC = "resync"
#: Seconds between attempts to reach Redis again, doubling up to the second figure.
RECONNECT_DELAYS = (0.2, 1.0)
logger = logging.getLogger(__name__)
#: (topic, seq, encoded event frame) → delivered to the local subscribers.
Deliver = Callable[[str, int, str], None]
#: What a gateway process shares with all the others (presence and tallies, live/aggregates.py).
ReceiveShared = Callable[[dict[str, Any]], None]


def event_text(topic: str, seq: int, event: Any) -> str:
    return encode({"type": "event", "topic": topic, "seq": seq, "event": event})


class Broker(Protocol):
    #: False while the broker cannot deliver (Redis unreachable): commands are refused meanwhile.
    available: bool

    def publish(self, topic: str, event: Any) -> int: ...

    async def start(self, deliver: Deliver, receive_shared: ReceiveShared) -> None: ...

    async def stop(self) -> None: ...

    async def follow(self, topic: str) -> None:
        """Deliver ``topic``'s events to this process from now on (its first local subscriber joined);
        returns once that holds, so a snapshot read afterwards misses nothing."""

    async def unfollow(self, topic: str) -> None:
        """This process no longer needs ``topic``'s events (its last local subscriber left)."""

    async def share(self, shared: dict[str, Any]) -> None:
        """Hand ``shared`` to every gateway process (this one included); not kept, not numbered."""

    def announce(self, shared: dict[str, Any]) -> None:
        """``share`` from Django code (any thread): e.g. "close the sockets of this sign-in" (live/revocation.py)."""

    async def current_seq(self, topic: str) -> int: ...

    async def history_since(self, topic: str, seq: int, limit: int = HISTORY) -> list[tuple[int, str]] | None:
        """The events after ``seq``, oldest first; None when the client needs a fresh snapshot instead:
        some of them are no longer kept, ``seq`` is not this numbering's, or there are more than
        ``limit`` (replayed, they would be more than a snapshot)."""
        ...

    def sizes(self) -> dict[str, int]:
        """The sizes of the broker's own tables, for the gateway's report (``PAVILION_LIVE_REPORT_EVERY``)."""
        ...


def first_number() -> int:
    """Where a topic's numbering starts: the time in microseconds (about 1.8 x 10^15 in 2027).

    Numbers never go back, even when the counters are lost (a Redis restarted empty, a restarted
    process with the in-memory broker): a counter started later starts higher than any number the
    lost one reached, since no topic publishes a million events a second. A browser that slept
    through the loss and comes back with its old number then asks for events older than the
    oldest kept, and gets a fresh snapshot, instead of being sent the new events after its number
    as if they followed what it has. (JavaScript's numbers are exact up to 9 x 10^15: until 2255.)
    """
    return time.time_ns() // 1000


class MemoryBroker:
    """Events of one process; thread-safe publishing, delivery on the gateway's event loop."""

    available = True

    def __init__(self, history: int = HISTORY) -> None:
        self._lock = threading.Lock()
        self._seq: dict[str, int] = {}
        self._history: dict[str, deque[tuple[int, str]]] = {}
        self._size = history
        self._deliver: Deliver | None = None
        self._receive_shared: ReceiveShared | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def publish(self, topic: str, event: Any) -> int:
        with self._lock:
            seq = self._seq.get(topic, first_number()) + 1
            self._seq[topic] = seq
            text = event_text(topic, seq, event)
            self._history.setdefault(topic, deque(maxlen=self._size)).append((seq, text))
            deliver, loop = self._deliver, self._loop
        if deliver is not None and loop is not None:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                deliver(topic, seq, text)
            else:
                loop.call_soon_threadsafe(deliver, topic, seq, text)
        return seq

    def sizes(self) -> dict[str, int]:
        # One process keeps every topic's numbering and history for resuming (the embedded default).
        with self._lock:
            return {"history_topics": len(self._seq)}

    async def start(self, deliver: Deliver, receive_shared: ReceiveShared) -> None:
        with self._lock:
            self._deliver = deliver
            self._receive_shared = receive_shared
            self._loop = asyncio.get_running_loop()

    async def stop(self) -> None:
        with self._lock:
            self._deliver = None
            self._receive_shared = None
            self._loop = None

    async def share(self, shared: dict[str, Any]) -> None:
        if self._receive_shared is not None:
            self._receive_shared(shared)

    async def follow(self, topic: str) -> None:
        """One process: it has every topic's events already."""

    async def unfollow(self, topic: str) -> None:
        """One process: nothing to stop."""

    def announce(self, shared: dict[str, Any]) -> None:
        with self._lock:
            receive, loop = self._receive_shared, self._loop
        if receive is not None and loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(receive, shared)

    async def current_seq(self, topic: str) -> int:
        with self._lock:
            return self._seq.setdefault(topic, first_number())

    def kept(self, topic: str) -> list[tuple[int, str]]:
        """The topic's events still kept, oldest first: everything published on it, up to ``history``."""
        with self._lock:
            return list(self._history.get(topic, ()))

    async def history_since(self, topic: str, seq: int, limit: int = HISTORY) -> list[tuple[int, str]] | None:
        with self._lock:
            current = self._seq.get(topic, 0)
            kept = list(self._history.get(topic, ()))
        return _missed(kept, seq, current, limit)


def _missed(kept: list[tuple[int, str]], seq: int, current: int, limit: int = HISTORY) -> list[tuple[int, str]] | None:
    """``history_since`` from the events kept (all of them, or those after ``seq``: a topic's numbers
    follow each other, so the event after ``seq`` is kept exactly when the first kept is not later)."""
    if seq > current or seq < 0:
        return None
    if seq == current:
        return []
    missed = [(number, text) for number, text in kept if number > seq]
    if not missed or missed[0][0] > seq + 1 or len(missed) > limit:
        return None
    return missed


# A topic's counter starts at Redis's clock in microseconds (``first_number``), written as a string:
# Lua's numbers would print 1.8e15 in exponent form. The counter is read back with GET for the same reason.
_START = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  local now = redis.call('TIME')
  redis.call('SET', KEYS[1], now[1] .. string.sub('000000' .. now[2], -6))
end
"""
_CURRENT = _START + "return redis.call('GET', KEYS[1])"
# Sequence, history and fan-out in one step, so every process sees one order.
_PUBLISH = (
    _START
    + """
redis.call('INCR', KEYS[1])
local seq = redis.call('GET', KEYS[1])
local text = '{"type":"event","topic":"' .. ARGV[1] .. '","seq":' .. seq .. ',"event":' .. ARGV[2] .. '}'
redis.call('ZADD', KEYS[2], seq, text)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PUBLISH', KEYS[3], seq .. ' ' .. text)
return seq
"""
)


class RedisBroker:
    """Events shared by every process through Redis (PAVILION_REDIS_URL).

    A process subscribes to a topic's channel when its first local subscriber joins and leaves it
    when the last one leaves (``follow``/``unfollow``), so a host receives the rooms it serves only,
    not every event of every room (BENCHMARKS.md, "Redis traffic per host").

    When Redis cannot be reached the listener tries again (0.2 s, doubling to 1 s) and ``available``
    is False meanwhile; once it is back, the process is told ``{RESYNC: True}`` and its subscribers
    get fresh snapshots (events were missed meanwhile, and a restarted Redis numbers topics afresh).

    Keys live in the URL's database, but Redis's channels are one namespace for the whole server:
    the channels' names carry the database number, so two sites that share a Redis server on
    different databases (staging and production, a test run beside a benchmark) never hear each
    other's events. Before, they did: a chat line of one reached the clients of the other.
    """

    PREFIX = "pavilion:live:"

    def __init__(self, url: str, history: int = HISTORY) -> None:
        import redis
        import redis.asyncio

        self._url = url
        self._size = history
        self._sync = redis.Redis.from_url(url)
        database = int(self._sync.connection_pool.connection_kwargs.get("db") or 0)
        self._channel_prefix = f"{self.PREFIX}{database}:topic:"
        self.shared_channel = f"{self.PREFIX}{database}:shared"
        self._script = self._sync.register_script(_PUBLISH)
        # A blocking pool: a burst of subscriptions waits for a free connection instead of failing.
        pool = redis.asyncio.BlockingConnectionPool.from_url(url, max_connections=64, timeout=10)
        self._async = redis.asyncio.Redis(connection_pool=pool)
        self._current = self._async.register_script(_CURRENT)
        self._listener: asyncio.Task[None] | None = None
        self.available = False
        self._pubsub: Any = None  # the listening connection, while there is one
        self._wanted: set[str] = set()  # topics with local subscribers
        self._channels: dict[str, asyncio.Future[None]] = {}  # subscribed channel → Redis's confirmation
        self._changing: asyncio.Lock | None = None  # one SUBSCRIBE or UNSUBSCRIBE at a time, in order

    def _keys(self, topic: str) -> list[str]:
        return [f"{self.PREFIX}seq:{topic}", f"{self.PREFIX}history:{topic}", f"{self._channel_prefix}{topic}"]

    def publish(self, topic: str, event: Any) -> int:
        payload = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
        return int(self._script(keys=self._keys(topic), args=[topic, payload, self._size]))

    def sizes(self) -> dict[str, int]:
        return {"followed": len(self._wanted), "channels": len(self._channels)}

    async def start(self, deliver: Deliver, receive_shared: ReceiveShared) -> None:
        self._changing = asyncio.Lock()
        pubsub = await self._subscribed()  # the first time, an unreachable Redis is the caller's error
        self._listener = asyncio.create_task(self._listen(pubsub, deliver, receive_shared), name="pavilion-live-redis")

    async def _subscribed(self) -> Any:
        """A listening connection with the shared channel and every wanted topic's channel."""
        assert self._changing is not None
        async with self._changing:
            pubsub = self._async.pubsub()
            await pubsub.subscribe(self.shared_channel)
            self._channels = {}
            for topic in sorted(self._wanted):
                await self._subscribe(pubsub, self._keys(topic)[2])
            self._pubsub = pubsub
            self.available = True
            return pubsub

    async def _subscribe(self, pubsub: Any, channel: str) -> None:
        self._channels[channel] = asyncio.get_running_loop().create_future()
        await pubsub.subscribe(channel)

    async def follow(self, topic: str) -> None:
        self._wanted.add(topic)
        channel = self._keys(topic)[2]
        confirmed = self._channels.get(channel)
        if confirmed is not None and confirmed.done() and confirmed.exception() is None:
            return  # the common case in a crowd: the room is followed already
        assert self._changing is not None, "start the broker first"
        async with self._changing:
            if self._pubsub is None:
                raise ConnectionError("Redis cannot be reached")
            if channel not in self._channels:
                await self._subscribe(self._pubsub, channel)
            confirmed = self._channels[channel]
        # Redis confirms on the listening connection: from then on every event of the topic comes here.
        await asyncio.wait_for(asyncio.shield(confirmed), timeout=10)

    async def unfollow(self, topic: str) -> None:
        self._wanted.discard(topic)
        channel = self._keys(topic)[2]
        if self._changing is None:
            return
        async with self._changing:
            # Somebody may have joined again meanwhile; then the channel stays.
            if topic in self._wanted or channel not in self._channels or self._pubsub is None:
                return
            self._channels.pop(channel)
            await self._pubsub.unsubscribe(channel)

    def _lost_connection(self) -> None:
        self._pubsub = None
        for confirmed in self._channels.values():
            if not confirmed.done():
                confirmed.set_exception(ConnectionError("Redis cannot be reached"))
                confirmed.exception()  # retrieved here: a follow() waiting on it raises its own copy
        self._channels = {}

    async def _listen(self, pubsub: Any, deliver: Deliver, receive_shared: ReceiveShared) -> None:
        """Deliver what Redis publishes; when the connection is lost, reconnect and say so (RESYNC)."""
        import redis

        prefix = len(self._channel_prefix)
        shared = self.shared_channel.encode()
        delay = RECONNECT_DELAYS[0]
        while True:
            try:
                if pubsub is None:
                    # Connections made before the outage are dead: drop them, new ones come as needed.
                    await self._async.connection_pool.disconnect()
                    pubsub = await self._subscribed()
                    delay = RECONNECT_DELAYS[0]
                    logger.warning("Redis is reachable again: live clients resume")
                    receive_shared({RESYNC: True})
                async for message in pubsub.listen():
                    channel = message["channel"]
                    if message["type"] == "subscribe":
                        confirmed = self._channels.get(channel.decode())
                        if confirmed is not None and not confirmed.done():
                            confirmed.set_result(None)
                    elif message["type"] != "message":
                        continue
                    elif channel == shared:
                        receive_shared(json.loads(message["data"]))
                    else:
                        seq, _space, text = message["data"].decode().partition(" ")
                        deliver(channel.decode()[prefix:], int(seq), text)
            except (redis.RedisError, OSError) as error:
                if self.available:
                    logger.warning("Redis cannot be reached (%s): live commands are refused until it is back", error)
                self.available = False
                self._lost_connection()
                if pubsub is not None:
                    with contextlib.suppress(Exception):
                        await pubsub.aclose()
                pubsub = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_DELAYS[1])

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            self._listener = None
        self.available = False
        self._lost_connection()
        await self._async.aclose()

    async def share(self, shared: dict[str, Any]) -> None:
        await self._async.publish(self.shared_channel, json.dumps(shared, separators=(",", ":"), ensure_ascii=False))

    def announce(self, shared: dict[str, Any]) -> None:
        self._sync.publish(self.shared_channel, json.dumps(shared, separators=(",", ":"), ensure_ascii=False))

    async def current_seq(self, topic: str) -> int:
        return int(await self._current(keys=self._keys(topic)[:1]))

    async def history_since(self, topic: str, seq: int, limit: int = HISTORY) -> list[tuple[int, str]] | None:
        # Only the events after ``seq``, and one more than ``limit`` at most: a crowd resuming at once
        # (a worker restarted) reads a few events each, not the whole history each, and so holds a
        # pooled connection for a moment only.
        seq_key, history_key, _channel = self._keys(topic)
        async with self._async.pipeline(transaction=True) as pipe:
            pipe.get(seq_key)
            pipe.zrangebyscore(history_key, f"({seq}", "+inf", start=0, num=limit + 1, withscores=True)
            current_raw, rows = await pipe.execute()
        after = [(int(score), text.decode()) for text, score in rows]
        return _missed(after, seq, int(current_raw or 0), limit)


_broker: Broker | None = None
_broker_lock = threading.Lock()


def get_broker() -> Broker:
    """This process's broker: Redis when PAVILION_REDIS_URL is set, otherwise in memory."""
    global _broker
    with _broker_lock:
        if _broker is None:
            url, history = settings.PAVILION_REDIS_URL, settings.PAVILION_LIVE_HISTORY
            _broker = RedisBroker(url, history) if url else MemoryBroker(history)
        return _broker


def publish_on_commit(topic: str, event: Any) -> None:
    """Publish ``event`` on ``topic`` once the current transaction commits (never before).

    The write is stored by then: if the broker cannot take the event (Redis just went away), that
    is logged and the write stands; followers see it in their next snapshot, which they get when
    the broker is back (RESYNC).
    """

    def publish() -> None:
        try:
            get_broker().publish(topic, event)
        except Exception:
            logger.exception("Publishing on %s failed; the change is stored and in the next snapshot", topic)

    transaction.on_commit(publish)
