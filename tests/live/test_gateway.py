"""The /live gateway, driven through its ASGI interface as a server would drive it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pavilion.asgi import application
from pavilion.live.protocol import MAX_FRAME_BYTES


async def _converse(path: str, frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Connect, send the given ASGI receive events, and collect what the app sends back."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for frame in [{"type": "websocket.connect"}, *frames, {"type": "websocket.disconnect", "code": 1000}]:
        inbox.put_nowait(frame)
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": "websocket", "path": path, "headers": [], "query_string": b"", "subprotocols": []}
    await asyncio.wait_for(application(scope, inbox.get, send), timeout=5)
    return sent


def _text(payload: str) -> dict[str, Any]:
    return {"type": "websocket.receive", "text": payload}


def _replies(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(message["text"]) for message in sent if message["type"] == "websocket.send"]


def test_hello_is_answered_with_the_protocol_version() -> None:
    sent = asyncio.run(_converse("/live", [_text('{"type": "hello"}')]))
    assert sent[0] == {"type": "websocket.accept"}
    assert _replies(sent) == [{"type": "hello", "protocol": 1, "server": "pavilion"}]


def test_malformed_frames_get_error_frames_and_the_connection_survives() -> None:
    frames = [_text("not json"), _text("[1, 2]"), _text('{"no": "type"}'), _text('{"type": "hello"}')]
    replies = _replies(asyncio.run(_converse("/live", frames)))
    assert [reply["type"] for reply in replies] == ["error", "error", "error", "hello"]
    assert [reply["code"] for reply in replies[:3]] == ["malformed", "malformed", "malformed"]


def test_unknown_type_names_the_type_and_echoes_ref() -> None:
    replies = _replies(asyncio.run(_converse("/live", [_text('{"type": "teleport", "ref": 7}')])))
    assert replies == [{"type": "error", "code": "unknown_type", "message": "Unknown frame type 'teleport'.", "ref": 7}]


def test_oversized_frame_is_refused() -> None:
    big = json.dumps({"type": "hello", "pad": "x" * MAX_FRAME_BYTES})
    replies = _replies(asyncio.run(_converse("/live", [_text(big)])))
    assert replies == [
        {"type": "error", "code": "too_large", "message": f"Frames are limited to {MAX_FRAME_BYTES} bytes."}
    ]


def test_binary_frame_is_refused() -> None:
    replies = _replies(asyncio.run(_converse("/live", [{"type": "websocket.receive", "bytes": b"\x00"}])))
    assert [reply["code"] for reply in replies] == ["binary"]


def test_websocket_on_another_path_is_closed() -> None:
    sent = asyncio.run(_converse("/elsewhere", []))
    assert sent == [{"type": "websocket.close", "code": 4404}]


def test_lifespan_is_answered() -> None:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    inbox.put_nowait({"type": "lifespan.startup"})
    inbox.put_nowait({"type": "lifespan.shutdown"})
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(dict(message))

    asyncio.run(asyncio.wait_for(application({"type": "lifespan"}, inbox.get, send), timeout=5))
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]
