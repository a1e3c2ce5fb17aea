"""Faults at scale: a worker killed, Redis lost and restarted empty, with N signed-in clients.

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_bench_faults \\
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python -m bench.faults --scenario worker_killed --clients 1000

The tests in tests/faults/ play the same scenarios with a few clients in CI; here they run with
many, on the production path: PostgreSQL, `pavilion serve --workers 2` with production settings,
the demo's opening session made live, every client a signed-in account with its session cookie
(bench/live_join.py's preparation). Clients are bench/resuming.py's: they resume as live.js does.

- ``worker_killed``: the clients join at ``--join-rate``; a share of them (``--writers``) send a
  chat line every ``--period`` seconds, each waiting for its ack. ``--before`` seconds after the
  last join, the worker holding the most sockets gets SIGKILL; writing goes on for ``--after``
  seconds. Redis is PAVILION_REDIS_URL's.
- ``redis_restart``: the same, with a Redis of the benchmark's own (a `redis-server` on a free port,
  nothing on disk) that is killed, left away for ``--outage`` seconds and started again empty.
- ``slow_consumers``: the same load; ``--slow`` of the clients (never writers; their sockets with a
  small receive buffer, as a phone on a poor link) stop reading for ``--stall`` seconds, then read
  again. The server should cut them (4008) once its queue for them is full, without slowing the
  others, and they resume with ``since``. Chat lines carry their sending time: ``base_p99_ms`` is
  the readers' chat latency in the ``--before`` seconds before the stall, ``stall_p99_ms`` during
  it (budget: within 20% of the first); ``cut`` slow clients closed with 4008.

Figures: ``resumed`` clients that came back after the fault (by resuming or a fresh snapshot);
``gaps`` and ``dups`` what the clients saw wrong; ``lost_acked`` (client, line) pairs where a line
was acknowledged after the client's first snapshot and never reached it; ``refused`` commands
answered ``unavailable``; ``recovery_ms`` from the fault's end (the kill, or Redis back) until the
last affected client was live again.

Last line: ``scenario= clients= resumed= gaps= dups= lost_acked= refused= acked= recovery_ms=``
(``slow_consumers`` adds ``slow= cut= base_p99_ms= stall_p99_ms= ratio=``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.live_join import _recreate_database, prepare
from bench.live_load import raise_file_limit
from bench.processes import (
    free_port,
    open_connections,
    private_redis,
    production_environment,
    production_server,
    worker_pids,
)
from bench.resuming import ResumingClient, until
from pavilion.live.protocol import CLOSE_SLOW_CONSUMER

#: SO_RCVBUF of a stalled client's socket: small, so that the server's queue for it fills in seconds.
SLOW_BUFFER = 4096
#: Chat lines near the 500-character limit, so each costs a stalled socket's buffers what a busy chat would.
PADDING = "x" * 420


def _log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Load:
    """The clients, the writers' loop and what they acknowledged."""

    def __init__(self, url: str, topic: str, cookies: list[str], args: argparse.Namespace) -> None:
        slow = round(len(cookies) * args.slow) if args.scenario == "slow_consumers" else 0
        self.clients = [
            ResumingClient(
                url, topic, cookie=cookie, name=str(n), receive_buffer=SLOW_BUFFER if n >= len(cookies) - slow else None
            )
            for n, cookie in enumerate(cookies)
        ]
        count = max(1, round(len(self.clients) * args.writers))
        self.writers = self.clients[:count]
        self.slow = self.clients[len(self.clients) - slow :] if slow else []
        self.args = args
        self.acked: dict[int, float] = {}  # message id → when acknowledged (monotonic)
        self.refused = 0
        self.failed = 0
        self.writing = True

    async def join(self) -> None:
        for number, client in enumerate(self.clients):
            client.start()
            await asyncio.sleep(1 / self.args.join_rate if number % 10 == 9 else 0)
        await until(lambda: all(client.live.is_set() for client in self.clients), what="every join", timeout=120)

    async def write(self) -> None:
        async def one(writer: ResumingClient) -> None:
            await asyncio.sleep(random.uniform(0, self.args.period))  # noqa: S311
            line = 0
            while self.writing:
                line += 1
                try:
                    text = f"faults {writer.name} {line} {PADDING} t={time.time():.6f}"
                    answer = await writer.command("chat.send", {"text": text})
                except (ConnectionError, TimeoutError):
                    self.failed += 1
                else:
                    if answer["type"] == "ack":
                        self.acked[answer["data"]["id"]] = time.monotonic()
                    elif answer.get("code") == "unavailable":
                        self.refused += 1
                    else:
                        self.failed += 1
                await asyncio.sleep(self.args.period)

        await asyncio.gather(*(one(writer) for writer in self.writers))

    def figures(self, scenario: str, fault: tuple[float, float]) -> str:
        began, fault_end = fault
        # Affected: clients that lost their socket or got a fresh snapshot because of the fault.
        affected = [client for client in self.clients if client.reconnects or client.first_live_after(began)]
        back = [client.first_live_after(began) for client in affected]
        recovered = [at for at in back if at is not None]
        last = max(recovered, default=fault_end)
        missing = [
            (client, message, at)
            for client in self.clients
            for message, at in self.acked.items()
            if client.first_live is not None and at > client.first_live and message not in client.seen
        ]
        lost = len(missing)
        for client, message, at in missing[:5]:
            _log(
                f"lost: client {client.name} line {message} acked at {at - fault_end:+.2f} s; live at "
                f"{[round(t - fault_end, 2) for t in client.went_live]}, {client.snapshots} snapshots, "
                f"{client.resumes} resumes, closes {client.closes}"
            )
        return (
            f"scenario={scenario} clients={len(self.clients)} resumed={len(recovered)}/{len(affected)} "
            f"gaps={sum(c.gaps for c in self.clients)} dups={sum(c.duplicates for c in self.clients)} "
            f"lost_acked={lost} refused={self.refused} acked={len(self.acked)} failed_commands={self.failed} "
            f"recovery_ms={round((last - fault_end) * 1000)}"
        )

    def stall_figures(self, fault: tuple[float, float]) -> str:
        """How the readers fared before and during the stall, and what became of the stalled clients."""
        began, ended = fault
        readers = [client for client in self.clients if client not in self.slow]
        timed = [(at, latency) for client in readers for at, latency in client.latencies]
        before = [latency for at, latency in timed if began - self.args.before <= at < began]
        during = [latency for at, latency in timed if began <= at < ended]
        base, stalled = p99(before) * 1000, p99(during) * 1000
        cut = sum(1 for client in self.slow if any(code == CLOSE_SLOW_CONSUMER for code, _reason in client.closes))
        return (
            f"slow={len(self.slow)} cut={cut} base_p99_ms={base:.0f} stall_p99_ms={stalled:.0f} "
            f"ratio={stalled / base if base else 0:.2f} base_lines={len(before)} stall_lines={len(during)}"
        )


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0


async def slow_consumers(load: Load, stall: float) -> tuple[float, float]:
    """(when the slow clients stopped reading, when they read again)."""
    _log(f"{len(load.slow)} clients stop reading for {stall:g} s")
    began = time.monotonic()
    for client in load.slow:
        client.pause()
    await asyncio.sleep(stall)
    for client in load.slow:
        client.resume_reading()
    return began, time.monotonic()


async def worker_killed(load: Load, server: subprocess.Popen[bytes], port: int) -> tuple[float, float]:
    """(when the fault began, when it ended): here both the kill."""
    pid = max(worker_pids(server), key=lambda worker: open_connections(worker, port))
    _log(f"killing worker {pid} ({open_connections(pid, port)} sockets)")
    os.kill(pid, signal.SIGKILL)
    return time.monotonic(), time.monotonic()


async def redis_restart(load: Load, redis_server: Any, port: int, outage: float) -> tuple[float, float]:
    """(when Redis was killed, when it is about to listen again)."""
    _log(f"killing Redis for {outage:g} s")
    began = time.monotonic()
    redis_server.kill()
    redis_server.wait(timeout=10)
    await asyncio.sleep(outage)
    return began, time.monotonic()


async def scenario_run(args: argparse.Namespace, url: str, prepared: dict[str, Any], fault: Any) -> str:
    cookies = json.loads(Path(args.cookie_file).read_text())
    headers = [f"{cookies['cookie']}={key}" for key in cookies["keys"]]
    load = Load(url, f"session:{prepared['session']}", headers, args)
    await load.join()
    _log(f"{len(load.clients)} clients joined; writing")
    writing = asyncio.create_task(load.write())
    await asyncio.sleep(args.before)
    times = await fault(load)
    await asyncio.sleep(args.after)
    load.writing = False
    await writing
    try:
        await until(lambda: all(client.live.is_set() for client in load.clients), what="every client back", timeout=60)
    except AssertionError:
        for client in [client for client in load.clients if not client.live.is_set()][:5]:
            _log(
                f"not back: client {client.name}: closes {client.closes}, {client.reconnects} reconnects, {client.describe()}"
            )
        raise
    await asyncio.sleep(args.drain)
    for client in load.clients:
        await client.stop()
    line = load.figures(args.scenario, times)
    return f"{line} {load.stall_figures(times)}" if args.scenario == "slow_consumers" else line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=["worker_killed", "redis_restart", "slow_consumers"], required=True)
    parser.add_argument("--clients", type=int, default=1000, help="signed-in clients (default 1000)")
    parser.add_argument("--join-rate", type=float, default=200, help="joins per second (default 200)")
    parser.add_argument("--writers", type=float, default=0.01, help="share of clients that write (default 0.01)")
    parser.add_argument("--period", type=float, default=2, help="seconds between a writer's lines (default 2)")
    parser.add_argument("--before", type=float, default=5, help="seconds of writing before the fault (default 5)")
    parser.add_argument("--after", type=float, default=15, help="seconds of writing after it (default 15)")
    parser.add_argument("--outage", type=float, default=5, help="seconds Redis stays away (default 5)")
    parser.add_argument("--drain", type=float, default=3, help="seconds for late events (default 3)")
    parser.add_argument("--slow", type=float, default=0.05, help="share of clients that stall (default 0.05)")
    parser.add_argument("--stall", type=float, default=60, help="seconds they stop reading (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (default 2)")
    args = parser.parse_args(argv)
    database_url = os.environ.get("PAVILION_DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set PAVILION_DATABASE_URL to a PostgreSQL database the benchmark may drop and create.")
    raise_file_limit()
    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-faults-"))
    args.cookie_file = str(var_dir / "cookies.json")
    redis_port = free_port()
    redis_url = (
        f"redis://127.0.0.1:{redis_port}/0" if args.scenario == "redis_restart" else os.environ["PAVILION_REDIS_URL"]
    )
    env = production_environment(var_dir, PAVILION_REDIS_URL=redis_url)
    os.environ.update(env)
    try:
        own = private_redis(redis_port) if args.scenario == "redis_restart" else contextlib.nullcontext(None)
        with own as own_redis:
            _recreate_database(database_url)
            if args.scenario != "redis_restart":
                import redis

                redis.Redis.from_url(redis_url).flushdb()
            _log(f"preparing the demo and {args.clients} signed-in accounts")
            prepared = prepare(args.clients, Path(args.cookie_file))
            with production_server(env, var_dir, args.workers) as (port, server), contextlib.ExitStack() as later:
                url = f"ws://127.0.0.1:{port}/live"

                async def fault(load: Load) -> tuple[float, float]:
                    if args.scenario == "worker_killed":
                        return await worker_killed(load, server, port)
                    if args.scenario == "slow_consumers":
                        return await slow_consumers(load, args.stall)
                    end = await redis_restart(load, own_redis, redis_port, args.outage)
                    later.enter_context(private_redis(redis_port))  # the same address, empty
                    return end

                line = asyncio.run(scenario_run(args, url, prepared, fault))
        print(f"{line} workers={args.workers}", flush=True)
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
