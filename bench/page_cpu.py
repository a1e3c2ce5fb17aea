"""CPU, queries and bytes of one signed-in page, measured in one process (steadier than served runs).

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_bench_page_cpu \\
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python -m bench.page_cpu --pages session

bench/pages.py measures pages served by ``pavilion serve`` with wrk beside the server on the same
two cores; between runs of the same code its figures spread by about ±10%. This script takes the
part of a request that Pavilion's own code decides: production settings (PAVILION_DEBUG=0), the
database named by PAVILION_DATABASE_URL (dropped and created again unless ``--reuse``) with the
demo and ``--accounts`` signed-in participants (bench/live_join.py's preparation), Redis, and
Django's WSGI handler called directly with each participant's session cookie in turn: middleware,
view, templates and queries, without a server or a test client's instrumentation. ``--warmup``
requests are made first and not counted (imports, template compilation, locale data).

Prints one line per page: ``page= cpu_ms= queries= bytes= status= yardstick_ms=`` (CPU time of this
process per request, so PostgreSQL's and Redis's own work is not in it). Machines differ by two
times and more in Python's speed, so each line also gives ``yardstick_ms``, the CPU time of a fixed
loop of ten million additions on the same machine: compare ``cpu_ms`` across machines only
relative to it. ``--profile N`` adds cProfile's N most
expensive functions by their own time for each page (cProfile inflates code made of many small
calls, such as the ORM's; read it for where, not for how much).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.live_join import _recreate_database, prepare
from bench.pages import PAGES
from bench.processes import production_environment


def _count_queries(counter: list[int]) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        counter[0] += 1
        return execute(sql, params, many, context)

    return wrapper


def yardstick_ms() -> float:
    """CPU milliseconds of ten million additions in a Python loop: this machine's speed, for comparisons."""
    started = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return (time.process_time() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="schedule,session", help="signed-in pages of bench/pages.py's list")
    parser.add_argument("--accounts", type=int, default=50, help="signed-in participants, in turn (default 50)")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="requests before measuring (default 20)")
    parser.add_argument("--reuse", action="store_true", help="keep the database and cookies of an earlier run")
    parser.add_argument(
        "--var-dir", default=str(Path(tempfile.gettempdir()) / "pavilion-page-cpu"), help="files and cookies kept here"
    )
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's N costliest functions per page")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.accounts < 1:
        parser.error("--requests and --accounts must be at least 1, --warmup at least 0")
    names = args.pages.split(",")
    if any(name not in PAGES or not PAGES[name][1] for name in names):
        parser.error("--pages: signed-in pages only (" + ", ".join(n for n, (_p, s) in PAGES.items() if s) + ")")
    database_url = os.environ.get("PAVILION_DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("PAVILION_REDIS_URL"):
        raise SystemExit("Set PAVILION_DATABASE_URL (a PostgreSQL database it may drop) and PAVILION_REDIS_URL.")
    var_dir = Path(args.var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    cookie_file = var_dir / "cookies.json"
    os.environ.update(production_environment(var_dir))
    # The cookies are signed with the secret key, so a reused database needs the same one.
    secret = var_dir / "secret"
    if args.reuse and secret.exists() and cookie_file.exists():
        os.environ["PAVILION_SECRET_KEY"] = secret.read_text()
        import django

        django.setup()
    else:
        secret.write_text(os.environ["PAVILION_SECRET_KEY"])
        _recreate_database(database_url)
        prepare(args.accounts, cookie_file)
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory

    cookies = json.loads(cookie_file.read_text())
    keys = cookies["keys"][: args.accounts]
    handler = WSGIHandler()
    factory = RequestFactory()

    def environ(path: str, n: int) -> dict[str, Any]:
        request = factory.get(path, HTTP_COOKIE=f"{cookies['cookie']}={keys[n % len(keys)]}", HTTP_HOST="localhost")
        return request.environ

    def call(path: str, n: int) -> tuple[int, int]:
        status: list[str] = []

        def start_response(code: str, headers: list[tuple[str, str]], *_exc_info: Any) -> Callable[[bytes], object]:
            status.append(code)
            return lambda _data: None

        body = b"".join(handler(environ(path, n), start_response))
        return int(status[0].split()[0]), len(body)

    yardstick = yardstick_ms()
    for name in names:
        path = PAGES[name][0]
        for n in range(args.warmup):
            call(path, n)
        queries = [0]
        profile = cProfile.Profile() if args.profile else None
        with connection.execute_wrapper(_count_queries(queries)):
            started = time.process_time()
            if profile:
                profile.enable()
            for n in range(args.requests):
                status, size = call(path, n)
            if profile:
                profile.disable()
            cpu = time.process_time() - started
        print(
            f"page={name} cpu_ms={cpu * 1000 / args.requests:.1f} queries={queries[0] / args.requests:.1f} "
            f"bytes={size} status={status} requests={args.requests} yardstick_ms={yardstick:.0f}",
            flush=True,
        )
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.profile)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
