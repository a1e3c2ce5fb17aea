"""A worker that stops (a restart, an upgrade) tells every socket to come back, over real sockets.

A handshake not yet accepted is answered 503 with Retry-After, which the balancer in deploy/
retries on another host (checked here with HAProxy and the deployed configuration's retry rules);
uvicorn's own answer is a 500. An accepted socket is closed with 1012 ("service restart"), which
live.js answers by reconnecting and resuming.
"""

from __future__ import annotations

import asyncio
import re
import select
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from pavilion.live.server import STOPPING_RETRY_AFTER
from tests.servers import free_port, helper_process, module_process

ROOT = Path(__file__).resolve().parents[2]
DEPLOYED_BALANCER = ROOT / "deploy" / "haproxy" / "haproxy.cfg"

HANDSHAKE = (
    "GET /held HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n"
)


@contextmanager
def _server(protocols: str, *mode: str) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    with module_process(
        "tests.live.held_handshake_server",
        str(port),
        protocols,
        *mode,
        probe=lambda: httpx.get(f"http://127.0.0.1:{port}/", timeout=5).raise_for_status(),
        what="the server",
    ) as process:
        yield port, process


def _wait_for_line(process: subprocess.Popen[str], expected: str) -> None:
    assert process.stdout is not None
    readable, _, _ = select.select([process.stdout], [], [], 10)
    assert readable, f"the server never printed {expected!r}"
    assert process.stdout.readline().strip() == expected


def _answer_to_a_held_handshake_when_stopping(protocols: str) -> tuple[str, dict[str, str]]:
    """The status line and headers a handshake still held by the app receives when the server stops."""
    with _server(protocols) as (port, process), socket.create_connection(("127.0.0.1", port), timeout=10) as peer:
        peer.sendall(HANDSHAKE.encode())
        _wait_for_line(process, "held")
        process.send_signal(signal.SIGTERM)
        received = b""
        while chunk := peer.recv(4096):
            received += chunk
    head = received.split(b"\r\n\r\n", 1)[0].decode()
    status, *header_lines = head.split("\r\n")
    headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in header_lines)}
    return status, headers


def test_a_handshake_not_yet_accepted_is_told_to_come_back_when_the_worker_stops() -> None:
    status, headers = _answer_to_a_held_handshake_when_stopping("pavilion")
    assert status == "HTTP/1.1 503 Service Unavailable"
    assert headers["retry-after"] == str(STOPPING_RETRY_AFTER) == "1"
    assert headers["connection"] == "close"


def test_uvicorns_own_protocol_answers_the_same_handshake_with_500() -> None:
    """What Pavilion's protocol replaces: if this starts to fail, uvicorn changed its answer, and
    LiveWebSocketProtocol.shutdown may no longer be needed."""
    status, headers = _answer_to_a_held_handshake_when_stopping("uvicorn")
    assert status == "HTTP/1.1 500 Internal Server Error"
    assert "retry-after" not in headers


def test_an_accepted_socket_is_closed_with_1012_when_the_worker_stops() -> None:
    async def close_code(port: int, process: subprocess.Popen[str]) -> int:
        async with websockets.connect(f"ws://127.0.0.1:{port}/accept", open_timeout=10) as peer:
            process.send_signal(signal.SIGTERM)
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(peer.recv(), timeout=10)
        assert closed.value.rcvd is not None, "the server closed without a close frame"
        return closed.value.rcvd.code

    with _server("pavilion") as (port, process):
        assert asyncio.run(close_code(port, process)) == 1012


def _balancer_configuration(port: int, host_a: int, host_b: int) -> str:
    """HAProxy with the deployed file's ``defaults`` (its retry rules) and its frontend's rule
    limiting retries to GET and HEAD, in front of two hosts on this machine; host A first."""
    deployed = DEPLOYED_BALANCER.read_text()
    defaults = re.search(r"^defaults\n(?:(?: {4}.*)?\n)*", deployed, re.MULTILINE)
    assert defaults is not None, f"{DEPLOYED_BALANCER} has no defaults section"
    (retry_rule,) = [line for line in deployed.splitlines() if "disable-l7-retry" in line]
    return (
        "global\n    maxconn 100\n\n"
        f"{defaults.group(0)}\n"
        f"frontend pavilion\n    bind 127.0.0.1:{port}\n{retry_rule}\n    default_backend pavilion\n\n"
        "backend pavilion\n    balance first\n"
        f"    server host-a 127.0.0.1:{host_a}\n    server host-b 127.0.0.1:{host_b}\n"
    )


@contextmanager
def _balancer(tmp_path: Path, host_a: int, host_b: int) -> Iterator[int]:
    port = free_port()
    configuration = tmp_path / "haproxy.cfg"
    configuration.write_text(_balancer_configuration(port, host_a, host_b))
    with helper_process(
        ["haproxy", "-f", str(configuration), "-db"],
        probe=lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close(),
        what="HAProxy",
    ):
        yield port


def test_behind_the_balancer_a_stopping_hosts_handshake_is_taken_by_the_other_host(tmp_path: Path) -> None:
    async def greeting(port: int, host_a: subprocess.Popen[str]) -> str:
        async def connect() -> str:
            async with websockets.connect(f"ws://127.0.0.1:{port}/held", open_timeout=20) as peer:
                return str(await asyncio.wait_for(peer.recv(), timeout=10))

        connecting = asyncio.create_task(connect())
        await asyncio.to_thread(_wait_for_line, host_a, "held")
        host_a.send_signal(signal.SIGTERM)
        return await connecting

    with (
        _server("pavilion") as (port_a, host_a),
        _server("pavilion", "accept-all") as (port_b, _host_b),
        _balancer(tmp_path, port_a, port_b) as balancer,
    ):
        assert asyncio.run(greeting(balancer, host_a)) == f"accepted on {port_b}"
