"""live/server.py subclasses uvicorn's sans-I/O WebSocket protocol, which uvicorn does not document.

These tests name each piece of it the fast path relies on, so that a uvicorn release that changes
its shape fails here, with the piece named, instead of somewhere in a live test.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import uvicorn
from uvicorn.config import Config
from uvicorn.server import ServerState

from pavilion.live.server import LiveWebSocketProtocol

WHAT_SERVER_USES = "the attribute live/server.py's FrameWriter reads; see the pin of uvicorn in pyproject.toml"


async def _app(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover - never called
    raise AssertionError("not called")


def _protocol() -> LiveWebSocketProtocol:
    config = Config(app=_app, ws=LiveWebSocketProtocol, lifespan="off")
    config.load()
    loop = asyncio.new_event_loop()
    try:
        return LiveWebSocketProtocol(config, ServerState(), {}, _loop=loop)
    finally:
        loop.close()


def test_the_base_class_is_where_live_server_imports_it_from() -> None:
    from uvicorn.protocols.websockets import websockets_sansio_impl

    assert hasattr(websockets_sansio_impl, "WebSocketsSansIOProtocol"), f"uvicorn {uvicorn.__version__} moved it"
    assert issubclass(LiveWebSocketProtocol, websockets_sansio_impl.WebSocketsSansIOProtocol)


def test_handle_connect_takes_the_request_and_builds_the_scope_with_extensions() -> None:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

    parameters = list(inspect.signature(WebSocketsSansIOProtocol.handle_connect).parameters)
    assert parameters == ["self", "event"], f"handle_connect's parameters changed: {parameters}"
    source = inspect.getsource(WebSocketsSansIOProtocol.handle_connect)
    assert "self.scope" in source, "handle_connect no longer sets self.scope"
    assert '"extensions"' in source, "the scope handle_connect builds no longer has extensions"


def test_a_new_protocol_has_the_connection_state_the_frame_writer_reads() -> None:
    protocol = _protocol()
    state = {
        name: getattr(protocol, name, "missing")
        for name in ("handshake_complete", "close_sent", "disconnected", "transport", "initial_response")
    }
    assert state == {
        "handshake_complete": False,
        "close_sent": False,
        "disconnected": False,
        "transport": None,
        "initial_response": None,
    }, f"{state}: {WHAT_SERVER_USES}"
    assert callable(getattr(protocol, "stop_keepalive", None)), WHAT_SERVER_USES
    assert isinstance(protocol.writable, asyncio.Event), WHAT_SERVER_USES
    assert protocol.writable.is_set()
    assert callable(getattr(protocol, "connection_made", None)), WHAT_SERVER_USES


def test_the_http_protocol_upgrades_in_handle_websocket_upgrade_and_holds_its_parser_in_parser() -> None:
    """LiveHttpProtocol drops ``parser`` after ``handle_websocket_upgrade`` (the cycle uvicorn breaks
    only in ``connection_lost``, which an upgraded protocol never gets)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from pavilion.live.server import LiveHttpProtocol

    assert issubclass(LiveHttpProtocol, HttpToolsProtocol)
    upgrade = inspect.getsource(HttpToolsProtocol.handle_websocket_upgrade)
    assert "self.transport.set_protocol(" in upgrade, "handle_websocket_upgrade no longer hands the socket over"
    assert "self.parser = None" in inspect.getsource(HttpToolsProtocol.connection_lost), (
        "uvicorn changed how its HTTP protocol lets go of the parser"
    )
    assert "self.parser = httptools.HttpRequestParser(self)" in inspect.getsource(HttpToolsProtocol.__init__)
