"""A worker that stops (a restart, an upgrade) tells every socket to come back, over real sockets.

A handshake not yet accepted is answered 503 with Retry-After, which the balancer in deploy/
retries on another host; uvicorn's own answer is a 500. An accepted socket is closed with 1012
("service restart"), which live.js answers by reconnecting and resuming.
"""

from __future__ import annotations

import asyncio
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from pavilion.live.server import STOPPING_RETRY_AFTER
from tests.servers import START_TIMEOUT, free_port

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
def _server(protocols: str) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.live.held_handshake_server", str(port), protocols],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=5).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.terminate()
                    output, _errors = process.communicate(timeout=15)
                    raise AssertionError(f"the server did not start:\n{output}") from None
                time.sleep(0.1)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=15)


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
