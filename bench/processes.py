"""Finding and hurting server processes, for the fault tests and bench/faults.py.

`pavilion serve --workers N` is one main process (uvicorn's supervisor) and N workers; a fault
scenario kills the worker that holds the most sockets. A Redis of one's own is started (and
killed, and started again) with nothing kept on disk.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

REPO = Path(__file__).resolve().parents[1]
#: Seconds the server may take to start.
START_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(server: subprocess.Popen[bytes], port: int, log: Path, timeout: float = START_TIMEOUT) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                pass
            time.sleep(3)  # every worker finishes importing, so sockets spread over all of them
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"The server did not start within {timeout:g} s:\n{log.read_text()[-3000:]}")


def production_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment with Pavilion's production settings, a fresh secret and ``var_dir``
    for its files (the benchmarks also apply it to themselves, for their own Django set-up)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pavilion.settings",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "PAVILION_DEBUG": "0",
        "PAVILION_SECRET_KEY": secrets.token_urlsafe(50),
        "PAVILION_VAR_DIR": str(var_dir),
        **extra,
    }


@contextmanager
def production_server(
    env: dict[str, str], var_dir: Path, workers: int, start_timeout: float = START_TIMEOUT
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`pavilion serve --workers N` with ``env`` on a free port, its output in ``var_dir``/server.log;
    yields the port and the process, and stops it on leaving (``start_timeout``: seconds it may take
    to answer its first page)."""
    port = free_port()
    with open(var_dir / "server.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "pavilion", "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(server, port, var_dir / "server.log", start_timeout)
            yield port, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)


def worker_pids(server: subprocess.Popen[str] | subprocess.Popen[bytes]) -> list[int]:
    """The worker processes of a `pavilion serve --workers N` (children of its main process)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            command = (stat.parent / "cmdline").read_bytes() if int(fields[1]) == server.pid else b""
        except OSError:
            continue  # gone meanwhile
        if b"spawn_main" in command:  # uvicorn's workers, not multiprocessing's resource tracker
            children.append(int(stat.parent.name))
    return sorted(children)


def open_connections(pid: int, port: int) -> int:
    """How many TCP connections to ``port`` the process ``pid`` holds (its accepted sockets)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rpartition(":")[2], 16)
                if local_port == port and fields[3] == "01" and fields[9] in inodes:  # 01: established
                    count += 1
    return count


@contextmanager
def private_redis(port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`redis-server` on ``port`` of 127.0.0.1 that keeps nothing on disk; killed on leaving."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError("redis-server did not start") from None
            time.sleep(0.05)
    try:
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)
