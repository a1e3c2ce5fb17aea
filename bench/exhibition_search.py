"""Exhibition search: how long indexing and searching take, on a fresh database with the demo's
exhibition copied ``--copies`` times into the same event (the demo has 64 booths and 127 products).

    .venv/bin/python -m bench.exhibition_search [--copies 4] [--rounds 200]
    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1/pavilion_bench .venv/bin/python -m bench.exhibition_search

SQLite by default (a temporary file); with PAVILION_DATABASE_URL the database it names, which must
be an empty scratch database (it is migrated and filled). Measures, in this one process:
a full ``reindex-exhibition``; ``search_published`` over a mix of queries in six languages
(``--rounds`` each), after ANALYZE; and the hall page with a search through Django's test client
(the whole view, no cached copy).

Last line: ``booths=... documents=... reindex_ms=... search_p50_ms=... search_p99_ms=...
page_p50_ms=... page_p99_ms=... vendor=...``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

QUERIES = [
    "cloud",
    "chính phủ điện tử",
    "dich vu cong",
    "البيانات المفتوحة",
    "télécommunications",
    "越南",
    "Вьетнам",
    "net",
    "5g viet nam",
    "zzzz",
]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of the demo's booths (default 4)")
    parser.add_argument("--rounds", type=int, default=200, help="searches per query (default 200)")
    args = parser.parse_args()

    os.environ.setdefault("PAVILION_DEBUG", "1")
    os.environ.setdefault("PAVILION_VAR_DIR", tempfile.mkdtemp(prefix="pavilion-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from pavilion.events.models import Event
    from pavilion.exhibition.models import Booth, Product, SearchDocument
    from pavilion.exhibition.search import deferred_indexing, reindex_everything, search_published

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    event = Event.objects.get(slug="itu-digital-world-2020")
    originals = list(Booth.objects.filter(event=event).prefetch_related("products"))
    with deferred_indexing():
        for copy in range(1, args.copies):
            for booth in originals:
                products = list(booth.products.all())
                booth.pk = None
                booth.slug = f"{booth.slug[:70]}-{copy}"
                booth.save()
                for product in products:
                    product.pk = None
                    product.booth = booth
                    product.save()

    started = time.perf_counter()
    documents = reindex_everything()
    reindex_ms = (time.perf_counter() - started) * 1000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # table statistics, as autovacuum (PostgreSQL) or `optimize` would keep

    timings = []
    for _ in range(args.rounds):
        for q in QUERIES:
            started = time.perf_counter()
            search_published(event_id=event.pk, q=q)
            timings.append((time.perf_counter() - started) * 1000)

    client = Client(HTTP_HOST="127.0.0.1")
    pages = []
    for _ in range(max(1, args.rounds // 10)):
        for q in QUERIES:
            started = time.perf_counter()
            response = client.get(f"/en/events/{event.slug}/exhibition/", {"q": q})
            pages.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (q, response.status_code)

    booths = Booth.objects.filter(event=event).count()
    assert documents == SearchDocument.objects.count() == booths + Product.objects.filter(booth__event=event).count()
    print(
        f"{booths} booths, {documents} documents; {len(timings)} searches, {len(pages)} pages; {connection.vendor}",
        file=sys.stderr,
    )
    print(
        f"booths={booths} documents={documents} reindex_ms={reindex_ms:.0f} "
        f"search_p50_ms={statistics.median(timings):.2f} search_p99_ms={_percentile(timings, 0.99):.2f} "
        f"page_p50_ms={statistics.median(pages):.1f} page_p99_ms={_percentile(pages, 0.99):.1f} "
        f"vendor={connection.vendor}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
