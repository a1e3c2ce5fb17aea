"""The gateway's report of its tables (PAVILION_LIVE_REPORT_EVERY): what an operator and bench/soak.py read.

Two people join a session, one of them leaves, then the other: the report follows, and once
both left no topic, connection or presence entry is left behind.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import json
import logging
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import hub
from pavilion.live.memory import SNAPSHOT_FOLDER, python_arenas, traced_memory
from tests.factories import LiveSessionFactory
from tests.live.client import LiveClient
from tests.live.features import fresh_broker, until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


def last_report(caplog: pytest.LogCaptureFixture) -> dict[str, int]:
    lines = [record.getMessage() for record in caplog.records if record.name == "pavilion.live.tables"]
    assert lines, "no report was logged"
    prefix, _, figures = lines[-1].partition(" tables ")
    assert prefix == "live"
    return {name: int(value) for name, _, value in (pair.partition("=") for pair in figures.split())}


def test_the_report_counts_connections_and_topics_and_forgets_them_when_people_leave(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.PAVILION_LIVE_REPORT_EVERY = 0.25
    caplog.set_level(logging.INFO, logger="pavilion.live.tables")
    topic = f"session:{LiveSessionFactory.create().pk}"

    async def report_after_a_tick() -> dict[str, int]:
        caplog.clear()
        await until(lambda: any(r.name == "pavilion.live.tables" for r in caplog.records), what="a report")
        return last_report(caplog)

    async def scenario() -> None:
        first, second = LiveClient(), LiveClient()
        for client in (first, second):
            await client.connect()
            await client.send({"type": "subscribe", "topic": topic, "ref": "s"})
            await until(lambda c=client: not c.outbox.empty(), what="the snapshot")  # type: ignore[misc]
        both = await report_after_a_tick()
        assert (both["connections"], both["topics"], both["viewed"], both["history_topics"]) == (2, 1, 1, 1)
        assert both["rss_kb"] > 0
        assert both["blocks"] > 0
        assert both["tasks"] >= 4  # each socket has a reader and a writer

        await first.close()
        one = await report_after_a_tick()
        assert (one["connections"], one["topics"], one["viewed"]) == (1, 1, 1)

        await second.close()
        await until(lambda: not hub.topics, what="the last one to leave")
        none = await report_after_a_tick()
        assert (none["connections"], none["topics"], none["accounts"], none["viewed"], none["background"]) == (
            0,
            0,
            0,
            0,
            0,
        )
        assert none["tasks"] < both["tasks"]

    asyncio.run(scenario())


def test_no_report_unless_asked(settings: Any, caplog: pytest.LogCaptureFixture) -> None:
    settings.PAVILION_LIVE_REPORT_EVERY = 0
    caplog.set_level(logging.INFO, logger="pavilion.live.tables")
    topic = f"session:{LiveSessionFactory.create().pk}"

    async def scenario() -> None:
        client = LiveClient()
        await client.connect()
        await client.send({"type": "subscribe", "topic": topic, "ref": "s"})
        await asyncio.sleep(1.0)  # four ticks
        await client.close()

    asyncio.run(scenario())
    assert [record for record in caplog.records if record.name == "pavilion.live.tables"] == []


class Knot:
    """Garbage only a full collection frees: each one refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_asked_to_collect_first_the_report_counts_live_objects_only(caplog: pytest.LogCaptureFixture) -> None:
    """What SIGUSR1 asks of a worker (pavilion.asgi; its signal is tested in tests/core/test_serve.py)."""
    caplog.set_level(logging.INFO, logger="pavilion.live.tables")
    topic = f"session:{LiveSessionFactory.create().pk}"

    async def scenario() -> tuple[dict[str, int], dict[str, int]]:
        client = LiveClient()
        await client.connect()
        await client.send({"type": "subscribe", "topic": topic, "ref": "s"})
        await until(lambda: not client.outbox.empty(), what="the snapshot")
        hub.report()
        plain = last_report(caplog)
        gc.disable()  # so that only the report's collection can free the knots
        try:
            for _ in range(20_000):
                Knot()
            hub.report(collect=True)
        finally:
            gc.enable()
        await client.close()
        return plain, last_report(caplog)

    plain, collecting = asyncio.run(scenario())
    assert "collected" not in plain
    assert collecting["collected"] >= 20_000
    assert collecting["collect_ms"] >= 0
    assert collecting["full_collections"] > plain["full_collections"]
    assert collecting["connections"] == 1
    assert collecting["arenas"] >= 1
    assert collecting["arena_free_kb"] >= 0
    assert collecting["malloc_used_kb"] > 0
    assert collecting["malloc_free_kb"] >= 0
    assert "malloc_used_kb" not in plain  # walking the C library's heaps is asked for, never every tick
    assert "traced_kb" not in collecting  # only with tracemalloc on (below)


def test_python_arenas_follow_objects_made_and_freed() -> None:
    """Held objects take arenas; freed, their arenas go back or stay as free room (what RSS keeps)."""
    before = python_arenas()
    held = [f"line {number:08}" for number in range(500_000)]  # about 30 MB of small strings (1 MB arenas)
    holding = python_arenas()
    assert holding["arenas"] >= before["arenas"] + 10
    del held
    gc.collect()
    freed = python_arenas()
    assert freed["arenas"] <= holding["arenas"] - 10 or freed["arena_free_kb"] >= holding["arena_free_kb"] + 10_000


#: Allocates 20 MB with the C library's malloc (as libpq or uvloop would, outside Python's allocators),
#: prints heap_memory before, while held and after free, as JSON. Run in a process of its own, with
#: and without jemalloc preloaded.
HOLD_AND_FREE = """
import ctypes, json
from pavilion.live.memory import heap_memory
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
before = heap_memory()
held = libc.malloc(20 * 1024 * 1024)
ctypes.memset(held, 1, 20 * 1024 * 1024)
holding = heap_memory()
libc.free(held)
print(json.dumps([before, holding, heap_memory()]))
"""


def held_and_freed(environment: dict[str, str]) -> list[dict[str, int]]:
    run = subprocess.run(
        [sys.executable, "-c", HOLD_AND_FREE], env={**os.environ, **environment}, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    figures: list[dict[str, int]] = json.loads(run.stdout)
    return figures


@pytest.mark.parametrize(
    "allocator", ["glibc", "jemalloc"], ids=["the C library's malloc", "jemalloc preloaded (LD_PRELOAD)"]
)
def test_heap_memory_counts_what_c_code_allocates_outside_python(allocator: str) -> None:
    """What tracemalloc cannot see: 20 MB taken with ``malloc`` show in ``malloc_used_kb`` and leave it when freed."""
    environment = {}
    if allocator == "jemalloc":
        library = ctypes.util.find_library("jemalloc")
        assert library, "libjemalloc2 is installed by .ci/install-system-packages"
        environment = {"LD_PRELOAD": library}
    before, holding, freed = held_and_freed(environment)
    assert set(before) == {"malloc_used_kb", "malloc_free_kb"}
    assert holding["malloc_used_kb"] >= before["malloc_used_kb"] + 20 * 1024
    assert freed["malloc_used_kb"] <= holding["malloc_used_kb"] - 20 * 1024
    assert min(before["malloc_free_kb"], holding["malloc_free_kb"], freed["malloc_free_kb"]) >= 0


def test_without_tracemalloc_no_snapshot_is_taken(tmp_path: Path) -> None:
    assert not tracemalloc.is_tracing()
    assert traced_memory(tmp_path) == {}
    assert not (tmp_path / SNAPSHOT_FOLDER).exists()


def test_traced_memory_snapshots_show_what_was_allocated_between_them(tmp_path: Path) -> None:
    """What ``bench/soak.py --tracemalloc`` compares: two snapshots of a worker, and where it grew."""
    tracemalloc.start(5)
    try:
        first = traced_memory(tmp_path)
        held = [bytes(1000) for _ in range(5_000)]  # about 5 MB of objects over 512 bytes (not in `blocks`)
        second = traced_memory(tmp_path)
    finally:
        tracemalloc.stop()
    assert (first["traced_snapshot"], second["traced_snapshot"]) == (0, 1)
    assert second["traced_kb"] >= first["traced_kb"] + 4_800
    folder = tmp_path / SNAPSHOT_FOLDER
    assert sorted(path.name for path in folder.iterdir()) == [f"{os.getpid()}-0.snapshot", f"{os.getpid()}-1.snapshot"]
    before = tracemalloc.Snapshot.load(str(folder / f"{os.getpid()}-0.snapshot"))
    after = tracemalloc.Snapshot.load(str(folder / f"{os.getpid()}-1.snapshot"))
    grown = after.compare_to(before, "lineno")[0]
    assert grown.traceback[0].filename == __file__
    assert grown.size_diff >= 5_000 * 1000
    assert grown.count_diff >= 5_000
    assert len(held) == 5_000
