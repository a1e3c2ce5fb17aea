"""Redis traffic per gateway process: every event of every room, or only the rooms it serves.

    PAVILION_REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python -m bench.broker_traffic

Two hosts with two workers each are four gateway processes, each with its own listening Redis connection
(four RedisBroker instances here, one per process's connection). ``--topics`` rooms are spread over
them, each room served by one process (its people are connected there). A publisher sends
``--events`` events of about ``--size`` bytes, spread evenly over the rooms, as the rooms' commands
would. Counted: the events and bytes each process's connection receives from Redis.

- ``--mode everything``: each process receives every room (what a ``PSUBSCRIBE`` to all topics did
  before each process subscribed per topic);
- ``--mode served`` (now): each process follows only the rooms it serves (``RedisBroker.follow``).

Last line: ``mode= processes= topics= events= received= received_mb= per_process= seconds=``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid

from pavilion.live.broker import RedisBroker


async def measure(args: argparse.Namespace) -> str:
    url = os.environ["PAVILION_REDIS_URL"]
    run = uuid.uuid4().hex[:8]
    topics = [f"bench{run}:{number}" for number in range(args.topics)]
    brokers = [RedisBroker(url, history=50) for _process in range(args.processes)]
    received = [[0, 0] for _broker in brokers]  # events, bytes
    done = asyncio.Event()
    expected = args.events if args.mode == "served" else args.events * args.processes

    def deliverer(index: int):  # type: ignore[no-untyped-def]
        def deliver(topic: str, seq: int, text: str) -> None:
            received[index][0] += 1
            received[index][1] += len(text)
            if sum(count for count, _bytes in received) >= expected:
                done.set()

        return deliver

    for index, broker in enumerate(brokers):
        await broker.start(deliverer(index), lambda shared: None)
    for number, topic in enumerate(topics):
        if args.mode == "everything":
            for broker in brokers:
                await broker.follow(topic)
        else:
            await brokers[number % len(brokers)].follow(topic)
    publisher = RedisBroker(url, history=50)
    text = "x" * args.size
    started = time.monotonic()
    for number in range(args.events):
        await asyncio.to_thread(publisher.publish, topics[number % len(topics)], {"chat": {"text": text}})
    await asyncio.wait_for(done.wait(), 120)
    seconds = time.monotonic() - started
    for broker in brokers:
        await broker.stop()
    total, size = sum(count for count, _bytes in received), sum(length for _count, length in received)
    return (
        f"mode={args.mode} processes={args.processes} topics={args.topics} events={args.events} "
        f"received={total} received_mb={size / 1e6:.1f} per_process={[count for count, _bytes in received]} "
        f"seconds={seconds:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["served", "everything"], default="served")
    parser.add_argument("--processes", type=int, default=4, help="gateway processes (default 4: 2 hosts with 2 each)")
    parser.add_argument("--topics", type=int, default=400, help="rooms (default 400)")
    parser.add_argument("--events", type=int, default=20000, help="events published (default 20,000)")
    parser.add_argument("--size", type=int, default=300, help="characters of each event's text (default 300)")
    print(asyncio.run(measure(parser.parse_args())), flush=True)


if __name__ == "__main__":
    main()
