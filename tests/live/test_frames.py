"""The fast path under `pavilion serve`: frames written straight to real sockets (live/server.py).

uvicorn runs in the test's own event loop with LiveWebSocketProtocol, as `pavilion serve` runs it,
so the test can publish on the hub directly and look at the gateway's connections.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn
import websockets
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader
from websockets.uri import parse_uri

from pavilion.asgi import application
from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import SEND_QUEUE_LIMIT, hub
from pavilion.live.protocol import CLOSE_SLOW_CONSUMER
from pavilion.live.server import FrameWriter, LiveWebSocketProtocol, text_frame
from tests.live import feature
from tests.live.features import fresh_broker, until
from tests.servers import free_port

pytestmark = pytest.mark.django_db(transaction=True)

TOPIC = "testroom:6"


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    feature.said.clear()
    yield from fresh_broker(history=5)


@asynccontextmanager
async def serving(ws: Any = LiveWebSocketProtocol) -> AsyncIterator[str]:
    """uvicorn with the given WebSocket protocol, in this event loop; yields the /live URL."""
    port = free_port()
    config = uvicorn.Config(application, host="127.0.0.1", port=port, ws=ws, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await until(lambda: server.started, what="uvicorn to start")
    try:
        yield f"ws://127.0.0.1:{port}/live"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


async def subscribed(url: str) -> Any:
    client = await websockets.connect(url)
    await client.send(json.dumps({"type": "subscribe", "topic": TOPIC}))
    snapshot = json.loads(await asyncio.wait_for(client.recv(), 5))
    assert snapshot["type"] == "snapshot", snapshot
    return client


def _parsed(data: bytes) -> Frame:
    """The frame the websockets library reads from ``data``, as a client would."""
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    parsing = Frame.parse(reader.read_exact, mask=False)
    with pytest.raises(StopIteration) as done:
        next(parsing)
    assert reader.at_eof()  # nothing left over
    frame: Frame = done.value.value
    return frame


def test_text_frame_is_what_a_websocket_client_parses() -> None:
    for text in ("", "Xin chào", "مرحبا" * 30, "x" * 70_000):  # the three length encodings
        frame = _parsed(text_frame(text))
        assert (frame.opcode, bytes(frame.data).decode(), frame.fin) == (Opcode.TEXT, text, True)


def test_events_reach_real_sockets_through_the_frame_writer_in_order(broker: MemoryBroker) -> None:
    async def scenario() -> tuple[list[bool], list[list[int]]]:
        async with serving() as url:
            clients = [await subscribed(url) for _ in range(3)]
            writers = [isinstance(connection.frames, FrameWriter) for connection in hub.topics[TOPIC]]
            for number in range(40):
                broker.publish(TOPIC, {"said": str(number)})
            seen = [[json.loads(await client.recv())["seq"] for _ in range(40)] for client in clients]
            for client in clients:
                await client.close()
            return writers, seen

    writers, seen = asyncio.run(scenario())
    assert writers == [True, True, True]
    first = seen[0][0]
    assert seen == [list(range(first, first + 40))] * 3


def test_other_servers_get_the_asgi_path(broker: MemoryBroker) -> None:
    """Without the extension (uvicorn's stock protocol) the gateway sends through ASGI, same frames."""

    async def scenario() -> tuple[list[bool], list[str]]:
        async with serving(ws="websockets-sansio") as url:
            client = await subscribed(url)
            writers = [connection.frames is None for connection in hub.topics[TOPIC]]
            broker.publish(TOPIC, {"said": "Good morning"})
            frame = json.loads(await client.recv())
            await client.close()
            return writers, [frame["event"]["said"]]

    assert asyncio.run(scenario()) == ([True], ["Good morning"])


def _subscribed_then_silent(url: str, port: int) -> socket.socket:
    """A client over a plain socket with a tiny receive buffer: it subscribes, then never reads again."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(10)  # a handshake that never comes fails the test instead of hanging it
    raw.connect(("127.0.0.1", port))
    protocol = ClientProtocol(parse_uri(url))
    protocol.send_request(protocol.connect())
    raw.sendall(b"".join(protocol.data_to_send()))
    while protocol.state is websockets.protocol.State.CONNECTING:
        protocol.receive_data(raw.recv(4096))
    protocol.send_frame(Frame(Opcode.TEXT, json.dumps({"type": "subscribe", "topic": TOPIC}).encode()))
    raw.sendall(b"".join(protocol.data_to_send()))
    return raw


def test_a_slow_socket_is_cut_while_the_others_keep_receiving(broker: MemoryBroker) -> None:
    """The peer stops reading: the kernel's buffers fill, then the transport's, then the send queue."""
    count = SEND_QUEUE_LIMIT * 3

    async def scenario() -> tuple[list[int], int | None, int]:
        async with serving() as url:
            fast = await websockets.connect(url, max_queue=None)
            await fast.send(json.dumps({"type": "subscribe", "topic": TOPIC}))
            assert json.loads(await fast.recv())["type"] == "snapshot"
            [fast_connection] = hub.topics[TOPIC]
            port = int(url.rsplit(":", 1)[1].split("/")[0])
            silent = await asyncio.to_thread(_subscribed_then_silent, url, port)
            await until(lambda: len(hub.topics[TOPIC]) >= 2, what="the silent client to subscribe")
            [slow_connection] = hub.topics[TOPIC] - {fast_connection}
            await until(
                lambda: not any(subscription.starting for subscription in slow_connection.subscriptions.values()),
                what="the silent client's snapshot to be sent",
            )

            async def read_fast() -> list[int]:
                return [json.loads(await fast.recv())["seq"] for _ in range(count)]

            reading = asyncio.create_task(read_fast())
            for number in range(count):
                broker.publish(TOPIC, {"said": str(number), "padding": "x" * 20_000})
                await asyncio.sleep(0.001)
            received = await asyncio.wait_for(reading, 20)
            members = len(hub.topics.get(TOPIC, ()))
            await fast.close()
            silent.close()
            return received, slow_connection.close_code, members

    received, close_code, members = asyncio.run(scenario())
    assert received == list(range(received[0], received[0] + count))
    assert (close_code, members) == (CLOSE_SLOW_CONSUMER, 1)
