"""Cached public reads: requests/s for the sessions JSON and the schedule page on `serve --workers 2`.

Starts `pavilion serve --workers 2` (with PAVILION_REDIS_URL, required for two workers) on a free
port against a fresh database with the demo loaded, warms the caches, then runs wrk from another
process on each URL. Needs wrk (Debian: `apt-get install wrk`) and Redis.

    PAVILION_REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python -m bench.reads [--seconds 10] [--connections 64]

Budget (docs/budgets.md): >= 5,000 req/s for cached public JSON on two workers.
Last line: `json_rps=... json_p99_ms=... page_rps=... page_p99_ms=... errors=...`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
JSON_PATH = "/api/v1/events/itu-digital-world-2020/sessions/"
PAGE_PATH = "/en/events/itu-digital-world-2020/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wrk(url: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """Requests/s, p99 latency in ms and the count of errors and non-2xx answers."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99_match = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99_match, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99_match.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(value) for value in socket_errors.groups())
    return rps, float(p99_match.group(1)) * scale, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    redis_url = os.environ.get("PAVILION_REDIS_URL")
    if not redis_url:
        print("Set PAVILION_REDIS_URL: two workers need a shared cache.", file=sys.stderr)
        return 2
    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "PAVILION_SECRET_KEY": "bench-" + "x" * 40,
        "PAVILION_DEBUG": "0",
        "PAVILION_VAR_DIR": str(var_dir),
    }
    python = [sys.executable, "-m", "pavilion"]
    subprocess.run([*python, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*python, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*python, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    subprocess.run(
        [sys.executable, "-c", "import redis,os; redis.Redis.from_url(os.environ['PAVILION_REDIS_URL']).flushdb()"],
        env=env,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen([*python, "serve", "--port", str(port), "--workers", "2"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + JSON_PATH, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        for _ in range(20):  # warm both workers' caches
            httpx.get(base + JSON_PATH, timeout=2)
            httpx.get(base + PAGE_PATH, timeout=2)
        json_rps, json_p99, json_errors = _wrk(base + JSON_PATH, args.seconds, args.connections)
        page_rps, page_p99, page_errors = _wrk(base + PAGE_PATH, args.seconds, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"json_rps={json_rps:.0f} json_p99_ms={json_p99:.1f} page_rps={page_rps:.0f} page_p99_ms={page_p99:.1f} "
        f"errors={json_errors + page_errors} connections={args.connections} seconds={args.seconds}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
