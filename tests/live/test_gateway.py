"""The /live gateway, driven through its ASGI interface as a server would drive it."""

from __future__ import annotations

import asyncio
import gc
import json
from typing import Any

from pavilion.asgi import application
from pavilion.core.collections_tuning import THRESHOLDS
from pavilion.live.protocol import MAX_FRAME_BYTES


async def _converse(
    path: str, frames: list[dict[str, Any]], headers: list[tuple[bytes, bytes]] | None = None
) -> list[dict[str, Any]]:
    """Connect, send the given ASGI receive events, and collect what the app sends back."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for frame in [{"type": "websocket.connect"}, *frames, {"type": "websocket.disconnect", "code": 1000}]:
        inbox.put_nowait(frame)
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": "websocket", "path": path, "headers": headers or [], "query_string": b"", "subprotocols": []}
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


def test_frames_that_would_break_the_parser_or_the_answer_get_error_frames() -> None:
    """The probe's three: 60,000 ``[``, 5,000-deep nesting, a lone surrogate in ``ref``."""
    deep = '{"type": "ping", "ref": 1, "data": ' + "[" * 5000 + "]" * 5000 + "}"
    frames = [_text("[" * 60000), _text(deep), _text('{"type": "ping", "ref": "\\ud800"}'), _text('{"type": "hello"}')]
    replies = _replies(asyncio.run(_converse("/live", frames)))
    assert replies == [
        {"type": "error", "code": "malformed", "message": "A frame may nest arrays and objects 32 deep at most."},
        {"type": "error", "code": "malformed", "message": "A frame may nest arrays and objects 32 deep at most."},
        {
            "type": "error",
            "code": "malformed",
            "message": "A frame's text must not contain lone surrogates (\\ud800-\\udfff).",
        },
        {"type": "hello", "protocol": 1, "server": "pavilion"},
    ]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"type": "ping", "ref": "[" * 100})
    assert _replies(asyncio.run(_converse("/live", [_text(text)]))) == [{"type": "pong", "ref": "[" * 100}]


def test_a_socket_from_another_site_is_accepted_then_closed_and_the_own_site_is_welcome() -> None:
    """Browsers send Origin; a page of another site must not open a socket with the visitor's cookie."""
    host = [(b"host", b"pavilion.example.org")]
    foreign = asyncio.run(_converse("/live", [], [*host, (b"origin", b"https://evil.example.com")]))
    assert foreign == [
        {"type": "websocket.accept"},
        {"type": "websocket.close", "code": 4403, "reason": "origin not allowed"},
    ]
    for origin in (b"https://pavilion.example.org", b"http://PAVILION.example.org"):
        sent = asyncio.run(_converse("/live", [_text('{"type": "hello"}')], [*host, (b"origin", origin)]))
        assert _replies(sent) == [{"type": "hello", "protocol": 1, "server": "pavilion"}]
    look_alike = asyncio.run(_converse("/live", [], [*host, (b"origin", b"https://pavilion.example.org.evil.com")]))
    assert look_alike[-1]["code"] == 4403


def test_configured_origins_are_welcome(settings: Any) -> None:
    settings.CSRF_TRUSTED_ORIGINS = ["https://events.example.int"]
    headers = [(b"host", b"pavilion.internal:8000"), (b"origin", b"https://events.example.int")]
    sent = asyncio.run(_converse("/live", [_text('{"type": "hello"}')], headers))
    assert _replies(sent) == [{"type": "hello", "protocol": 1, "server": "pavilion"}]


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

    before = gc.get_threshold()
    try:
        asyncio.run(asyncio.wait_for(application({"type": "lifespan"}, inbox.get, send), timeout=5))
        # A worker keeps its start-up objects out of collections and collects less often.
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]
