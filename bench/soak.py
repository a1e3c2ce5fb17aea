"""Soak: a session open for half an hour while people come and go; nothing on the server may grow.

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_bench_soak \\
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python -m bench.soak --clients 5000 --minutes 30

The production path of bench/live_join.py (its preparation: the demo, the opening session made
live, signed-in accounts with their session cookies; `pavilion serve --workers 2` with production
settings, PostgreSQL and Redis). Clients are bench/resuming.py's, which behave as live.js does.

1. ``--clients`` people join the session's topic at ``--join-rate``; a share ``--personal`` of them
   open a second socket on their own ``user:<id>`` topic (a personal topic, as the booth chat and
   the meeting pages follow), so that topics come and go with people, not only sockets.
2. For ``--minutes``, a share ``--writers`` of the first clients (they never leave) send a chat
   line every ``--period`` seconds, and every second ``--churn`` people leave (their sockets
   closed) and as many others join, from a pool of accounts that are away (``--spare``).
3. Then everybody leaves, and the server is given ``--drain`` seconds to forget them.

The server logs its tables every 10 s (PAVILION_LIVE_REPORT_EVERY, docs/deployment.md): memory,
asyncio tasks, sockets, topics, signed-in accounts, presence tables and Redis channels per
worker. The three measurements are asked of each worker with SIGUSR1, which makes it collect
garbage in full before it reports, so that memory and blocks count what is alive, not garbage
waiting for Python's next full collection (rare by design: pavilion.asgi). ``start`` is taken a
minute after the joins (the steady state with ``--clients`` people in), ``third`` a third of the
way through (``third_rss_kb``, ``third_blocks``: memory taken while the allocator warms up to the
churn shows between ``start`` and ``third``; a leak keeps growing after it, with the work), ``end``
before everybody leaves (the same number of people in), ``idle`` after they left. Summed over the workers; RSS is
also read from /proc. Each measurement also counts Python's arenas (``arenas``, 1 MB each) and the
room in them no object uses (``arena_free_kb``): RSS that grows with ``arenas`` while ``blocks``
stays level is arenas kept by a few long-lived objects, not a leak. And it reads the C library's
allocator (``malloc_used_kb``: what ``malloc`` hands out now, Python's allocations over 512 bytes and
every C library's; ``malloc_free_kb``: what it keeps freed), from glibc or a preloaded jemalloc.

The clients count what would be wrong: ``gaps`` and ``dups`` in a topic's event numbers, and
``lost``: (client, line) pairs where a chat line was acknowledged while the client was in the
session (after its snapshot, more than a second before it left) and never reached it. Chat latency
p99 is given for the first and the last five minutes, with the load generator's own event-loop lag
(p99 of how late a 100 ms sleep wakes) in the same windows: one process reads every socket, so a
line also waits there behind other frames, and a lag near the chat p99 means the generator, not
the server, set it.

Last line: ``clients= minutes= joins= leaves= start_rss_kb= third_rss_kb= end_rss_kb= idle_rss_kb=
start_blocks= third_blocks= end_blocks= idle_blocks= start_arenas= end_arenas= idle_arenas=
end_arena_free_kb= idle_arena_free_kb= start_/third_/end_/idle_malloc_used_kb= start_/third_/end_/idle_malloc_free_kb=
start_tasks= end_tasks= idle_tasks= start_topics= end_topics=
idle_topics= idle_connections= lost= gaps= dups= acked= first_p99_ms= last_p99_ms= first_lag_p99_ms=
last_lag_p99_ms= max_collect_ms= workers=`` (``max_collect_ms``: the measurements' full collections
with everybody in, summed over the workers: the pause a worker makes whenever Python collects in
full).

``--tracemalloc FRAMES`` runs the workers with tracemalloc on (``PYTHONTRACEMALLOC=FRAMES``), so each
measurement also writes a snapshot of every allocation and where it was made (live/memory.py). The
run then prints, before its last line, each worker's ``--top`` places that grew most from ``third``
to ``end`` (the same number of people in, the allocator already warmed up: what still grows is
kept by something), and the last line adds ``start_traced_kb= third_traced_kb= end_traced_kb=
idle_traced_kb=``: what Python's allocations of every size hold, which ``blocks`` (small objects
only) does not count. Tracing slows the workers and doubles their memory: its figures are for
finding where memory goes, not for RSS or latency.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from bench.faults import PADDING, p99
from bench.live_join import _recreate_database, prepare
from bench.live_load import raise_file_limit
from bench.processes import START_TIMEOUT, production_environment, production_server, worker_pids
from bench.resuming import ResumingClient, until
from pavilion.core.collections_tuning import keep_out_of_collections

#: Seconds between the server's reports of its tables.
REPORT_EVERY = 10
#: The steady state is taken this long after the last join (the joins' own work has settled).
SETTLE = 60.0
REPORT = re.compile(r"live tables (.*)$")


def _log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Person:
    """One account in the session: a socket on the session topic, and perhaps one on its own topic."""

    def __init__(self, url: str, session_topic: str, cookie: str, account: int, personal: bool) -> None:
        self.cookie, self.account = cookie, account
        self.session = ResumingClient(url, session_topic, cookie=cookie, name=str(account))
        self.own = ResumingClient(url, f"user:{account}", cookie=cookie, name=f"{account}/own") if personal else None
        self.left_at: float | None = None

    def clients(self) -> list[ResumingClient]:
        return [self.session] + ([self.own] if self.own is not None else [])

    def start(self) -> None:
        for client in self.clients():
            client.start()

    async def leave(self) -> None:
        self.left_at = time.monotonic()
        for client in self.clients():
            await client.stop()


class Soak:
    def __init__(self, url: str, topic: str, cookies: list[str], accounts: list[int], args: argparse.Namespace) -> None:
        self.url, self.topic, self.args = url, topic, args
        self.pool = list(zip(cookies, accounts, strict=True))
        self.rng = random.Random(7)  # noqa: S311 (a benchmark's choices, repeatable)
        self.present: list[Person] = []
        self.gone: list[Person] = []
        self.away: collections.deque[tuple[str, int]] = collections.deque(self.pool[args.clients :])
        self.writers: list[Person] = []
        self.acked: dict[int, float] = {}  # chat message id → when acknowledged (monotonic)
        self.failed = 0
        self.joins = self.leaves = 0
        self.running = True
        self.lags: list[tuple[float, float]] = []  # (when, seconds late) of the event loop's wake-ups

    def _person(self, cookie: str, account: int) -> Person:
        return Person(self.url, self.topic, cookie, account, self.rng.random() < self.args.personal)

    async def join_all(self) -> None:
        for number, (cookie, account) in enumerate(self.pool[: self.args.clients]):
            person = self._person(cookie, account)
            person.start()
            self.present.append(person)
            await asyncio.sleep(1 / self.args.join_rate if number % 10 == 9 else 0)
        count = max(1, round(self.args.clients * self.args.writers))
        self.writers = self.present[:count]
        await until(lambda: all(c.live.is_set() for p in self.present for c in p.clients()), what="joins", timeout=300)

    async def write(self) -> None:
        async def one(writer: Person) -> None:
            await asyncio.sleep(self.rng.uniform(0, self.args.period))
            line = 0
            while self.running:
                line += 1
                try:
                    text = f"soak {writer.account} {line} {PADDING[:120]} t={time.time():.6f}"
                    answer = await writer.session.command("chat.send", {"text": text})
                except (ConnectionError, TimeoutError):
                    self.failed += 1
                else:
                    if answer["type"] == "ack":
                        self.acked[answer["data"]["id"]] = time.monotonic()
                    else:
                        self.failed += 1
                await asyncio.sleep(self.args.period)

        await asyncio.gather(*(one(writer) for writer in self.writers))

    async def churn(self) -> None:
        """Every second, ``--churn`` people (never writers) leave and as many who were away join."""
        while self.running:
            await asyncio.sleep(1)
            movable = [person for person in self.present if person not in self.writers]
            leaving = self.rng.sample(movable, min(self.args.churn, len(movable)))
            for person in leaving:
                self.present.remove(person)
            await asyncio.gather(*(person.leave() for person in leaving))  # at once: closing takes a round trip
            for person in leaving:
                self.gone.append(person)
                self.away.append((person.cookie, person.account))
                self.leaves += 1
            for _ in range(len(leaving)):
                cookie, account = self.away.popleft()
                person = self._person(cookie, account)
                person.start()
                self.present.append(person)
                self.joins += 1

    def lost(self, *, resnapshotted: bool) -> int:
        """Lines a client never got; with ``resnapshotted`` False, only of clients that got one snapshot
        (a later fresh snapshot holds only the latest lines: those before it scrolled away, not lost)."""
        missing = 0
        for person in self.present + self.gone:
            client = person.session
            if client.first_live is None or (client.snapshots > 1 and not resnapshotted):
                continue
            until_ = (person.left_at - 1.0) if person.left_at is not None else float("inf")
            in_session = (message for message, at in self.acked.items() if client.first_live < at < until_)
            missing += sum(1 for message in in_session if message not in client.seen)
        return missing

    async def watch_lag(self) -> None:
        """How late this process's event loop wakes from a 100 ms sleep: the load generator's own delay.

        One process reads every socket, so a chat line's latency includes the time the line waited
        in the generator behind other frames; ``lag_p99`` says how much of the chat p99 is that.
        """
        while self.running:
            asked = time.monotonic()
            await asyncio.sleep(0.1)
            self.lags.append((time.monotonic(), time.monotonic() - asked - 0.1))

    def lag_p99(self, since: float, until_: float) -> float:
        return p99([lag for at, lag in self.lags if since <= at < until_]) * 1000

    def latency_p99(self, since: float, until_: float) -> float:
        values = [
            latency
            for person in self.present + self.gone
            for at, latency in person.session.latencies
            if since <= at < until_
        ]
        return p99(values) * 1000


def reports(log: Path) -> list[dict[str, int]]:
    """Every ``live tables`` line the server logged so far, as figures."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        match = REPORT.search(line)
        if match:
            found.append({name: int(value) for name, _, value in (pair.partition("=") for pair in match[1].split())})
    return found


async def measure(log: Path, pids: list[int]) -> dict[str, int]:
    """Each worker's tables after a full collection (asked with SIGUSR1), summed."""
    asked = {pid: sum(1 for report in reports(log) if report["pid"] == pid and "collected" in report) for pid in pids}
    for pid in pids:
        os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + 120
    while True:
        found = {pid: [r for r in reports(log) if r["pid"] == pid and "collected" in r] for pid in pids}
        if all(len(found[pid]) > asked[pid] for pid in pids):
            break
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not answer SIGUSR1 with their tables within 120 s")
        await asyncio.sleep(0.5)
    return _summed({pid: found[pid][-1] for pid in pids})


def latest(log: Path, pids: list[int]) -> dict[str, int]:
    """The latest report of each worker, summed; ``rss_kb`` read from /proc for the same workers."""
    by_pid: dict[int, dict[str, int]] = {}
    for report in reports(log):
        by_pid[report["pid"]] = report
    missing = [pid for pid in pids if pid not in by_pid]
    if missing:
        raise SystemExit(f"no report from workers {missing} (is PAVILION_LIVE_REPORT_EVERY set?)")
    return _summed({pid: by_pid[pid] for pid in pids})


def _summed(report_of: dict[int, dict[str, int]]) -> dict[str, int]:
    """One report per worker, added up; ``rss_kb`` read from /proc for the same workers."""
    total: collections.Counter[str] = collections.Counter()
    for report in report_of.values():
        total.update({name: value for name, value in report.items() if name != "pid"})
    total["rss_kb"] = sum(_resident_kb(pid) for pid in report_of)
    return dict(total)


def _resident_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def soak(args: argparse.Namespace, url: str, topic: str, log: Path, pids: list[int]) -> str:
    cookies = json.loads(Path(args.cookie_file).read_text())
    soak_ = Soak(url, topic, [f"{cookies['cookie']}={key}" for key in cookies["keys"]], cookies["users"], args)
    began = time.monotonic()
    await soak_.join_all()
    _log(f"{len(soak_.present)} people joined in {time.monotonic() - began:.0f} s; writing and coming and going")
    # The generator is the measuring instrument: what the joins made is kept out of its collections,
    # whose pauses would otherwise count as chat latency, longer as the clients' records grow.
    gc.collect()
    keep_out_of_collections()
    writing = asyncio.create_task(soak_.write())
    churning = asyncio.create_task(soak_.churn())
    lagging = asyncio.create_task(soak_.watch_lag())
    await asyncio.sleep(SETTLE)
    start = await measure(log, pids)
    started = time.monotonic()
    _log(f"start: {start}")
    ends = started + args.minutes * 60
    third: dict[str, int] = {}
    while time.monotonic() < ends:
        await asyncio.sleep(min(60, ends - time.monotonic()))
        _log(f"{(time.monotonic() - started) / 60:.0f} min: {latest(log, pids)} joins={soak_.joins}")
        if not third and time.monotonic() - started >= args.minutes * 60 / 3:
            third = await measure(log, pids)
            _log(f"a third in: {third}")
    soak_.running = False
    await churning
    await writing
    await lagging
    await asyncio.sleep(REPORT_EVERY + 2)  # a report with the churn's last people in
    end = await measure(log, pids)
    _log(f"end: {end}")
    first = soak_.latency_p99(started, started + 300)
    last = soak_.latency_p99(ends - 300, ends)
    lag = (soak_.lag_p99(started, started + 300), soak_.lag_p99(ends - 300, ends))
    everyone = [client for person in soak_.present + soak_.gone for client in person.clients()]
    lost, lost_all = soak_.lost(resnapshotted=False), soak_.lost(resnapshotted=True)
    gaps = sum(c.gaps for c in everyone)
    dups = sum(c.duplicates for c in everyone)
    closes = collections.Counter(str(code) for c in everyone for code, _reason in c.closes)
    again = (sum(c.snapshots > 1 for c in everyone), sum(c.resumes for c in everyone))
    _log(f"closes by code: {dict(closes)}; clients with a later fresh snapshot: {again[0]}; resumes: {again[1]}")
    for person in list(soak_.present):
        await person.leave()
    await asyncio.sleep(args.drain)
    idle = await measure(log, pids)
    _log(f"idle: {idle}")
    measured = {"start": start, "third": third, "end": end, "idle": idle}
    return (
        f"clients={args.clients} minutes={args.minutes:g} joins={soak_.joins} leaves={soak_.leaves} "
        f"start_rss_kb={start['rss_kb']} third_rss_kb={third.get('rss_kb', 0)} end_rss_kb={end['rss_kb']} "
        f"idle_rss_kb={idle['rss_kb']} start_blocks={start['blocks']} third_blocks={third.get('blocks', 0)} "
        f"end_blocks={end['blocks']} idle_blocks={idle['blocks']} "
        f"start_arenas={start['arenas']} end_arenas={end['arenas']} idle_arenas={idle['arenas']} "
        f"end_arena_free_kb={end['arena_free_kb']} idle_arena_free_kb={idle['arena_free_kb']} "
        + "".join(f"{name}_malloc_used_kb={taken.get('malloc_used_kb', 0)} " for name, taken in measured.items())
        + "".join(f"{name}_malloc_free_kb={taken.get('malloc_free_kb', 0)} " for name, taken in measured.items())
        + f"start_tasks={start['tasks']} end_tasks={end['tasks']} idle_tasks={idle['tasks']} "
        f"start_topics={start['topics']} end_topics={end['topics']} idle_topics={idle['topics']} "
        f"start_connections={start['connections']} end_connections={end['connections']} "
        f"idle_connections={idle['connections']} idle_accounts={idle['accounts']} idle_viewed={idle['viewed']} "
        f"idle_channels={idle.get('channels', 0)} lost={lost} lost_counting_resnapshotted={lost_all} gaps={gaps} "
        f"dups={dups} resnapshotted={again[0]} resumes={again[1]} acked={len(soak_.acked)} "
        f"failed_commands={soak_.failed} first_p99_ms={first:.0f} last_p99_ms={last:.0f} "
        f"first_lag_p99_ms={lag[0]:.0f} last_lag_p99_ms={lag[1]:.0f} "
        f"max_collect_ms={max(start['collect_ms'], end['collect_ms'])}"
        + "".join(f" {name}_traced_kb={taken['traced_kb']}" for name, taken in measured.items() if "traced_kb" in taken)
    )


def traced_growth(folder: Path, pids: list[int], top: int) -> list[str]:
    """Each worker's ``top`` places that grew most between its ``third`` and ``end`` snapshots.

    A worker's snapshots are numbered in the order it was measured: start 0, third 1, end 2, idle 3.
    """
    import tracemalloc

    lines = []
    for pid in pids:
        third = tracemalloc.Snapshot.load(str(folder / f"{pid}-1.snapshot"))
        end = tracemalloc.Snapshot.load(str(folder / f"{pid}-2.snapshot"))
        for stat in end.compare_to(third, "traceback")[:top]:
            # The allocation's own line first, then the calls that led to it.
            where = " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(stat.traceback))
            grew = f"grew_kb={stat.size_diff // 1024} blocks={stat.count_diff:+d} now_kb={stat.size // 1024}"
            lines.append(f"pid={pid} {grew} at {where}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=5000, help="people in the session at once (default 5000)")
    parser.add_argument("--minutes", type=float, default=30, help="how long it runs after settling (default 30)")
    parser.add_argument("--join-rate", type=float, default=200, help="joins per second at the start (default 200)")
    parser.add_argument("--personal", type=float, default=0.2, help="share with a socket on user:<id> (default 0.2)")
    parser.add_argument("--writers", type=float, default=0.01, help="share of people who write (default 0.01)")
    parser.add_argument("--period", type=float, default=30, help="seconds between a writer's lines (default 30)")
    parser.add_argument("--churn", type=int, default=5, help="people leaving, and joining, per second (default 5)")
    parser.add_argument("--spare", type=float, default=0.2, help="accounts away at any time, share (default 0.2)")
    parser.add_argument("--drain", type=float, default=30, help="seconds after everybody left (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (default 2)")
    parser.add_argument("--server-log", help="keep the server's log (every report) at this path")
    parser.add_argument(
        "--tracemalloc", type=int, default=0, metavar="FRAMES", help="trace the workers' allocations (see above)"
    )
    parser.add_argument("--top", type=int, default=15, help="with --tracemalloc: places printed per worker")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set this in the server's environment only (repeatable), e.g. PYTHONMALLOC=malloc or "
        "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2, to compare allocators",
    )
    args = parser.parse_args(argv)
    for setting in args.server_env:
        if "=" not in setting:
            parser.error(f"--server-env takes NAME=VALUE, not {setting!r}")
    database_url = os.environ.get("PAVILION_DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set PAVILION_DATABASE_URL to a PostgreSQL database the benchmark may drop and create.")
    raise_file_limit()
    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-soak-"))
    args.cookie_file = str(var_dir / "cookies.json")
    env = production_environment(var_dir, PAVILION_LIVE_REPORT_EVERY=str(REPORT_EVERY))
    os.environ.update(env)
    try:
        import redis

        _recreate_database(database_url)
        redis.Redis.from_url(os.environ["PAVILION_REDIS_URL"]).flushdb()
        accounts = args.clients + max(args.churn, round(args.clients * args.spare))
        _log(f"preparing the demo and {accounts} signed-in accounts")
        prepared = prepare(accounts, Path(args.cookie_file))
        server_env = {**env, **dict(setting.split("=", 1) for setting in args.server_env)}
        if args.tracemalloc:
            server_env["PYTHONTRACEMALLOC"] = str(args.tracemalloc)
        # Tracing every allocation, a worker imports and renders its first page several times slower.
        start_timeout = 600 if args.tracemalloc else START_TIMEOUT
        with production_server(server_env, var_dir, args.workers, start_timeout) as (port, server):
            pids = worker_pids(server)
            url = f"ws://127.0.0.1:{port}/live"
            line = asyncio.run(soak(args, url, f"session:{prepared['session']}", var_dir / "server.log", pids))
        if args.tracemalloc:
            for growth in traced_growth(var_dir / "tracemalloc", pids, args.top):
                print(growth, flush=True)
        print(f"{line} workers={args.workers}", flush=True)
        return 0
    finally:
        if args.server_log and (var_dir / "server.log").exists():
            shutil.copy(var_dir / "server.log", args.server_log)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
