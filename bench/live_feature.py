"""A live feature for the fan-out benchmark only: ``bench:<id>`` topics and a ``bench.say`` command.

Not part of the product, so production never serves it. ``python -m bench.live_run`` starts its
server with ``DJANGO_SETTINGS_MODULE=bench.settings``, which installs ``bench.apps.BenchConfig``;
that app imports this module. The server needs the repository root on ``PYTHONPATH``.

Anyone may follow a bench topic (no database query, so the benchmark measures the gateway and
the broker, not authorisation). ``bench.say`` publishes ``{"n": ..., "sent_at": ...}`` straight
to the broker: there is no transaction to wait for, and ``sent_at`` lets each reader compute the
end-to-end latency of the event.

``PAVILION_BENCH_GC_THRESHOLD`` (default empty: Python's own thresholds): an experiment, set by
``python -m bench.live_run --server-gc-threshold 50000,20,100``, giving the server process these
``gc.set_threshold`` values, to see how much of the latency is the garbage collector's.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from pavilion.accounts.models import User
from pavilion.live.broker import get_broker
from pavilion.live.registry import registry
from pavilion.live.schemas import Command
from pavilion.live.topics import topic_name

KIND = "bench"


class BenchSay(Command):
    """One benchmark message: the sender's wall-clock time and its sequence number."""

    sent_at: float
    n: int


def may_follow_bench(user: User | None, key: int) -> bool:
    """Every bench topic is open to everyone, signed in or not."""
    return True


registry.topic_kind(KIND, authorize=may_follow_bench)

if threshold := os.environ.get("PAVILION_BENCH_GC_THRESHOLD", "").strip():
    gc.set_threshold(*(int(part) for part in threshold.split(",")))


@registry.command("bench.say", topic_kinds={KIND}, schema=BenchSay, needs_account=False)
def say(*, user: User | None, key: int, data: BenchSay) -> dict[str, Any]:
    """Publish the message to every subscriber of ``bench:<key>``; acknowledge with its sequence number."""
    seq = get_broker().publish(topic_name(KIND, key), {"n": data.n, "sent_at": data.sent_at})
    return {"seq": seq}
