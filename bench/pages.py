"""Busy pages: the exhibition, a booth, a product, the signed-in schedule and session page under load.

    PAVILION_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_bench_pages \\
    PAVILION_REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python -m bench.pages

Starts the production stack like bench/live_join.py (``pavilion serve --workers 2``,
PAVILION_DEBUG=0, PostgreSQL named by PAVILION_DATABASE_URL — dropped and created again — and
Redis), loads the demo and signs in ``--accounts`` participants. Then wrk (Debian: ``apt-get
install wrk``) requests each page for ``--seconds`` seconds with 64 and then 256 connections, each
run after ``--warmup`` seconds of the same load that are not counted (a worker's first requests
import modules, compile templates and load locale data once for its whole life):

- anonymous: the 2D exhibition, a booth page and a product page (answered from the public cache
  after the first request, as every anonymous visitor after the first is);
- signed in: the event's schedule and the live session page, each request with the session cookie
  of the next of the signed-in participants in turn (a Lua script), so every request takes the
  whole signed-in path: session, account, permissions, rendering.

A page counts as an error when wrk reports a socket error or any answer other than 2xx/3xx
(a 503 "busy" included). Budget (docs/budgets.md): errors=0 at 256 connections on every
page; cached anonymous pages >= 5,000 req/s; signed-in pages >= 300 req/s.

Prints one line per page and connection count (``url=... connections=... rps=... p99_ms=...
errors=... redis_connections_opened=...``, the last counting every new connection the Redis server
accepted during that page's run) and last ``errors=<total> min_cached_rps=... min_signed_in_rps=... workers=2``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.live_join import _log, _recreate_database, prepare
from bench.processes import production_environment, production_server

EVENT = "/en/events/itu-digital-world-2020"
BOOTH = f"{EVENT}/exhibition/booths/mekong-example-telecom/"
PAGES = {
    "exhibition": (f"{EVENT}/exhibition/", False),
    "booth": (BOOTH, False),
    "product": (f"{BOOTH}products/private-5g/", False),
    "schedule": (f"{EVENT}/", True),
    "session": (f"{EVENT}/sessions/opening/", True),
}
#: wrk's Lua: each request carries the next signed-in participant's session cookie.
ROTATE_COOKIES = """
local cookies = {%s}
local n = 0
request = function()
  n = n %% #cookies + 1
  wrk.headers["Cookie"] = cookies[n]
  return wrk.format("GET")
end
"""


def wrk(url: str, seconds: int, connections: int, script: Path | None) -> dict[str, float]:
    """Requests/s, p99 (ms) and errors (socket errors plus answers other than 2xx/3xx)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(value) for value in socket_errors.groups())
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "errors": errors}


def redis_connections_opened(redis_url: str) -> int:
    """How many connections the Redis server has accepted since it started (all clients)."""
    import redis

    with redis.Redis.from_url(redis_url) as client:
        return int(client.info("stats")["total_connections_received"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="seconds per page and connection count (default 10)")
    parser.add_argument("--accounts", type=int, default=500, help="signed-in participants to rotate (default 500)")
    parser.add_argument("--connections", default="64,256", help="connection counts (default 64,256)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (default 2)")
    parser.add_argument(
        "--warmup", type=int, default=3, help="seconds of load before each run, not counted (default 3)"
    )
    parser.add_argument(
        "--pages", default=",".join(PAGES), help=f"the pages to request, of {', '.join(PAGES)} (default all)"
    )
    args = parser.parse_args(argv)
    pages = {name: PAGES[name] for name in args.pages.split(",") if name in PAGES}
    if len(pages) != len(args.pages.split(",")):
        parser.error(f"--pages: each must be one of {', '.join(PAGES)}")
    if not 1 <= args.seconds <= 120 or not 0 <= args.warmup <= 60:
        parser.error("--seconds must be between 1 and 120, --warmup between 0 and 60 (every run is bounded)")
    if shutil.which("wrk") is None:
        raise SystemExit("bench.pages needs wrk (Debian: apt-get install wrk).")
    database_url = os.environ.get("PAVILION_DATABASE_URL", "")
    redis_url = os.environ.get("PAVILION_REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        raise SystemExit("Set PAVILION_DATABASE_URL (a PostgreSQL database it may drop) and PAVILION_REDIS_URL.")
    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-pages-"))
    env = production_environment(var_dir)
    os.environ.update(env)
    try:
        _recreate_database(database_url)
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        _log(f"preparing the demo and {args.accounts} signed-in accounts")
        prepare(args.accounts, var_dir / "cookies.json")
        cookies = json.loads((var_dir / "cookies.json").read_text())
        script = var_dir / "cookies.lua"
        script.write_text(ROTATE_COOKIES % ", ".join(f'"{cookies["cookie"]}={key}"' for key in cookies["keys"]))
        with production_server(env, var_dir, args.workers) as (port, _server):
            base = f"http://127.0.0.1:{port}"
            results = []
            for connections in [int(value) for value in args.connections.split(",")]:
                for name, (path, signed_in) in pages.items():
                    if args.warmup:  # a worker's first requests import, compile and load what it keeps
                        wrk(f"{base}{path}", args.warmup, connections, script if signed_in else None)
                    opened = redis_connections_opened(redis_url)
                    figures = wrk(f"{base}{path}", args.seconds, connections, script if signed_in else None)
                    opened = redis_connections_opened(redis_url) - opened
                    results.append((name, signed_in, connections, figures))
                    print(
                        f"url={path} page={name} signed_in={int(signed_in)} connections={connections} "
                        f"rps={figures['rps']:.0f} p99_ms={figures['p99_ms']:.1f} errors={figures['errors']:.0f} "
                        f"redis_connections_opened={opened}",
                        flush=True,
                    )
        errors = sum(int(figures["errors"]) for *_rest, figures in results)
        cached = min((figures["rps"] for _name, signed_in, _c, figures in results if not signed_in), default=0)
        signed = min((figures["rps"] for _name, signed_in, _c, figures in results if signed_in), default=0)
        print(f"errors={errors} min_cached_rps={cached:.0f} min_signed_in_rps={signed:.0f} workers={args.workers}")
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
