"""A session opening on the real path: N signed-in people join a demo session's live topic at once.

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_bench_join \\
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python -m bench.live_join --clients 10000 --join-rate 500 --workers 2

What it does, in order (docs/budgets.md, "a session opening"):

1. Prepares the database named by PAVILION_DATABASE_URL (dropped and created again: use a database
   of its own): migrates, loads the demo, and re-dates the demo's public opening session of ITU
   Virtual Digital World 2020 so that it is live now. Creates ``--clients`` accounts with an
   approved registration for the event and a signed-in Django session each (rows written in bulk,
   as a login would leave them: the session cookie is what a browser sends to /live).
2. Starts ``pavilion serve --workers W`` with production settings (PAVILION_DEBUG=0, PostgreSQL,
   Redis for the broker and the cache) on a free port of 127.0.0.1.
3. Runs the load in another process (``bench.live_join load``): client i opens its WebSocket at
   start + i / join_rate with its session cookie, sends ``subscribe`` to ``session:<id>`` and waits
   for the snapshot; "join" is that time, from the TCP connect to the snapshot. A close with 4429
   (the server is busy) is retried after the ``retry-after`` it gives, as live.js does; the join
   time then includes the wait. A client with no snapshot within ``--join-timeout`` has failed.
4. Meanwhile a share ``--writers`` of the clients send a command every ``--period`` seconds once
   they have joined: mostly ``chat.send`` (stored, committed and published, as the page does), and
   every fifth one of ``qa.ask``, ``polls.vote`` or ``floor.request``/``floor.withdraw``. Chat
   latency is the time from a chat's send to its event's arrival at each client; each command's
   own latency is from send to its ack, per command name.
5. Keeps going for ``--after`` seconds after the last join, then counts what every client got.
   Every event frame on the topic carries a sequence number: a client that sees one twice has a
   duplicate, one that skips numbers has a gap. ``lost`` counts (client, chat) pairs where the chat
   was acknowledged after the client's snapshot arrived but its event never reached that client.

Clocks: all times are this process's ``time.monotonic()``, so no clock is compared with another
machine's. One process reads every socket, so its own queueing is in every figure (it can make
latency look worse, never better); the load generator shares the machine's two cores with the
server, as the budgets in docs/budgets.md say.

Last line: ``clients= joined= failed= join_p50_ms= join_p99_ms= chat_p50_ms= chat_p99_ms=
chat_max_ms= lost= dups= gaps= joins_per_s=`` then the command latencies, retries and CPU figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from bench.live_load import (
    CLOSE,
    PING,
    TEXT,
    busy_before,
    cpu_seconds,
    machine_cpu_pct,
    machine_ticks,
    percentile,
    process_tree,
    raise_file_limit,
    run,
)
from bench.processes import production_environment, production_server

REPO = Path(__file__).resolve().parents[1]
#: How each chat text of this benchmark starts; the rest is the sender's client number and message number.
MARK = "join-bench"
#: How frames start, so most of them are read without decoding them whole.
EVENT_START = b'{"type":"event",'
AGGREGATE_STARTS = (b'{"type":"presence"', b'{"type":"tally"')
SEQ = b'"seq":'
MARK_TEXT = f'"text":"{MARK} '.encode()
CHAT_ADDED = b'"chat":{"added"'
#: Share of writer commands that are not chat: qa.ask, polls.vote, floor.request/withdraw in turn.
OTHER_EVERY = 5
UNUSABLE = "!"
#: Delegations the benchmark's participants belong to.
COUNTRIES = ["VN", "FR", "BR", "KE", "IN", "JP", "EG", "MX", "DE", "ID", "NG", "TR"]


def _log(message: str) -> None:
    print(f"[live_join] {message}", file=sys.stderr, flush=True)


# --- 1. The database and the accounts --------------------------------------------------------------


def _recreate_database(url: str) -> None:
    """Drop and create the benchmark's database (PostgreSQL), so every run starts alike."""
    import psycopg
    from psycopg import sql

    parsed = __import__("dj_database_url").parse(url)
    name = parsed["NAME"]
    admin = psycopg.connect(
        host=parsed["HOST"] or "127.0.0.1",
        port=parsed["PORT"] or 5432,
        user=parsed["USER"] or "postgres",
        password=parsed["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(clients: int, cookie_file: Path) -> dict[str, Any]:
    """Demo, a live opening session and ``clients`` signed-in accounts; their cookies go to ``cookie_file``."""
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjangoSession
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from pavilion.accounts.models import User
    from pavilion.accreditation.models import ParticipantCategory, Registration, Status
    from pavilion.events.models import Session
    from pavilion.polls.models import Poll
    from pavilion.polls.services import create_poll, open_poll

    call_command("migrate", "--no-input", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # production serves the manifest's files
    call_command("demo", verbosity=0)
    session = Session.objects.select_related("event").get(event__slug="itu-digital-world-2020", slug="opening")
    now = timezone.now()
    session.starts_at, session.ends_at = now - timedelta(minutes=10), now + timedelta(hours=3)
    session.save(update_fields=["starts_at", "ends_at"])
    category = ParticipantCategory.objects.filter(event=session.event, requires_approval=False).first()
    category = category or ParticipantCategory.objects.filter(event=session.event).first()
    assert category is not None, "the demo event has participant categories"
    poll = Poll.objects.filter(session=session, status="open").first()
    if poll is None:
        organiser = User.objects.get(email="organiser@pavilion.example.org")
        poll = create_poll(session=session, by=organiser, question="Which topic first?", kind="single",
                           options=["Broadband", "5G", "Cybersecurity"])  # fmt: skip
        open_poll(poll=poll, by=organiser)

    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                # "!" is an unusable password: these accounts never sign in by password.
                User(email=f"join-{n}@bench.pavilion.example.org", full_name=f"Participant {n}", password=UNUSABLE)
                for n in range(clients)
            ],
            batch_size=2000,
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    event=session.event,
                    user=user,
                    category=category,
                    status=Status.APPROVED,
                    country=COUNTRIES[user.pk % len(COUNTRIES)],
                )
                for user in users
            ],
            batch_size=2000,
        )
        store = SessionStore()
        expires = now + timedelta(days=1)
        rows = []
        keys = []
        for user in users:
            key = secrets.token_hex(16)
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            rows.append(DjangoSession(session_key=key, session_data=store.encode(data), expire_date=expires))
            keys.append(key)
        DjangoSession.objects.bulk_create(rows, batch_size=2000)
    # The accounts in the order of their keys: bench/soak.py follows their personal user: topics too.
    accounts = [user.pk for user in users]
    cookie_file.write_text(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "keys": keys, "users": accounts}))
    option = poll.options.order_by("pk").first()
    assert option is not None, "a poll has options"
    analyze()
    return {"session": session.pk, "poll": {"id": poll.pk, "option": option.pk}}


def analyze() -> None:
    """Table statistics, as PostgreSQL's autovacuum keeps them in production. Without them (a new
    database, on a machine whose PostgreSQL runs without autovacuum) the planner takes every table
    for empty: the session's last 50 chat lines were read by sorting all of its lines."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- 2. The server ------------------------------------------------------------------------------------


# --- 3.-5. The load -------------------------------------------------------------------------------------


@dataclass
class Figures:
    """What every client saw; one event loop, so plain containers suffice."""

    joins: array[float] = field(default_factory=lambda: array("d"))
    chat: array[float] = field(default_factory=lambda: array("d"))
    commands: dict[str, array[float]] = field(default_factory=lambda: defaultdict(lambda: array("d")))
    failures: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    cut: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    dups: int = 0
    gaps: int = 0
    #: message number → when it was sent and when its ack came (None until then)
    sent: dict[int, float] = field(default_factory=dict)
    acked: dict[int, float] = field(default_factory=dict)
    stopping: bool = False


class Client(asyncio.Protocol):
    """One signed-in participant's socket: handshake through ``websockets``' sans-I/O client, then
    server frames parsed here (never masked, never fragmented by the gateway), as bench/live_load.py does."""

    def __init__(self, number: int, url: str, cookie: str, topic: str, figures: Figures) -> None:
        from websockets.client import ClientProtocol
        from websockets.uri import parse_uri

        self.number = number
        self.topic = topic
        self.figures = figures
        self.websocket = ClientProtocol(parse_uri(url), max_size=2**22)
        self.cookie = cookie
        self.transport: asyncio.Transport | None = None
        self.open = False
        self.unparsed = b""
        self.done: asyncio.Future[tuple[str, str]] = asyncio.get_running_loop().create_future()  # close or snapshot
        self.joined_at: float | None = None
        self.last_seq: int | None = None
        self.received: set[int] = set()  # chat message numbers that arrived as events
        self.pending: dict[str, tuple[str, float, int | None]] = {}  # ref → (command, sent at, message number)
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        request = self.websocket.connect()
        request.headers["Cookie"] = self.cookie
        self.websocket.send_request(request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        if self.open:
            self._frames(data, time.monotonic())
            return
        from websockets.http11 import Response

        self.websocket.receive_data(data)
        for event in self.websocket.events_received():
            if isinstance(event, Response):
                if self.websocket.handshake_exc is not None:
                    self._finish("handshake", str(event.status_code))
                    return
                self.open = True
                self.send({"type": "subscribe", "topic": self.topic, "ref": "s"})
        rest = self.websocket.data_to_send()
        if rest and self.transport is not None:
            self.transport.write(b"".join(rest))

    def send(self, frame: dict[str, Any]) -> None:
        self.websocket.send_text(json.dumps(frame).encode())
        self._flush()

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            chunks = self.websocket.data_to_send()
            if chunks:
                self.transport.write(b"".join(chunks))

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
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                self._finish("close", f"{code}:{payload[2:].decode(errors='replace')}")
        self.unparsed = buffer[position:]

    def _text(self, data: bytes, now: float) -> None:
        if data.startswith(EVENT_START):
            self._event(data, now)
            return
        if data.startswith(AGGREGATE_STARTS):
            return  # presence counts and tallies: not measured here
        frame = json.loads(data)
        kind = frame.get("type")
        if kind == "snapshot":
            self.last_seq = frame["seq"]
            self.joined_at = now
            if not self.done.done():
                self.done.set_result(("snapshot", ""))
        elif kind in ("ack", "error"):
            command = self.pending.pop(str(frame.get("ref")), None)
            if kind == "error":
                self.figures.errors[f"{command[0] if command else 'subscribe'}:{frame.get('code')}"] += 1
                if command is None and not self.done.done():
                    self.done.set_result(("error", str(frame.get("code"))))
            elif command is not None:
                name, sent_at, message = command
                self.figures.commands[name].append(now - sent_at)
                if message is not None:
                    self.figures.acked[message] = now

    def _event(self, data: bytes, now: float) -> None:
        """An event frame, read without decoding all of it (the gateway encodes compactly, keys in
        order): its sequence number, and the message number of one of this benchmark's chats."""
        start = data.index(SEQ, 0, 200) + len(SEQ)
        seq = int(data[start : data.index(b",", start)])
        if self.last_seq is not None:
            if seq <= self.last_seq:
                self.figures.dups += 1
                return
            if seq > self.last_seq + 1:
                self.figures.gaps += seq - self.last_seq - 1
        self.last_seq = seq
        mark = data.find(MARK_TEXT)
        if mark != -1 and data.find(CHAT_ADDED, 0, mark) != -1:
            text_start = mark + len(MARK_TEXT)  # "<client number> <message number>" follows
            number = int(data[text_start : data.index(b'"', text_start)].rsplit(b" ", 1)[1])
            sent_at = self.figures.sent.get(number)
            if sent_at is not None:
                self.figures.chat.append(now - sent_at)
            self.received.add(number)

    def _finish(self, how: str, detail: str) -> None:
        if not self.done.done():
            self.done.set_result((how, detail))
        elif how == "close" and not self.figures.stopping:
            self.figures.cut[detail.split(":")[0]] += 1
        self.closed = True
        self.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(("lost", type(exc).__name__ if exc else "eof"))
        elif not self.closed and not self.figures.stopping:
            self.figures.cut["abnormal"] += 1
        self.closed = True

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()


def _retry_after(detail: str) -> float | None:
    """Seconds to wait from a 4429 close ('4429:retry-after=3'), or None for any other outcome."""
    code, _, reason = detail.partition(":")
    if code != "4429":
        return None
    for part in reason.split(";"):
        name, _, value = part.strip().partition("=")
        if name == "retry-after" and value.isdigit():
            return float(value)
    return 1.0


async def join(
    number: int, args: argparse.Namespace, cookie: str, topic: str, figures: Figures, deadline: float
) -> Client | None:
    """Open a socket and subscribe, honouring 4429 retry-after like live.js; None when it failed."""
    from websockets.uri import parse_uri

    loop = asyncio.get_running_loop()
    address = parse_uri(args.url)
    started = time.monotonic()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            figures.failures["timeout"] += 1
            return None
        try:
            _transport, client = await asyncio.wait_for(
                loop.create_connection(
                    lambda: Client(number, args.url, cookie, topic, figures), address.host, address.port
                ),
                remaining,
            )
            how, detail = await asyncio.wait_for(asyncio.shield(client.done), deadline - time.monotonic())
        except (TimeoutError, OSError) as error:
            figures.failures["timeout" if isinstance(error, TimeoutError) else type(error).__name__] += 1
            return None
        if how == "snapshot":
            figures.joins.append(time.monotonic() - started)
            return client
        wait = _retry_after(detail) if how == "close" else None
        if wait is None:
            figures.failures[f"{how}:{detail.split(':')[0]}"] += 1
            client.abort()
            return None
        figures.retries += 1
        await asyncio.sleep(wait * (1 + random.random() / 2))  # noqa: S311 (jitter, not a secret)


async def write(client: Client, number: int, args: argparse.Namespace, state: dict[str, Any], figures: Figures) -> None:
    """A writer: a command every ``--period`` seconds (jittered start) until the run ends."""
    await asyncio.sleep(random.random() * args.period)  # noqa: S311
    turn = 0
    floor_open = False
    while not figures.stopping and not client.closed:
        turn += 1
        ref = f"c{number}-{turn}"
        now = time.monotonic()
        if turn % OTHER_EVERY:
            message = state["next_message"]
            state["next_message"] += 1
            figures.sent[message] = now
            client.pending[ref] = ("chat.send", now, message)
            client.send({"type": "command", "topic": client.topic, "name": "chat.send", "ref": ref,
                         "data": {"text": f"{MARK} {number} {message}"}})  # fmt: skip
        else:
            other = (turn // OTHER_EVERY) % 3
            data: dict[str, Any]
            if other == 0:
                name, data = "qa.ask", {"text": f"Question {turn} from participant {number}?"}
            elif other == 1 and state["poll"] is not None:
                name, data = "polls.vote", {"id": state["poll"]["id"], "options": [state["poll"]["option"]]}
            else:
                name, data = ("floor.withdraw" if floor_open else "floor.request"), {}
                floor_open = not floor_open
            client.pending[ref] = (name, now, None)
            client.send({"type": "command", "topic": client.topic, "name": name, "ref": ref, "data": data})
        await asyncio.sleep(args.period)


async def load(args: argparse.Namespace) -> str:
    info = json.loads(Path(args.cookies).read_text())
    cookies = [f"{info['cookie']}={key}" for key in info["keys"]][: args.clients]
    topic = f"session:{args.session}"
    state: dict[str, Any] = {"next_message": 0, "poll": json.loads(args.poll or "null")}
    figures = Figures()
    # This process holds thousands of long-lived objects: collect rarely (bench/live_load.py does alike).
    gc.set_threshold(50_000, 20, 100)
    quiet = await busy_before()
    loop = asyncio.get_running_loop()
    server_pids = process_tree(args.server_pid) if args.server_pid else []
    server_cpu_before = cpu_seconds(server_pids)
    load_before = os.times()
    machine_before = machine_ticks()
    writers = max(1, round(len(cookies) * args.writers)) if args.writers > 0 else 0
    writer_every = max(1, len(cookies) // writers) if writers else 0
    started = loop.time()
    tasks: list[asyncio.Task[None]] = []
    clients: list[Client] = []

    async def one(number: int) -> None:
        await asyncio.sleep(max(0.0, started + number / args.join_rate - loop.time()))
        client = await join(number, args, cookies[number], topic, figures, time.monotonic() + args.join_timeout)
        if client is None:
            return
        clients.append(client)
        if writers and number % writer_every == 0:
            await write(client, number, args, state, figures)

    for number in range(len(cookies)):
        tasks.append(asyncio.create_task(one(number)))
    joins_due = len(cookies) / args.join_rate
    give_up = started + joins_due + args.join_timeout
    while len(figures.joins) + figures.failures.total() < len(cookies) and loop.time() < give_up:
        await asyncio.sleep(0.2)
    joins_done = loop.time()
    _log(
        f"joined {len(figures.joins)}/{len(cookies)} in {joins_done - started:.1f} s; "
        f"failures {dict(figures.failures)}; retries {figures.retries}"
    )
    gc.freeze()
    await asyncio.sleep(args.after)
    figures.stopping = True
    last_ack = max(figures.acked.values(), default=0.0)
    await asyncio.sleep(min(args.drain, max(0.0, last_ack + args.drain - time.monotonic())))
    window = loop.time() - started
    server_cpu = cpu_seconds(server_pids) - server_cpu_before
    load_after = os.times()
    machine_after = machine_ticks()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    lost = 0
    for client in clients:
        joined_at = client.joined_at or math.inf
        for message, acked_at in figures.acked.items():
            if figures.sent[message] > joined_at and acked_at < last_ack + 0.001 and message not in client.received:
                lost += 1
        client.abort()
    joins = sorted(figures.joins)
    chat = sorted(figures.chat)
    if figures.errors:
        _log(f"error frames: {dict(figures.errors)}")
    if figures.cut:
        _log(f"sockets closed by the server after joining, by code: {dict(figures.cut)}")
    line = {
        "clients": len(cookies),
        "joined": len(joins),
        "failed": figures.failures.total(),
        "join_p50_ms": f"{percentile(joins, 0.5) * 1000:.0f}",
        "join_p99_ms": f"{percentile(joins, 0.99) * 1000:.0f}",
        "chat_p50_ms": f"{percentile(chat, 0.5) * 1000:.1f}",
        "chat_p99_ms": f"{percentile(chat, 0.99) * 1000:.1f}",
        "chat_max_ms": f"{(chat[-1] if chat else math.nan) * 1000:.1f}",
        "lost": lost,
        "dups": figures.dups,
        "gaps": figures.gaps,
        "joins_per_s": f"{len(joins) / max(0.001, joins_done - started):.0f}",
    }
    for name, values in sorted(figures.commands.items()):
        ordered = sorted(values)
        line[f"{name.replace('.', '_')}_p99_ms"] = f"{percentile(ordered, 0.99) * 1000:.0f}"
    machine = machine_cpu_pct(machine_before, machine_after)
    server_pct = server_cpu / window * 100
    load_pct = ((load_after.user - load_before.user) + (load_after.system - load_before.system)) / window * 100
    line.update(
        {
            "chats_acked": len(figures.acked),
            "deliveries": len(chat),
            "retries": figures.retries,
            "command_errors": figures.errors.total(),
            "cut": figures.cut.total(),
            "server_cpu_pct": f"{server_pct:.0f}",
            "load_cpu_pct": f"{load_pct:.0f}",
            "machine_cpu_pct": f"{machine:.0f}",
            "steal_cpu_pct": f"{machine_cpu_pct(machine_before, machine_after, 'steal'):.0f}",
            "busy_before_pct": f"{quiet:.0f}",
        }
    )
    return " ".join(f"{key}={value}" for key, value in line.items())


def orchestrate(args: argparse.Namespace) -> int:
    database_url = os.environ.get("PAVILION_DATABASE_URL", "")
    redis_url = os.environ.get("PAVILION_REDIS_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set PAVILION_DATABASE_URL to a PostgreSQL database the benchmark may drop and create.")
    if args.workers > 1 and not redis_url:
        raise SystemExit("Several workers need PAVILION_REDIS_URL (a Redis database the benchmark may flush).")
    raise_file_limit()
    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-live-join-"))
    env = production_environment(var_dir)
    os.environ.update(env)
    try:
        _recreate_database(database_url)
        if redis_url:
            import redis

            redis.Redis.from_url(redis_url).flushdb()
        _log(f"preparing the demo and {args.clients} signed-in accounts")
        prepared = prepare(args.clients, var_dir / "cookies.json")
        _log(f"serving with {args.workers} worker(s)")
        with production_server(env, var_dir, args.workers) as (port, server):
            command = [
                sys.executable, "-m", "bench.live_join", "load",
                f"--url=ws://127.0.0.1:{port}/live", f"--cookies={var_dir / 'cookies.json'}",
                f"--session={prepared['session']}", f"--poll={json.dumps(prepared['poll'])}",
                f"--server-pid={server.pid}", f"--clients={args.clients}", f"--join-rate={args.join_rate}",
                f"--join-timeout={args.join_timeout}", f"--writers={args.writers}", f"--period={args.period}",
                f"--after={args.after}", f"--drain={args.drain}",
            ]  # fmt: skip
            budget = args.clients / args.join_rate + args.join_timeout + args.after + args.drain + 60
            result = subprocess.run(
                command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, timeout=budget, check=False
            )
        errors = [line for line in (var_dir / "server.log").read_text().splitlines() if "Error" in line]
        if errors:
            _log(f"server log: {len(errors)} lines with 'Error', e.g. {errors[:3]}")
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            raise SystemExit(f"The load generator failed ({result.returncode}).")
        print(f"{lines[-1]} workers={args.workers}", flush=True)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=["run", "load"], default="run", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=1000, help="signed-in participants (default 1000)")
    parser.add_argument("--join-rate", type=float, default=100, help="joins per second (default 100)")
    parser.add_argument("--join-timeout", type=float, default=30, help="seconds a join may take (default 30)")
    parser.add_argument("--writers", type=float, default=0.01, help="share of clients that write (default 0.01)")
    parser.add_argument("--period", type=float, default=15, help="seconds between a writer's commands (default 15)")
    parser.add_argument("--after", type=float, default=20, help="seconds measured after the joins (default 20)")
    parser.add_argument("--drain", type=float, default=3, help="seconds for late events at the end (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server log) afterwards")
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--cookies", help=argparse.SUPPRESS)
    parser.add_argument("--session", help=argparse.SUPPRESS)
    parser.add_argument("--poll", default="", help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.clients < 1 or args.join_rate <= 0 or args.period <= 0 or not 0 <= args.writers <= 1:
        parser.error("--clients, --join-rate and --period must be positive, --writers between 0 and 1")
    if args.after > 600 or args.join_timeout > 120:
        parser.error("--after is at most 600 s and --join-timeout at most 120 s (every run is bounded)")
    if args.mode == "load":
        raise_file_limit()
        print(run(load(args)), flush=True)
        return 0
    return orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
