"""The live gateway: a plain ASGI WebSocket endpoint at ``/live``.

It is our own thin layer rather than Django Channels because broadcast throughput and latency
decide whether a large session survives (DESIGN.md §3). For now it speaks only the handshake:
the client sends ``{"type": "hello"}`` and the server answers with its protocol version.
Topics, snapshots and feature commands arrive with the live-sessions work.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pavilion.live.protocol import ProtocolError, encode, error_frame, hello_frame, parse_frame

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]


async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one WebSocket connection until the peer leaves."""
    first = await receive()
    if first["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message["type"] != "websocket.receive":
            continue
        reply = _answer(message.get("text"))
        await send({"type": "websocket.send", "text": encode(reply)})


def _answer(text: str | None) -> dict[str, Any]:
    if text is None:
        return error_frame(ProtocolError("binary", "Binary frames are not accepted; send JSON text."))
    try:
        frame = parse_frame(text)
    except ProtocolError as error:
        return error_frame(error)
    if frame["type"] == "hello":
        return hello_frame()
    return error_frame(ProtocolError("unknown_type", f"Unknown frame type {frame['type']!r}."), ref=frame.get("ref"))
