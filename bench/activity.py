"""The activity log's cost on a page: one synchronous INSERT per event vs. the in-process buffer.

Measures, on the configured database (SQLite in a fresh temporary directory by default; set
PAVILION_DATABASE_URL for PostgreSQL):

- ``sync``: ``ActivityEvent.objects.create(...)`` per event in autocommit, what a page would pay
  if it wrote its own row (one thread, then four threads at once, as concurrent requests do);
- ``buffered``: ``recorder.add(...)`` per event, what a page pays now;
- ``flush``: rows per second the background writer stores (INSERTs of a hundred rows, one transaction),
  and the same rows through the ORM's ``bulk_create`` for comparison.

Run: `.venv/bin/python -m bench.activity [--events N]`. The last line is `key=value` figures
(microseconds per event at the 50th and 99th percentile; rows per second).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    events = parser.parse_args().events
    os.environ.setdefault("PAVILION_DEBUG", "1")
    os.environ.setdefault("PAVILION_VAR_DIR", tempfile.mkdtemp(prefix="pavilion-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.utils import timezone

    from pavilion.activity.models import ActivityEvent, ActivityKind
    from pavilion.activity.recorder import Activity, ActivityBuffer
    from pavilion.directory.models import Organisation
    from pavilion.events.models import Event
    from pavilion.exhibition.models import Booth

    settings.PAVILION_ACTIVITY_IN_BACKGROUND = False
    call_command("migrate", verbosity=0)
    event, _created = Event.objects.get_or_create(
        slug="bench-activity",
        defaults={
            "kind": "summit",
            "name": {"en": "Bench"},
            "start_date": date(2020, 10, 20),
            "end_date": date(2020, 10, 22),
            "time_zone": "UTC",
            "is_published": True,
        },
    )
    owner, _created = Organisation.objects.get_or_create(slug="bench-owner", defaults={"name": {"en": "Bench"}})
    booth, _created = Booth.objects.get_or_create(
        event=event, slug="bench-booth", defaults={"owner": owner, "name": {"en": "Bench"}, "status": "published"}
    )
    ActivityEvent.objects.filter(event=event).delete()

    key = "k" * 32

    def one_insert() -> float:
        started = time.perf_counter()
        ActivityEvent.objects.create(
            kind=ActivityKind.BOOTH_VIEW, event_id=event.pk, booth_id=booth.pk, at=timezone.now(), visitor_key=key
        )
        return (time.perf_counter() - started) * 1e6

    sync = [one_insert() for _number in range(events)]

    concurrent: list[float] = []
    lock = threading.Lock()

    def worker(count: int) -> None:
        mine = [one_insert() for _number in range(count)]
        with lock:
            concurrent.extend(mine)
        close_old_connections()
        connection.close()

    threads = [threading.Thread(target=worker, args=(events // 4,)) for _number in range(4)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    concurrent_seconds = time.perf_counter() - started

    buffer = ActivityBuffer(background=False, limit=events * 2)
    buffered = []
    for _number in range(events):
        began = time.perf_counter()
        at = timezone.now()
        buffer.add(Activity(kind=ActivityKind.BOOTH_VIEW, event_id=event.pk, booth_id=booth.pk, at=at, visitor_key=key))
        buffered.append((time.perf_counter() - began) * 1e6)
    pending = list(buffer._pending)
    began = time.perf_counter()
    written = buffer.flush()
    flush_seconds = time.perf_counter() - began
    # The same rows through the ORM's bulk_create, for comparison (what the writer does not use).
    began = time.perf_counter()
    ActivityEvent.objects.bulk_create(
        [
            ActivityEvent(kind=a.kind, event_id=a.event_id, booth_id=a.booth_id, at=a.at, visitor_key=a.visitor_key)
            for a in pending
        ],
        batch_size=500,
    )
    orm_seconds = time.perf_counter() - began

    vendor = connection.vendor
    figures = {
        "database": vendor,
        "events": events,
        "sync_p50_us": round(statistics.median(sync), 1),
        "sync_p99_us": round(_percentile(sync, 0.99), 1),
        "sync_4threads_p50_us": round(statistics.median(concurrent), 1),
        "sync_4threads_p99_us": round(_percentile(concurrent, 0.99), 1),
        "sync_4threads_rows_per_s": round(len(concurrent) / concurrent_seconds),
        "buffered_p50_us": round(statistics.median(buffered), 2),
        "buffered_p99_us": round(_percentile(buffered, 0.99), 2),
        "flush_rows_per_s": round(written / flush_seconds),
        "bulk_create_rows_per_s": round(len(pending) / orm_seconds),
    }
    ActivityEvent.objects.filter(event=event).delete()
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
