"""Real `pavilion serve` processes for tests that need sockets."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import pavilion_environment

#: Seconds a server may take to answer its first request (a loaded CI machine imports slowly).
START_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(tmp_path: Path, workers: int, *, migrate: bool = True, **extra: str) -> Iterator[str]:
    """`pavilion serve` in a subprocess on a free port, with its data in ``tmp_path``; yields its base URL."""
    with serving(tmp_path, workers, migrate=migrate, **extra) as (base, _process):
        yield base


def worker_pids(server: subprocess.Popen[str]) -> list[int]:
    """The worker processes of a `pavilion serve --workers N` (children of its main process)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # gone meanwhile
        command = (stat.parent / "cmdline").read_bytes() if int(fields[1]) == server.pid else b""
        if b"spawn_main" in command:  # uvicorn's workers, not multiprocessing's resource tracker
            children.append(int(stat.parent.name))
    return sorted(children)


@contextmanager
def serving(
    tmp_path: Path, workers: int, *, migrate: bool = True, **extra: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``running_server`` that also yields the server's process (to find and kill its workers)."""
    port = free_port()
    env = pavilion_environment(tmp_path, **{"PAVILION_DEBUG": "1", **extra})
    if migrate:
        subprocess.run(
            [sys.executable, "-m", "pavilion", "migrate", "-v0"], env=env, cwd=tmp_path, check=True, timeout=120
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "pavilion", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                httpx.get(f"{base}/en/", timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    # Stop it first: reading a running server's output would wait for it forever.
                    process.terminate()
                    output, _errors = process.communicate(timeout=15)
                    raise AssertionError(f"server did not start within {START_TIMEOUT} s:\n{output}") from None
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=15)


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
