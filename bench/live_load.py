"""Load generator for the live fan-out benchmark; ``python -m bench.live_run`` runs it in its own process.

Fan-out mode (default):

1. Opens ``--clients`` WebSocket connections to ``--url`` in batches of ``--batch`` (no connect
   storm), each subscribing to ``bench:1`` and waiting for its snapshot. These readers are plain
   asyncio protocols: the ``websockets`` library's sans-I/O protocol does the opening handshake,
   then the reader parses the server's (unmasked, unfragmented) frames itself (``Reader``), which
   costs this process a fraction of a full client per message; on a small machine the load
   generator shares the cores with the server, and what it spends is taken from the server.
2. Opens ceil(rate / 2) + 1 publisher connections, also subscribed to ``bench:1`` (the gateway only
   takes commands on subscribed topics). The gateway allows each connection a burst of 10
   commands refilled at 2 per second, so round-robin over that many publishers stays under it.
3. Sends ``bench.say`` commands open loop for ``--seconds`` seconds: message n is due at
   start + n / rate and is sent when due, whether or not earlier messages have arrived. Each carries
   ``sent_at=time.time()`` taken just before sending, and its sequence number ``n``.
4. Every reader records, for each event, ``time.time() - sent_at``, the clock read when the
   event loop hands it the bytes from its socket. One process reads all the sockets, so the
   figure includes this process's own queueing (the last of 5,000 sockets is read after the
   other 4,999): it can only make latency look worse, never better. After connecting, this
   process freezes its heap (``gc.freeze``) so its own garbage collector does not scan thousands
   of long-lived connections in the middle of the measurement; the server is left as it is.
5. Waits up to ``--drain`` seconds after the last send for stragglers (less when everything has
   arrived), then prints the figures.

deliveries_per_s is the events received by the ``--clients`` readers divided by ``--seconds``;
publishers read their copies too, but do not count. lost = messages sent x clients connected -
events received (a client cut as a slow consumer, or an event later than the drain, is lost).

Idle mode (``--idle``): opens a few warm-up sockets, reads the server's resident memory (VmRSS of
``--server-pid`` and all its descendants, i.e. the uvicorn workers), opens ``--clients`` subscribed
sockets that then stay silent, waits for the server to settle and reads it again.

CPU figures, all with 100 = one core busy over the measured window: ``server_cpu_pct`` (utime +
stime of ``--server-pid`` and its descendants), ``load_cpu_pct`` (this process),
``machine_cpu_pct`` (the whole machine, /proc/stat) and ``other_cpu_pct``, the difference: the
kernel's interrupt work, any other program on the machine, and time the hypervisor gave this
machine's cores to another machine, which is also shown alone as ``steal_cpu_pct``.
``busy_before_pct`` is the machine's use over one second before the sockets open. A large
``other_cpu_pct``, ``steal_cpu_pct`` or ``busy_before_pct`` means something else shared the
cores: run again.

Last line, fan-out: ``deliveries_per_s=... p50_ms=... p99_ms=... max_ms=... lost=... clients=... rate=...``
followed by ``seconds sent errors failed_connects cut send_lag_max_ms`` and the CPU figures.
Last line, idle: ``idle_kb_per_socket=... clients=...`` followed by the two RSS readings in KB.

    python -m bench.live_load --url ws://127.0.0.1:8000/live --clients 1000 --rate 20 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import resource
import sys
import time
from array import array
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypeVar, cast

from websockets.asyncio.client import ClientConnection, connect
from websockets.client import ClientProtocol
from websockets.exceptions import ConnectionClosed
from websockets.frames import Opcode
from websockets.http11 import Response
from websockets.uri import parse_uri

TOPIC = "bench:1"
SUBSCRIBE = json.dumps({"type": "subscribe", "topic": TOPIC, "ref": "s"}).encode()
#: How every event frame of the bench topic starts (the server encodes compactly, keys in order).
EVENT_START = b'{"type":"event",'
SENT_AT = b'"sent_at":'
#: Commands per second one connection may send without being rate-limited (gateway.COMMAND_RATE).
COMMANDS_PER_CONNECTION = 2.0
#: Sockets kept open before the idle baseline, so first-use allocations are not counted per socket.
IDLE_WARMUP = 20
#: Opcodes as plain ints, compared once per frame.
TEXT, CLOSE, PING = int(Opcode.TEXT), int(Opcode.CLOSE), int(Opcode.PING)
#: Seconds the server gets to settle before each memory reading in idle mode.
IDLE_SETTLE = 2.0
T = TypeVar("T")
C = TypeVar("C")


@dataclass
class Tally:
    """What the readers saw; one event loop, so plain counters suffice."""

    latencies: array[float] = field(default_factory=lambda: array("d"))
    received: int = 0
    publisher_events: int = 0
    acks: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    cut: Counter[str] = field(default_factory=Counter)
    stopping: bool = False


def _log(message: str) -> None:
    print(f"[live_load] {message}", file=sys.stderr, flush=True)


def raise_file_limit() -> int:
    """Raise this process's open-file soft limit to the hard limit; return the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (uvicorn's supervisor and its workers)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except FileNotFoundError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
            except FileNotFoundError:
                continue
    return found


def rss_kb(pids: list[int]) -> int:
    """Sum of VmRSS (KB) of these processes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except FileNotFoundError:
            continue
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds these processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


class MachineTicks(NamedTuple):
    """CPU ticks of the whole machine, all cores together, from /proc/stat."""

    busy: int
    steal: int  # the hypervisor ran another machine while this one's cores were ready to run
    total: int


def machine_ticks() -> MachineTicks:
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    total = sum(values[:8])  # guest time is already counted in user
    return MachineTicks(busy=total - idle, steal=values[7], total=total)


def machine_cpu_pct(before: MachineTicks, after: MachineTicks, part: Literal["busy", "steal"] = "busy") -> float:
    """The machine's CPU ``part`` (busy, or steal) between two readings, 100 = one core (200 = two)."""
    ticks = after.total - before.total
    used = getattr(after, part) - getattr(before, part)
    return used / ticks * (os.cpu_count() or 1) * 100 if ticks else math.nan


async def busy_before(seconds: float = 1.0) -> float:
    """The machine's CPU use over a second before the benchmark starts (100 = one core)."""
    before = machine_ticks()
    await asyncio.sleep(seconds)
    return machine_cpu_pct(before, machine_ticks())


def open_files(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except FileNotFoundError:
        return 0


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


class Reader(asyncio.Protocol):
    """One subscribed reader socket, with no task of its own.

    The opening handshake is ``websockets``' sans-I/O protocol. After it, this reader parses the
    server's frames itself: a server's frames are never masked and the gateway never fragments
    them, so a frame is a 2-, 4- or 10-byte header and its payload. Reading them this way costs
    this process a few microseconds a frame instead of the library's general parser (which also
    validates UTF-8); on a small machine the load generator shares the cores with the server, and
    what it spends is taken from the server. Pings are answered through the library (masked pongs).
    """

    def __init__(self, url: str, tally: Tally) -> None:
        self.tally = tally
        self.websocket = ClientProtocol(parse_uri(url), max_size=2**20)
        self.transport: asyncio.Transport | None = None
        self.subscribed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed = False
        self.open = False  # the handshake is done: frames are parsed here
        self.unparsed = b""  # the start of a frame whose end has not arrived yet

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's do not subclass asyncio's
        self.websocket.send_request(self.websocket.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        if self.open:
            self._frames(data, time.time())
            return
        self.websocket.receive_data(data)
        for event in self.websocket.events_received():
            if not isinstance(event, Response):
                continue
            if self.websocket.handshake_exc is not None:
                self._fail(self.websocket.handshake_exc)
                return
            # The server says nothing more until it has the subscription: nothing is left unparsed.
            self.open = True
            self.websocket.send_text(SUBSCRIBE)
        self._flush()

    def _frames(self, data: bytes, now: float) -> None:
        buffer = self.unparsed + data if self.unparsed else data
        position, end = 0, len(buffer)
        while end - position >= 2:
            opcode, length = buffer[position] & 0x0F, buffer[position + 1] & 0x7F
            header = 2
            if length == 126:
                header = 4
                length = int.from_bytes(buffer[position + 2 : position + 4], "big")
            elif length == 127:
                header = 10
                length = int.from_bytes(buffer[position + 2 : position + 10], "big")
            if end - position < header + length:
                break
            payload = buffer[position + header : position + header + length]
            position += header + length
            if opcode == TEXT:
                self._text(payload, now)
            elif opcode == PING:
                self.websocket.send_pong(payload)
                self._flush()
            elif opcode == CLOSE:
                self._closed(str(int.from_bytes(payload[:2], "big")) if len(payload) >= 2 else "1005")
        self.unparsed = buffer[position:]

    def _text(self, data: bytes, now: float) -> None:
        if data.startswith(EVENT_START):
            # Our own compact frame: read sent_at without decoding the whole of it.
            start = data.index(SENT_AT) + len(SENT_AT)
            self.tally.latencies.append(now - float(data[start : data.index(b"}", start)]))
            self.tally.received += 1
            return
        frame = json.loads(data)
        if frame.get("type") == "snapshot" and not self.subscribed.done():
            self.subscribed.set_result(None)
        elif frame.get("type") == "error":
            self.tally.errors[str(frame.get("code"))] += 1
            self._fail(RuntimeError(f"subscribe answered with {frame!r}"))

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            chunks = self.websocket.data_to_send()
            if chunks:
                self.transport.write(b"".join(chunks))

    def _fail(self, error: BaseException) -> None:
        if not self.subscribed.done():
            self.subscribed.set_exception(error)
            self.abort()

    def _closed(self, code: str) -> None:
        if not self.closed and self.subscribed.done() and not self.tally.stopping:
            self.tally.cut[code] += 1
        self.closed = True

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed("abnormal")
        self._fail(exc or ConnectionError("closed before subscribing"))

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()


async def open_reader(url: str, tally: Tally, timeout: float) -> Reader:
    """One reader socket subscribed to the bench topic (its snapshot has arrived)."""
    address = parse_uri(url)
    loop = asyncio.get_running_loop()
    _transport, reader = await asyncio.wait_for(
        loop.create_connection(lambda: Reader(url, tally), address.host, address.port), timeout
    )
    try:
        await asyncio.wait_for(asyncio.shield(reader.subscribed), timeout)
    except BaseException:
        reader.abort()
        raise
    return reader


async def open_publisher(url: str, timeout: float) -> ClientConnection:
    """A full ``websockets`` client (it sends commands and reads acks), subscribed to the bench topic."""
    ws = await connect(url, compression=None, ping_interval=None, open_timeout=timeout, max_size=2**20)
    try:
        await ws.send(SUBSCRIBE.decode())
        reply = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    except BaseException:
        ws.transport.abort()
        raise
    if reply.get("type") != "snapshot":
        ws.transport.abort()
        raise RuntimeError(f"subscribe answered with {reply!r}")
    return ws


async def open_many(
    label: str, count: int, batch: int, deadline: float, opener: Callable[[float], Awaitable[C]]
) -> tuple[list[C], Counter[str]]:
    """``count`` subscribed sockets, ``batch`` at a time; failures are counted by kind, not retried."""
    opened: list[C] = []
    failures: Counter[str] = Counter()
    loop = asyncio.get_running_loop()
    started = loop.time()
    while len(opened) + failures.total() < count:
        remaining = deadline - loop.time()
        if remaining <= 0:
            failures["deadline"] += count - len(opened) - failures.total()
            break
        size = min(batch, count - len(opened) - failures.total())
        results = await asyncio.gather(*(opener(remaining) for _ in range(size)), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                failures[type(result).__name__] += 1
            else:
                opened.append(result)
    took = loop.time() - started
    _log(f"opened {len(opened)}/{count} {label} in {took:.1f} s; failures {dict(failures)}")
    return opened, failures


async def read_acks(ws: ClientConnection, tally: Tally) -> None:
    """A publisher's reader: acks, error frames, and its own copies of the events (not counted)."""
    try:
        async for message in ws:
            frame = json.loads(message)
            kind = frame.get("type")
            if kind == "event":
                tally.publisher_events += 1
            elif kind == "ack":
                tally.acks += 1
            elif kind == "error":
                tally.errors[str(frame.get("code"))] += 1
    except ConnectionClosed as closed:
        if not tally.stopping:
            tally.cut[str(closed.rcvd.code if closed.rcvd is not None else "abnormal")] += 1


def log_server_files(server_pid: int) -> None:
    if server_pid:
        counts = {pid: open_files(pid) for pid in process_tree(server_pid)}
        _log(f"server open files by process: {counts}")


async def fan_out(args: argparse.Namespace) -> str:
    quiet = await busy_before()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + args.connect_timeout
    tally = Tally()
    readers, failures = await open_many(
        "readers", args.clients, args.batch, deadline, lambda timeout: open_reader(args.url, tally, timeout)
    )
    publisher_count = math.ceil(args.rate / COMMANDS_PER_CONNECTION) + 1
    publishers, publisher_failures = await open_many(
        "publishers", publisher_count, args.batch, deadline, lambda timeout: open_publisher(args.url, timeout)
    )
    if not readers or not publishers:
        raise SystemExit(f"could not open sockets: readers {dict(failures)}, publishers {dict(publisher_failures)}")
    log_server_files(args.server_pid)
    gc.freeze()  # this process's long-lived connections: not to be scanned again during the run
    acks = [asyncio.create_task(read_acks(ws, tally)) for ws in publishers]

    server_pids = process_tree(args.server_pid) if args.server_pid else []
    server_cpu_before = cpu_seconds(server_pids)
    load_before = os.times()
    machine_before = machine_ticks()
    total = round(args.rate * args.seconds)
    _log(f"sending {total} messages at {args.rate:g}/s over {len(publishers)} publishers to {len(readers)} readers")
    start = loop.time()
    send_lag = 0.0
    sent = 0
    for n in range(total):
        due = start + n / args.rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        send_lag = max(send_lag, loop.time() - due)
        data = {"sent_at": time.time(), "n": n}
        try:
            await publishers[n % len(publishers)].send(
                json.dumps({"type": "command", "topic": TOPIC, "name": "bench.say", "data": data, "ref": n})
            )
        except ConnectionClosed:
            tally.errors["publisher_closed"] += 1
            continue
        sent += 1
    last_send = loop.time()
    expected = sent * len(readers)
    # Wait for stragglers: until everything has arrived or the drain time is over.
    while tally.received < expected and loop.time() < last_send + args.drain:
        await asyncio.sleep(0.01)
    window = loop.time() - start
    load_after = os.times()
    machine_after = machine_ticks()
    server_cpu = cpu_seconds(server_pids) - server_cpu_before
    load_cpu = (load_after.user - load_before.user) + (load_after.system - load_before.system)
    tally.stopping = True
    for reader in readers:
        reader.abort()
    for ws in publishers:
        ws.transport.abort()
    await asyncio.gather(*acks, return_exceptions=True)

    machine = machine_cpu_pct(machine_before, machine_after)
    server_pct = server_cpu / window * 100 if server_pids else math.nan
    load_pct = load_cpu / window * 100
    ordered = sorted(tally.latencies)
    received = tally.received
    if tally.errors:
        _log(f"error frames and publisher failures: {dict(tally.errors)}")
    if tally.cut:
        _log(f"sockets closed by the server during the run, by close code: {dict(tally.cut)}")
    _log(f"acks {tally.acks}/{sent}; publisher copies {tally.publisher_events}; measured window {window:.1f} s")
    figures = {
        "deliveries_per_s": f"{received / args.seconds:.0f}",
        "p50_ms": f"{percentile(ordered, 0.50) * 1000:.1f}",
        "p99_ms": f"{percentile(ordered, 0.99) * 1000:.1f}",
        "max_ms": f"{(ordered[-1] if ordered else math.nan) * 1000:.1f}",
        "lost": str(expected - received),
        "clients": str(len(readers)),
        "rate": f"{args.rate:g}",
        "seconds": f"{args.seconds:g}",
        "sent": str(sent),
        "errors": str(tally.errors.total()),
        "failed_connects": str(failures.total() + publisher_failures.total()),
        "cut": str(tally.cut.total()),
        "send_lag_max_ms": f"{send_lag * 1000:.1f}",
        "server_cpu_pct": f"{server_pct:.0f}",
        "load_cpu_pct": f"{load_pct:.0f}",
        "machine_cpu_pct": f"{machine:.0f}",
        "other_cpu_pct": f"{machine - server_pct - load_pct:.0f}",
        "steal_cpu_pct": f"{machine_cpu_pct(machine_before, machine_after, 'steal'):.0f}",
        "busy_before_pct": f"{quiet:.0f}",
    }
    return " ".join(f"{key}={value}" for key, value in figures.items())


async def idle(args: argparse.Namespace) -> str:
    if not args.server_pid:
        raise SystemExit("--idle needs --server-pid to read the server's memory")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + args.connect_timeout
    tally = Tally()

    def opener(timeout: float) -> Awaitable[Reader]:
        return open_reader(args.url, tally, timeout)

    warm, _warm_failures = await open_many("warm-up sockets", IDLE_WARMUP, args.batch, deadline, opener)
    await asyncio.sleep(IDLE_SETTLE)
    before = rss_kb(process_tree(args.server_pid))
    readers, failures = await open_many("idle sockets", args.clients, args.batch, deadline, opener)
    await asyncio.sleep(IDLE_SETTLE)
    log_server_files(args.server_pid)
    after = rss_kb(process_tree(args.server_pid))
    tally.stopping = True
    for reader in warm + readers:
        reader.abort()
    if not readers:
        raise SystemExit(f"could not open sockets: {dict(failures)}")
    figures = {
        "idle_kb_per_socket": f"{(after - before) / len(readers):.1f}",
        "clients": str(len(readers)),
        "server_rss_before_kb": str(before),
        "server_rss_after_kb": str(after),
        "failed_connects": str(failures.total()),
    }
    return " ".join(f"{key}={value}" for key, value in figures.items())


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on uvloop when it is installed (it is, with uvicorn[standard]), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the gateway, e.g. ws://127.0.0.1:8000/live")
    parser.add_argument("--clients", type=int, default=1000, help="subscribed reader sockets (default 1000)")
    parser.add_argument("--rate", type=float, default=20, help="messages per second to the topic (default 20)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of sending (default 10)")
    parser.add_argument("--drain", type=float, default=2, help="seconds to wait for late events (default 2)")
    parser.add_argument("--batch", type=int, default=200, help="sockets opened concurrently (default 200)")
    parser.add_argument("--connect-timeout", type=float, default=60, help="seconds for all sockets to open")
    parser.add_argument("--server-pid", type=int, default=0, help="server process, for its CPU and memory")
    parser.add_argument("--idle", action="store_true", help="measure server memory per idle socket instead")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.rate <= 0 or args.seconds <= 0 or args.batch < 1:
        parser.error("--clients, --rate, --seconds and --batch must be positive")
    limit = raise_file_limit()
    needed = args.clients + math.ceil(args.rate / COMMANDS_PER_CONNECTION) + IDLE_WARMUP + 50
    if limit < needed:
        print(f"open-file limit {limit} is below the {needed} this run needs (ulimit -Hn)", file=sys.stderr)
        return 2
    line = run(idle(args) if args.idle else fan_out(args))
    print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
