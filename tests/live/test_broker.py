"""Brokers: sequence numbers, history for resuming, and Redis fan-out across processes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from pavilion.live.broker import MemoryBroker, RedisBroker, _missed, first_number
from tests.conftest import require_service

REPO = Path(__file__).resolve().parents[2]
KEPT = [(3, "c"), (4, "d"), (5, "e")]


@pytest.mark.parametrize(
    ("since", "current", "expected"),
    [
        (5, 5, []),  # up to date
        (3, 5, [(4, "d"), (5, "e")]),  # missed two, both kept
        (2, 5, [(3, "c"), (4, "d"), (5, "e")]),  # missed three, the oldest kept is the next one
        (1, 5, None),  # event 2 is gone: a fresh snapshot is needed
        (9, 5, None),  # a number from the future (the server restarted): fresh snapshot
    ],
)
def test_missed_events_or_none_when_history_does_not_reach(
    since: int, current: int, expected: list[tuple[int, str]] | None
) -> None:
    assert _missed(KEPT, since, current) == expected
    # What Redis reads for a resume: only the events after ``since``. The answer is the same.
    assert _missed([event for event in KEPT if event[0] > since], since, current) == expected


def test_more_missed_events_than_the_limit_get_a_fresh_snapshot() -> None:
    assert _missed(KEPT, 2, 5, limit=3) == KEPT
    assert _missed(KEPT, 2, 5, limit=2) is None
    assert _missed(KEPT, 5, 5, limit=0) == []


def test_memory_broker_numbers_and_keeps_events() -> None:
    broker = MemoryBroker(history=2)
    before = first_number()
    numbers = [broker.publish("session:1", {"n": n}) for n in range(3)]
    start = numbers[0] - 1
    assert before <= start <= first_number()  # a topic's numbering starts at the clock (microseconds)
    assert numbers == [start + 1, start + 2, start + 3]
    assert broker.publish("session:2", {"n": 0}) > start + 3  # another topic, started later
    assert asyncio.run(broker.current_seq("session:1")) == start + 3
    assert asyncio.run(broker.history_since("session:1", start + 2)) == [
        (start + 3, f'{{"type":"event","topic":"session:1","seq":{start + 3},"event":{{"n":2}}}}')
    ]
    assert asyncio.run(broker.history_since("session:1", start)) is None  # the first event is no longer kept


def test_a_topic_numbered_before_its_first_event_goes_on_from_that_number() -> None:
    """A snapshot of a quiet topic carries the number its first event follows: no gap, no doubt."""
    broker = MemoryBroker()
    current = asyncio.run(broker.current_seq("session:1"))
    assert broker.publish("session:1", {"n": 0}) == current + 1
    assert asyncio.run(broker.history_since("session:1", current)) == [
        (current + 1, f'{{"type":"event","topic":"session:1","seq":{current + 1},"event":{{"n":0}}}}')
    ]


def test_after_a_restart_an_old_number_gets_a_fresh_snapshot_however_far_the_new_numbering_went() -> None:
    """A browser slept through the loss of the counters (a process restarted with the in-memory
    broker, a Redis restarted empty) and comes back with its old number: it must not be sent the
    new events after that number as if they followed what it has."""
    before = MemoryBroker()
    old = [before.publish("session:1", {"n": n}) for n in range(3)][-1]
    after = MemoryBroker()  # the restarted process: its counters start again
    for n in range(10):
        after.publish("session:1", {"n": n})
    assert asyncio.run(after.current_seq("session:1")) > old + 10
    assert asyncio.run(after.history_since("session:1", old)) is None


def _redis_broker() -> tuple[RedisBroker, str]:
    url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    return RedisBroker(url, history=3), f"session:{uuid.uuid4().int % 10**12 + 1}"


def test_redis_broker_numbers_keeps_and_trims() -> None:
    broker, topic = _redis_broker()
    numbers = [broker.publish(topic, {"n": n, "text": "Xin chào"}) for n in range(5)]
    start = numbers[0] - 1
    # Redis's clock in microseconds, exact (Lua would print it as 1.8e+15): within a minute of ours.
    assert abs(start - first_number()) < 60_000_000
    assert numbers == [start + n for n in range(1, 6)]

    async def read() -> tuple[int, list[tuple[int, str]] | None, list[tuple[int, str]] | None, list[Any]]:
        try:
            return (
                await broker.current_seq(topic),
                await broker.history_since(topic, start + 3),
                await broker.history_since(topic, start + 1),
                [await broker.history_since(topic, start + 2, limit=limit) for limit in (3, 2)],
            )
        finally:
            await broker.stop()

    current, recent, too_old, limited = asyncio.run(read())
    assert current == start + 5
    assert recent == [
        (start + 4, f'{{"type":"event","topic":"{topic}","seq":{start + 4},"event":{{"n":3,"text":"Xin chào"}}}}'),
        (start + 5, f'{{"type":"event","topic":"{topic}","seq":{start + 5},"event":{{"n":4,"text":"Xin chào"}}}}'),
    ]
    assert too_old is None
    # The three kept events after start + 2: within a limit of 3, but a fresh snapshot beyond 2.
    assert [[seq for seq, _text in missed] if missed else missed for missed in limited] == [
        [start + 3, start + 4, start + 5],
        None,
    ]


def test_a_redis_topic_numbered_before_its_first_event_goes_on_from_that_number() -> None:
    broker, topic = _redis_broker()

    async def current() -> int:
        try:
            return await broker.current_seq(topic)
        finally:
            await broker.stop()

    number = asyncio.run(current())
    assert abs(number - first_number()) < 60_000_000
    assert broker.publish(topic, {"n": 0}) == number + 1


def test_after_redis_lost_its_counters_an_old_number_gets_a_fresh_snapshot() -> None:
    """Redis restarted empty (here: the topic's keys deleted) while a browser slept with its number."""
    broker, topic = _redis_broker()
    old = [broker.publish(topic, {"n": n}) for n in range(3)][-1]
    broker._sync.delete(*broker._keys(topic)[:2])
    for n in range(10):
        broker.publish(topic, {"n": n})

    async def read() -> list[tuple[int, str]] | None:
        try:
            return await broker.history_since(topic, old)
        finally:
            await broker.stop()

    assert asyncio.run(read()) is None


LISTENER = """
import asyncio, sys
from pavilion.live.broker import RedisBroker

async def main():
    broker = RedisBroker(sys.argv[1])
    seen = []
    done = asyncio.Event()
    def deliver(topic, seq, text):
        if topic == sys.argv[2]:
            seen.append(text)
            print(text, flush=True)
            if len(seen) == int(sys.argv[3]):
                done.set()
    await broker.start(deliver, lambda shared: None)
    await broker.follow(sys.argv[2])
    print("ready", flush=True)
    await asyncio.wait_for(done.wait(), 30)
    await broker.stop()

asyncio.run(main())
"""


def test_redis_broker_delivers_to_another_process_in_order() -> None:
    broker, topic = _redis_broker()
    count = 50
    listener = subprocess.Popen(
        [sys.executable, "-c", LISTENER, os.environ["PAVILION_TEST_REDIS_URL"], topic, str(count)],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert listener.stdout is not None
    assert listener.stdout.readline().strip() == "ready"
    for number in range(count):
        broker.publish(topic, {"n": number})
    lines = [listener.stdout.readline().strip() for _ in range(count)]
    assert listener.wait(timeout=30) == 0
    numbers = [json.loads(line)["seq"] for line in lines]
    assert numbers == list(range(numbers[0], numbers[0] + count))
    assert [json.loads(line)["event"]["n"] for line in lines] == list(range(count))


def test_a_redis_broker_receives_only_the_topics_it_follows() -> None:
    """A process subscribes per topic while it has subscribers, so a host gets only its rooms' events."""
    broker, followed = _redis_broker()
    publisher, other = _redis_broker()

    async def scenario() -> list[tuple[str, int]]:
        seen: list[tuple[str, int]] = []
        arrived = asyncio.Event()

        def deliver(topic: str, seq: int, text: str) -> None:
            seen.append((topic, seq))
            arrived.set()

        await broker.start(deliver, lambda shared: None)
        try:
            await broker.follow(followed)
            publisher.publish(other, {"n": 1})  # nobody here follows it
            publisher.publish(followed, {"n": 1})
            await asyncio.wait_for(arrived.wait(), 10)
            await broker.unfollow(followed)
            publisher.publish(followed, {"n": 2})  # no longer followed: not delivered
            await broker.follow(followed)
            arrived.clear()
            publisher.publish(followed, {"n": 3})
            await asyncio.wait_for(arrived.wait(), 10)
            return seen
        finally:
            await broker.stop()

    seen = asyncio.run(scenario())
    assert seen == [(followed, seen[0][1]), (followed, seen[0][1] + 2)]  # the second event went elsewhere


def test_sites_on_other_databases_of_one_redis_never_hear_each_other() -> None:
    """Redis's channels are one namespace for the whole server. Two sites on databases 4 and 5 of
    one Redis (a test run beside a benchmark, staging beside production) used the same channel
    names, so a chat line of one reached the other's clients with a number from another sequence."""
    url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    other_url = urlunsplit(parts._replace(path=f"/{(database + 1) % 16}"))
    topic = f"session:{uuid.uuid4().int % 10**12 + 1}"  # the same topic name on both sites
    listener, same_site, other_site = RedisBroker(url), RedisBroker(url), RedisBroker(other_url)

    async def scenario() -> tuple[list[str], list[dict[str, object]]]:
        events: list[str] = []
        shared: list[dict[str, object]] = []
        arrived = asyncio.Event()

        def deliver(_topic: str, _seq: int, text: str) -> None:
            events.append(json.loads(text)["event"]["site"])
            arrived.set()

        await listener.start(deliver, shared.append)
        try:
            await listener.follow(topic)
            other_site.publish(topic, {"site": "other"})
            other_site.announce({"site": "other"})
            same_site.publish(topic, {"site": "same"})
            same_site.announce({"site": "same"})
            await asyncio.wait_for(arrived.wait(), 10)
            while len(shared) < 1:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)  # anything from the other site would have come by now
            return events, shared
        finally:
            await listener.stop()
            await same_site.stop()
            await other_site.stop()

    assert asyncio.run(scenario()) == (["same"], [{"site": "same"}])
