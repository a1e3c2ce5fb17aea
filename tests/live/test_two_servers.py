"""Two server processes sharing Redis: clients on each receive each other's messages, in one order."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import websockets

from pavilion.live.aggregates import STALE_AFTER
from tests.conftest import migrate_site, require_service, run_pavilion
from tests.servers import running_server, serving

pytestmark = pytest.mark.own_database

ISSUE_TOKEN = (
    "from pavilion.accounts.models import User; from pavilion.live.auth import issue_ticket; "
    "print(issue_ticket(User.objects.create_user('{email}', 'a-long-password-1')))"
)


async def _exchange(first: str, second: str, first_token: str, second_token: str) -> tuple[list[Any], list[Any]]:
    async def subscribed(base: str, token: str) -> Any:
        socket_ = await websockets.connect(f"{base.replace('http://', 'ws://')}/live?token={token}")
        await socket_.send(json.dumps({"type": "subscribe", "topic": "testroom:42"}))
        snapshot = json.loads(await asyncio.wait_for(socket_.recv(), 5))
        assert snapshot["type"] == "snapshot", snapshot
        return socket_

    alice, bao = await subscribed(first, first_token), await subscribed(second, second_token)
    heard: dict[Any, list[tuple[int, str]]] = {alice: [], bao: []}

    async def until_heard(socket_: Any, count: int) -> list[tuple[int, str]]:
        seen = heard[socket_]
        while len(seen) < count:
            frame = json.loads(await asyncio.wait_for(socket_.recv(), 10))
            if frame["type"] == "event":
                seen.append((frame["seq"], frame["event"]["said"]))
        return seen

    said = [(alice, "Good morning from server one"), (bao, "Xin chào from server two"), (alice, "Thank you, Chair")]
    for number, (socket_, text) in enumerate(said, start=1):
        await socket_.send(
            json.dumps({"type": "command", "topic": "testroom:42", "name": "testroom.say", "data": {"text": text}})
        )
        # The next one speaks only once the sender has heard this line back through Redis, so the three
        # are in a known order across the two servers without guessing how long Redis takes.
        assert (await until_heard(socket_, number))[-1][1] == text

    try:
        return list(await until_heard(alice, 3)), list(await until_heard(bao, 3))
    finally:
        await alice.close()
        await bao.close()


def test_clients_on_two_servers_hear_each_other_in_order(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    migrate_site(tmp_path)
    feature = {"PAVILION_REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "tests.live.server_settings"}
    with (
        running_server(tmp_path, workers=1, migrate=False, **feature) as first,
        running_server(tmp_path, workers=1, migrate=False, **feature) as second,
    ):
        # Tickets last 30 s: issued once both servers answer, however slowly they started.
        tokens = [
            run_pavilion(["shell", "--no-imports", "-c", ISSUE_TOKEN.format(email=email)], tmp_path, PAVILION_DEBUG="1")
            for email in ("alice@example.org", "bao@example.org")
        ]
        assert [result.returncode for result in tokens] == [0, 0], [result.stderr for result in tokens]
        heard_first, heard_second = asyncio.run(
            _exchange(first, second, tokens[0].stdout.strip(), tokens[1].stdout.strip())
        )
    expected = ["Good morning from server one", "Xin chào from server two", "Thank you, Chair"]
    assert [text for _seq, text in heard_first] == expected
    assert heard_first == heard_second
    assert [seq for seq, _text in heard_first] == sorted(seq for seq, _text in heard_first)


async def _presence_after_a_graceful_stop(first: str, second: str, tokens: list[str], stop: Any) -> list[int]:
    """Alice on the first server and Bao on the second follow one room; the second server stops in order.
    Returns the viewer counts Alice is sent, until she is alone again."""

    async def subscribed(base: str, token: str) -> Any:
        socket_ = await websockets.connect(f"{base.replace('http://', 'ws://')}/live?token={token}")
        await socket_.send(json.dumps({"type": "subscribe", "topic": "testhall:7"}))
        return socket_

    alice = await subscribed(first, tokens[0])
    counts: list[int] = []

    async def until_alice_hears(viewers: int) -> None:
        while not counts or counts[-1] != viewers:
            try:
                frame = json.loads(await asyncio.wait_for(alice.recv(), 10))
            except TimeoutError:
                raise AssertionError(f"Alice heard {counts} and then nothing for 10 s, waiting for {viewers}") from None
            if frame["type"] == "presence":
                counts.append(frame["viewers"])

    bao = await subscribed(second, tokens[1])
    try:
        await until_alice_hears(2)
        loop = asyncio.get_running_loop()
        stopped_at = loop.time()
        await loop.run_in_executor(None, stop)  # SIGTERM, and wait until the process has ended
        await until_alice_hears(1)
        # The farewell, not the 15 s after which a silent process stops counting.
        assert loop.time() - stopped_at < STALE_AFTER - 5
        return counts
    finally:
        await alice.close()
        await bao.close()


def test_presence_drops_at_once_when_a_server_stops_in_order(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    migrate_site(tmp_path)
    feature = {"PAVILION_REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "tests.live.server_settings"}
    with (
        running_server(tmp_path, workers=1, migrate=False, **feature) as first,
        serving(tmp_path, workers=1, migrate=False, **feature) as (second, second_process),
    ):
        tokens = [
            run_pavilion(["shell", "--no-imports", "-c", ISSUE_TOKEN.format(email=email)], tmp_path, PAVILION_DEBUG="1")
            for email in ("alice@example.org", "bao@example.org")
        ]
        assert [result.returncode for result in tokens] == [0, 0], [result.stderr for result in tokens]

        def stop() -> None:
            second_process.terminate()
            second_process.wait(timeout=30)

        counts = asyncio.run(
            _presence_after_a_graceful_stop(first, second, [result.stdout.strip() for result in tokens], stop)
        )
    assert counts[-2:] == [2, 1]
