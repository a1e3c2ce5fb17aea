"""Close codes arrive as close codes: the gateway accepts, then closes, over a real socket.

A WebSocket closed before it is accepted reaches a browser as a bare HTTP 403, and the client
cannot tell a bad token from an overloaded server. These tests open real sockets to `pavilion
serve` and read the close frame. The slow-consumer close (4008) is tested in test_frames.py.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from tests.servers import running_server

pytestmark = pytest.mark.own_database


async def _read_until_closed(socket_: websockets.ClientConnection) -> None:
    await socket_.send(json.dumps({"type": "subscribe", "topic": "event:1", "ref": "s"}))
    while True:
        await asyncio.wait_for(socket_.recv(), timeout=10)


async def _close_of(url: str) -> tuple[int, str]:
    """Open ``url``, say hello, and return the close code and reason the server ends with."""
    async with websockets.connect(url, open_timeout=10) as socket_:
        with pytest.raises(ConnectionClosed) as closed:
            await _read_until_closed(socket_)
    received = closed.value.rcvd
    assert received is not None, "the server closed without a close frame"
    return received.code, received.reason


def test_a_bad_token_is_accepted_then_closed_with_4401(tmp_path: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        url = base.replace("http://", "ws://") + "/live?token=not-a-token"
        assert asyncio.run(_close_of(url)) == (4401, "bad or expired token")


def test_an_overloaded_server_closes_with_4429_and_a_retry_hint(tmp_path: Path) -> None:
    # No join may wait at all: every one is told to come back later.
    with running_server(tmp_path, workers=1, PAVILION_LIVE_JOIN_WAIT="0") as base:
        code, reason = asyncio.run(_close_of(base.replace("http://", "ws://") + "/live"))
    assert code == 4429
    assert reason == "retry-after=1"


def test_a_good_connection_is_not_closed(tmp_path: Path) -> None:
    async def hello(url: str) -> dict[str, object]:
        async with websockets.connect(url, open_timeout=10) as socket_:
            await socket_.send(json.dumps({"type": "hello"}))
            reply: dict[str, object] = json.loads(await asyncio.wait_for(socket_.recv(), timeout=10))
            return reply

    with running_server(tmp_path, workers=1) as base:
        assert asyncio.run(hello(base.replace("http://", "ws://") + "/live"))["type"] == "hello"
