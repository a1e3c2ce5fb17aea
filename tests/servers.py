"""Real `pavilion serve` processes for tests that need sockets."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx

from bench.processes import worker_pids
from pavilion.core.management.commands.serve import WORKER_HEALTHCHECK_TIMEOUT
from tests.conftest import migrate_site, pavilion_environment

#: Seconds a server may take to answer its first request (a loaded CI machine imports slowly).
START_TIMEOUT = 120

#: Seconds a server may take to stop after SIGTERM. uvicorn's supervisor sees the signal only
#: between health checks, and a check waits up to WORKER_HEALTHCHECK_TIMEOUT for a worker that is
#: still starting (the one it starts in place of a killed worker, on a loaded CI machine).
STOP_TIMEOUT = WORKER_HEALTHCHECK_TIMEOUT + 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(process: subprocess.Popen[str], probe: Callable[[], object], what: str) -> None:
    """Call ``probe`` until it no longer fails to connect (httpx.TransportError or OSError); if
    ``process`` ends or START_TIMEOUT passes first, stop it and fail with its output."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            probe()
            return
        except (httpx.TransportError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                # Stop it first: reading a running process's output would wait for it forever.
                process.terminate()
                output, _errors = process.communicate(timeout=15)
                raise AssertionError(f"{what} did not start within {START_TIMEOUT} s:\n{output}") from None
            time.sleep(0.1)


@contextmanager
def helper_process(command: list[str], *, probe: Callable[[], object], what: str) -> Iterator[subprocess.Popen[str]]:
    """``command`` run from the repository's root, its output kept; yields once ``probe`` connects
    (``wait_until_answering``) and stops it on leaving."""
    process = subprocess.Popen(
        command, cwd=Path(__file__).resolve().parents[1], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until_answering(process, probe, what)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=15)


def module_process(
    module: str, *arguments: str, probe: Callable[[], object], what: str
) -> AbstractContextManager[subprocess.Popen[str]]:
    """``helper_process`` for ``python -m module arguments``."""
    return helper_process([sys.executable, "-m", module, *arguments], probe=probe, what=what)


@contextmanager
def running_server(tmp_path: Path, workers: int, *, migrate: bool = True, **extra: str) -> Iterator[str]:
    """`pavilion serve` in a subprocess on a free port, with its data in ``tmp_path``; yields its base URL."""
    with serving(tmp_path, workers, migrate=migrate, **extra) as (base, _process):
        yield base


@contextmanager
def serving(
    tmp_path: Path, workers: int, *, migrate: bool = True, **extra: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``running_server`` that also yields the server's process (to find and kill its workers)."""
    port = free_port()
    env = pavilion_environment(tmp_path, **{"PAVILION_DEBUG": "1", **extra})
    if migrate:
        migrate_site(tmp_path, **{"PAVILION_DEBUG": "1", **extra})
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
        wait_until_answering(process, lambda: httpx.get(f"{base}/en/", timeout=5), "server")
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            for worker in worker_pids(process):
                os.kill(worker, signal.SIGKILL)
            process.kill()
            output, _errors = process.communicate(timeout=15)
            raise AssertionError(f"server did not stop within {STOP_TIMEOUT} s of SIGTERM:\n{output}") from None
