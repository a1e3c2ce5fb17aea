"""Finding and hurting server processes, for the fault tests and bench/faults.py.

`pavilion serve --workers N` is one main process (uvicorn's supervisor) and N workers; a fault
scenario kills the worker that holds the most sockets. A Redis of one's own is started (and
killed, and started again) with nothing kept on disk.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis


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
