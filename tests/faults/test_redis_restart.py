"""Redis goes away and comes back empty: commands meanwhile are refused with a clear error, never
acknowledged unstored, and live traffic recovers by itself (issue 13).

A Redis of the test's own (`redis-server` on a free port, keeping nothing on disk) is killed while
clients follow a live session through `pavilion serve`, then started again: its history and topic
numbering are gone. The gateway notices, and once Redis is back sends every subscription a fresh
snapshot where it is (no reconnecting), numbered by the new Redis.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bench.processes import private_redis
from bench.resuming import ResumingClient, until
from tests.faults.conftest import live_session, stored_messages
from tests.servers import free_port, running_server

pytestmark = pytest.mark.own_database

READERS = 4


def test_commands_are_refused_while_redis_is_away_and_clients_resume_once_it_is_back(tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed (Debian's redis-server package, installed by .ci/install-system-packages)")
    port = free_port()
    environment = {"PAVILION_DEBUG": "1", "PAVILION_REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    made = live_session(tmp_path, writers=1, **{"PAVILION_DEBUG": "1"})

    async def scenario(url: str) -> tuple[list[ResumingClient], list[int], list[str]]:
        writer = ResumingClient(url, made["topic"], cookie=made["cookies"][0], name="writer")
        clients = [writer, *(ResumingClient(url, made["topic"], name=f"r{n}") for n in range(READERS))]
        for client in clients:
            client.start()
        await until(lambda: all(client.live.is_set() for client in clients), what="every client subscribed")
        acked: list[int] = []
        before = await writer.command("chat.send", {"text": "Before the outage"})
        acked.append(before["data"]["id"])
        await until(lambda: all(acked[0] in client.messages for client in clients), what="the first line everywhere")

        redis_server.kill()
        redis_server.wait(timeout=10)
        answers: list[str] = []
        # Until the gateway has noticed, a command may still be stored (and acknowledged); from then
        # on every command is refused with "unavailable", and nothing is stored for it.
        for attempt in range(100):
            answer = await writer.command("chat.send", {"text": f"During the outage {attempt}"})
            answers.append(answer.get("code", answer["type"]))
            if answer["type"] == "ack":
                acked.append(answer["data"]["id"])
            if answers[-3:] == ["unavailable"] * 3:
                break
            await asyncio.sleep(0.05)
        return clients, acked, answers

    async def after(clients: list[ResumingClient], acked: list[int]) -> None:
        writer = clients[0]
        await until(lambda: all(client.snapshots >= 2 for client in clients), what="every client's fresh snapshot")
        answer = await writer.command("chat.send", {"text": "After the outage"})
        assert answer["type"] == "ack", answer
        acked.append(answer["data"]["id"])
        await until(lambda: all(set(acked) <= set(client.messages) for client in clients), what="every line everywhere")
        for client in clients:
            await client.stop()

    with private_redis(port) as redis_server, running_server(tmp_path, workers=1, migrate=False, **environment) as base:
        url = base.replace("http://", "ws://") + "/live"
        loop = asyncio.new_event_loop()
        try:
            clients, acked, answers = loop.run_until_complete(scenario(url))
            with private_redis(port):  # the same address, empty: history and numbering are gone
                loop.run_until_complete(after(clients, acked))
        finally:
            loop.close()

    assert answers[-3:] == ["unavailable"] * 3
    assert set(answers) <= {"ack", "unavailable"}
    stored = stored_messages(tmp_path, made["session"], PAVILION_DEBUG="1")
    assert stored == sorted(acked)  # acknowledged means stored, and a refused command stored nothing
    for client in clients:
        assert sorted(client.messages) == stored, client.name
        assert client.duplicates == 0, client.name
        # A fresh snapshot where it was: no reconnecting.
        assert (client.closes, client.reconnects) == ([], 0), client.name
