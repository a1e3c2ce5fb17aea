"""A live client that behaves as live.js does under faults, for the fault tests and bench/faults.py.

It follows one topic. When its socket drops (a killed worker) it reconnects after a short random
pause; when the server closes with 4429 it waits the ``retry-after`` seconds plus up to half more.
Either way it subscribes again with ``since`` (the last sequence number it applied), so the server
sends the missed events, or a fresh snapshot when they are no longer kept.

It keeps the chat as a client would (message ids, from the snapshot and the ``added`` events) and
counts what would be wrong: an event number skipped (a gap) or a message seen twice (a duplicate).
A chat line whose text ends with `` t=<unix time>`` (as bench/faults.py sends them) is timed from
sending to arrival (``latencies``). ``pause()`` makes the client stop reading its socket, as a
stalled phone would, until ``resume_reading()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import time
from typing import Any

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

#: Pause before reconnecting after a dropped socket (seconds, random within): live.js starts at 1 s.
DROPPED_PAUSE = (0.2, 0.6)
#: Seconds a command may wait for its answer.
COMMAND_TIMEOUT = 10.0


class ResumingClient:
    def __init__(
        self, url: str, topic: str, *, cookie: str | None = None, name: str = "", receive_buffer: int | None = None
    ) -> None:
        self.url = url
        self.receive_buffer = receive_buffer  # the socket's SO_RCVBUF in bytes (a small one fills sooner)
        self.reading = asyncio.Event()
        self.reading.set()
        self.latencies: list[tuple[float, float]] = []  # (arrival, seconds since sent) of timed chat lines
        self.topic = topic
        self.headers = {"Cookie": cookie} if cookie else None
        self.name = name
        self.seq: int | None = None
        self.messages: list[int] = []  # chat message ids, in the order the client shows them
        self.seen: set[int] = set()  # every chat message id this client was ever shown
        self.first_live: float | None = None  # when the first snapshot arrived (monotonic)
        self.went_live: list[float] = []  # every time it became live (snapshot or resume)
        self.snapshots = 0
        self.resumes = 0
        self.gaps = 0
        self.duplicates = 0
        self.reconnects = 0
        self.closes: list[tuple[int | None, str]] = []
        self.refused: str | None = None  # the code of a subscription the server refused for good
        self.live = asyncio.Event()  # set while subscribed (after the snapshot or the resume)
        self.lost_at: float | None = None  # when the current outage began (monotonic)
        self.recovered_in: list[float] = []  # seconds from each drop to being live again
        self._socket: Any = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._refs = 0
        self._task: asyncio.Task[None] | None = None
        self._stopped = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"client {self.name}")

    async def stop(self) -> None:
        self._stopped = True
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _run(self) -> None:
        while not self._stopped:
            pause = random.uniform(*DROPPED_PAUSE)  # noqa: S311
            try:
                extra = await self._connection()
                async with websockets.connect(
                    self.url, additional_headers=self.headers, open_timeout=20, **extra
                ) as socket_:
                    self._socket = socket_
                    subscribe: dict[str, Any] = {"type": "subscribe", "topic": self.topic, "ref": "subscribe"}
                    if self.seq is not None:
                        subscribe["since"] = self.seq
                    await socket_.send(json.dumps(subscribe))
                    async for raw in socket_:
                        await self.reading.wait()
                        self._receive(json.loads(raw))
            except ConnectionClosed as closed:
                received = closed.rcvd
                self.closes.append((received.code, received.reason) if received else (None, ""))
                if received is not None and received.code == 4429:
                    seconds = float(received.reason.partition("=")[2] or 2)
                    pause = seconds * random.uniform(1.0, 1.5)  # noqa: S311
            except (OSError, InvalidHandshake, TimeoutError):
                pass
            self._lost()
            if self._stopped:
                return
            self.reconnects += 1
            await asyncio.sleep(pause)

    async def _connection(self) -> dict[str, Any]:
        """Extra arguments for the connection: a socket of our own when its receive buffer is set."""
        if self.receive_buffer is None:
            return {}
        host, _, port = self.url.removeprefix("ws://").partition("/")[0].partition(":")
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.receive_buffer)  # before connecting
        raw.setblocking(False)
        try:
            await asyncio.get_running_loop().sock_connect(raw, (host, int(port or 80)))
        except OSError:
            raw.close()
            raise
        return {"sock": raw}

    def describe(self) -> str:
        """What became of the client's task (for a benchmark's report when it did not come back)."""
        if self._task is None or not self._task.done():
            return "still running"
        if self._task.cancelled():
            return "cancelled"
        return f"ended: {self._task.exception()!r}"

    def pause(self) -> None:
        """Stop reading the socket (what arrives waits in the buffers, then at the server)."""
        self.reading.clear()

    def resume_reading(self) -> None:
        self.reading.set()

    def _lost(self) -> None:
        self._socket = None
        if self.live.is_set():
            self.lost_at = time.monotonic()
        self.live.clear()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(ConnectionError("the connection dropped before the answer"))
        self._pending.clear()

    def _resubscribe(self, socket_: Any) -> None:
        if socket_ is not None and socket_ is self._socket and not self.live.is_set():
            frame: dict[str, Any] = {"type": "subscribe", "topic": self.topic, "ref": "subscribe"}
            if self.seq is not None:
                frame["since"] = self.seq
            asyncio.get_running_loop().create_task(socket_.send(json.dumps(frame)))

    def first_live_after(self, moment: float) -> float | None:
        """When the client was live again after ``moment`` (monotonic), or None."""
        return next((at for at in self.went_live if at > moment), None)

    def _went_live(self) -> None:
        self.went_live.append(time.monotonic())
        if self.lost_at is not None:
            self.recovered_in.append(time.monotonic() - self.lost_at)
            self.lost_at = None
        self.live.set()

    def _receive(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "snapshot":
            self.snapshots += 1
            self.seq = frame["seq"]
            self.messages = [message["id"] for message in frame["data"].get("chat", {}).get("messages", [])]
            self.seen.update(self.messages)
            self.first_live = self.first_live or time.monotonic()
            self._went_live()
        elif kind == "resumed":
            self.resumes += 1
            self._went_live()
        elif kind == "event":
            if self.seq is not None and frame["seq"] <= self.seq:
                self.duplicates += 1  # a number already applied: the server should never send it again
                return
            if self.seq is not None and frame["seq"] != self.seq + 1:
                self.gaps += 1
            self.seq = frame["seq"]
            added = frame["event"].get("chat", {}).get("added")
            # A line the snapshot already held is no duplicate: a snapshot may include events after its
            # number (docs/live-protocol.md), and clients apply "added" once (state/chat.js).
            if added is not None and added["id"] not in self.seen:
                self.messages.append(added["id"])
                self.seen.add(added["id"])
                sent = str(added.get("text", "")).rpartition(" t=")[2]
                with contextlib.suppress(ValueError):
                    self.latencies.append((time.monotonic(), time.time() - float(sent)))
        elif kind == "error" and frame.get("ref") == "subscribe":
            if frame.get("code") == "unavailable":  # as live.js: ask again 2-4 s later
                asyncio.get_running_loop().call_later(2 + 2 * random.random(), self._resubscribe, self._socket)  # noqa: S311
            else:
                self.refused = frame.get("code")
        elif kind in {"ack", "error"}:
            future = self._pending.pop(str(frame.get("ref")), None)
            if future is not None and not future.done():
                future.set_result(frame)

    async def command(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        """The command's answer (an ack or an error frame); ConnectionError if the socket dropped first."""
        await asyncio.wait_for(self.live.wait(), COMMAND_TIMEOUT * 3)
        if self._socket is None:
            raise ConnectionError("the connection dropped")
        self._refs += 1
        ref = f"c{self._refs}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ref] = future
        try:
            await self._socket.send(
                json.dumps({"type": "command", "topic": self.topic, "name": name, "data": data, "ref": ref})
            )
        except ConnectionClosed as closed:  # the socket dropped after live was set: the same as before it
            self._pending.pop(ref, None)
            raise ConnectionError("the connection dropped before the command was sent") from closed
        return await asyncio.wait_for(future, COMMAND_TIMEOUT)


async def until(condition: Any, *, what: str, timeout: float = 30.0) -> None:
    """Wait until ``condition()`` holds, checking every 20 ms; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await asyncio.sleep(0.02)
