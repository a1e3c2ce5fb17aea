"""Presence counts and tallies through the gateway: one process here, two with Redis below."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from pavilion.live.auth import issue_ticket
from pavilion.live.broker import MemoryBroker
from tests.conftest import migrate_site, require_service
from tests.factories import UserFactory
from tests.live import feature  # noqa: F401  (registers the testroom and testhall topics)
from tests.live.client import LiveClient
from tests.live.features import fresh_broker
from tests.servers import running_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


async def joined(client: LiveClient, topic: str) -> None:
    await client.connect()
    snapshot = await client.request({"type": "subscribe", "topic": topic})
    assert snapshot["type"] == "snapshot", snapshot


async def presence_until(client: LiveClient, viewers: int) -> list[int]:
    """The presence counts the client receives, up to the first that equals ``viewers``."""
    seen: list[int] = []
    while not seen or seen[-1] != viewers:
        frame = await client.frame(timeout=10)
        if frame["type"] == "presence":
            seen.append(frame["viewers"])
    return seen


def test_viewers_are_counted_once_per_person_and_leaving_is_seen() -> None:
    lan = UserFactory.create()
    # Each tab opens its socket with a ticket of its own (a ticket opens one socket).
    tickets = [f"token={issue_ticket(lan)}".encode() for _tab in range(2)]

    async def scenario() -> tuple[list[int], list[int], list[int]]:
        watcher, first_tab, second_tab = LiveClient(), LiveClient(query=tickets[0]), LiveClient(query=tickets[1])
        await joined(watcher, "testhall:1")
        alone = await presence_until(watcher, 1)  # right after the snapshot: the watcher alone
        await joined(first_tab, "testhall:1")
        await joined(second_tab, "testhall:1")  # the same person in a second tab
        together = await presence_until(watcher, 2)
        await first_tab.close()
        await second_tab.close()
        after = await presence_until(watcher, 1)
        await watcher.close()
        return alone, together, after

    alone, together, after = asyncio.run(scenario())
    assert alone == [1]
    assert together[-1] == 2
    assert 3 not in together  # the same person's second tab did not count
    assert after[-1] == 1


def test_topics_without_presence_send_no_presence_frames() -> None:
    async def scenario() -> list[dict[str, Any]]:
        client = LiveClient()
        await joined(client, "testroom:1")
        await client.send({"type": "ping", "ref": "after"})
        frames = [await client.frame()]
        await client.close()
        return frames

    assert asyncio.run(scenario()) == [{"type": "pong", "ref": "after"}]


def test_cheers_are_summed_into_tallies_and_acknowledged_without_data() -> None:
    async def scenario() -> tuple[list[dict[str, Any]], Counter[str]]:
        watcher, crowd = LiveClient(), LiveClient()
        await joined(watcher, "testhall:2")
        await joined(crowd, "testhall:2")
        acks = []
        for cheer in ["bravo", "bravo", "bravo", "encore"]:
            acks.append(
                await crowd.request(
                    {"type": "command", "topic": "testhall:2", "name": "testhall.cheer", "data": {"cheer": cheer}}
                )
            )
        heard: Counter[str] = Counter()
        while sum(heard.values()) < 4:
            frame = await watcher.frame(timeout=10)
            if frame["type"] == "tally":
                assert (frame["topic"], frame["name"]) == ("testhall:2", "cheers")
                heard.update(frame["counts"])
        for client in (watcher, crowd):
            await client.close()
        return [ack for ack in acks if ack["type"] != "presence"], heard

    acks, heard = asyncio.run(scenario())
    assert heard == Counter({"bravo": 3, "encore": 1})
    assert all(ack == {"type": "ack", "ref": None, "data": None} for ack in acks), acks


async def _across(first: str, second: str) -> tuple[list[int], list[int], Counter[str]]:
    async def subscribed(base: str) -> Any:
        socket_ = await websockets.connect(f"{base.replace('http://', 'ws://')}/live")
        await socket_.send(json.dumps({"type": "subscribe", "topic": "testhall:7"}))
        snapshot = json.loads(await asyncio.wait_for(socket_.recv(), 5))
        assert snapshot["type"] == "snapshot", snapshot
        return socket_

    async def until(socket_: Any, viewers: int, cheers: int = 0) -> tuple[list[int], Counter[str]]:
        seen: list[int] = []
        heard: Counter[str] = Counter()
        while not seen or seen[-1] != viewers or sum(heard.values()) < cheers:
            frame = json.loads(await asyncio.wait_for(socket_.recv(), 10))
            if frame["type"] == "presence":
                seen.append(frame["viewers"])
            elif frame["type"] == "tally":
                heard.update(frame["counts"])
        return seen, heard

    one, two = await subscribed(first), await subscribed(second)
    try:
        for _ in range(2):
            await two.send(
                json.dumps(
                    {"type": "command", "topic": "testhall:7", "name": "testhall.cheer", "data": {"cheer": "bravo"}}
                )
            )
        seen_one, heard_one = await until(one, 2, cheers=2)
        seen_two, _heard = await until(two, 2)
        return seen_one, seen_two, heard_one
    finally:
        await one.close()
        await two.close()


def test_two_servers_add_up_their_viewers_and_share_tallies(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    migrate_site(tmp_path)
    with_hall = {"PAVILION_REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "tests.live.server_settings"}
    with (
        running_server(tmp_path, workers=1, migrate=False, **with_hall) as first,
        running_server(tmp_path, workers=1, migrate=False, **with_hall) as second,
    ):
        seen_one, seen_two, heard_one = asyncio.run(_across(first, second))
    assert (seen_one[-1], seen_two[-1]) == (2, 2)
    assert heard_one == Counter({"bravo": 2})
