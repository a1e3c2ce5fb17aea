"""A worker is killed mid-chat: its clients come back through the surviving worker, and nobody
misses or sees twice an acknowledged message (issue 13; bench/faults.py runs it with 1,000 clients).

`pavilion serve --workers 2` with Redis. Eight readers and two writers follow a live session;
the writers send chat lines one after another, each waiting for its ack. Mid-way one worker gets
SIGKILL. The clients it held see their sockets drop, reconnect (to the other worker, or to the
one uvicorn starts in its place) and resume with ``since`` from Redis's history.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from bench.processes import open_connections, worker_pids
from bench.resuming import ResumingClient, until
from tests.conftest import require_service
from tests.faults.conftest import live_session, stored_messages
from tests.servers import serving

pytestmark = pytest.mark.own_database

READERS = 8
LINES_PER_WRITER = 6


def test_clients_of_a_killed_worker_resume_and_every_acknowledged_line_arrives_once(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    environment = {"PAVILION_DEBUG": "1", "PAVILION_REDIS_URL": redis_url}
    made = live_session(tmp_path, writers=2, **environment)

    async def scenario(url: str, workers: list[int]) -> tuple[list[ResumingClient], list[int]]:
        writers = [
            ResumingClient(url, made["topic"], cookie=cookie, name=f"w{n}") for n, cookie in enumerate(made["cookies"])
        ]
        clients = [*writers, *(ResumingClient(url, made["topic"], name=f"r{n}") for n in range(READERS))]
        for client in clients:
            client.start()
        await until(lambda: all(client.live.is_set() for client in clients), what="every client subscribed")
        acked: list[int] = []

        async def write(writer: ResumingClient, lines: range) -> None:
            for line in lines:
                try:
                    answer = await writer.command("chat.send", {"text": f"{writer.name} line {line}"})
                except (ConnectionError, TimeoutError):
                    continue  # dropped before its answer: not acknowledged, so not counted
                if answer["type"] == "ack":
                    acked.append(answer["data"]["id"])

        half = LINES_PER_WRITER // 2
        await asyncio.gather(*(write(writer, range(half)) for writer in writers))
        # The worker holding the most sockets (one worker may have accepted them all).
        port = int(url.rpartition(":")[2].partition("/")[0])
        os.kill(max(workers, key=lambda pid: open_connections(pid, port)), signal.SIGKILL)
        await asyncio.gather(*(write(writer, range(half, LINES_PER_WRITER)) for writer in writers))
        await until(
            lambda: all(set(acked) <= set(client.messages) for client in clients),
            what="every client to hold every acknowledged line",
        )
        for client in clients:
            await client.stop()
        return clients, acked

    with serving(tmp_path, workers=2, migrate=False, **environment) as (base, server):
        workers = worker_pids(server)
        assert len(workers) == 2
        clients, acked = asyncio.run(scenario(base.replace("http://", "ws://") + "/live", workers))
    stored = stored_messages(tmp_path, made["session"], **environment)
    assert set(acked) <= set(stored)  # acknowledged means stored
    assert len(acked) >= LINES_PER_WRITER  # the writers kept writing through the fault
    assert sum(client.reconnects for client in clients) >= 1  # the killed worker held somebody
    for client in clients:
        assert (client.gaps, client.duplicates) == (0, 0), client.name
        assert len(client.messages) == len(set(client.messages)), client.name
        # Whatever reached the database reached every client, each line once.
        assert sorted(client.messages) == stored, client.name
