"""The gateway's fast path under ``pavilion serve``: event frames written straight to the socket.

Through plain ASGI, every subscriber's copy of an event costs one ``send``: an awaited coroutine,
a task wake-up, the websockets library building the same frame again from the same text, then the
socket write. Yet every copy of a server-to-client text frame is the same bytes (servers do not
mask, and per-message compression is off), so the gateway builds the frame once per event and
hands those bytes to each socket that can take them. Measured with 1,000 sockets (BENCHMARKS.md,
"Live fan-out"): about 30 µs of one core per delivery through ASGI, about 16 µs straight to the
socket, nearly all of it the write itself.

``pavilion serve`` runs uvicorn with ``LiveWebSocketProtocol``: uvicorn's own sans-I/O websockets
protocol, which also puts a ``FrameWriter`` for its connection into the ASGI scope's extensions
under ``FRAMES_EXTENSION``. Everything else (the handshake, reading, pings, closing) stays
uvicorn's. Under any other ASGI server the extension is absent and the gateway sends through ASGI
as before; the tests exercise both paths.

Both protocol classes here also make sure a closed socket's objects are freed at once, by their
reference counts: ``pavilion.asgi`` makes Python's full garbage collections rare, and every cycle
left per socket would otherwise stay in memory until the next one (BENCHMARKS.md, "Soak").
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Request

#: The ASGI scope extension that carries a connection's FrameWriter.
FRAMES_EXTENSION = "pavilion.frames"

#: Seconds a handshake refused by a stopping worker is told to wait before asking again.
STOPPING_RETRY_AFTER = 1


def text_frame(text: str) -> bytes:
    """A complete, unmasked WebSocket text frame: what a server writes to the socket for ``text``."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


class FrameWriter:
    """Writes whole, ready-made frames to one connection's socket, beside uvicorn's own writes.

    Safe to interleave with uvicorn's frames (pings, the close) because every write is a complete
    frame; nothing is written once the closing handshake has begun or the peer has gone.
    """

    __slots__ = ("_protocol",)

    def __init__(self, protocol: WebSocketsSansIOProtocol) -> None:
        self._protocol = protocol

    @property
    def open(self) -> bool:
        protocol = self._protocol
        return (
            protocol.handshake_complete
            and not protocol.close_sent
            and not protocol.disconnected
            and not protocol.transport.is_closing()
        )

    def write_now(self, frame: bytes) -> bool:
        """Write one frame if the socket takes it now: open, and the peer keeps up (the outgoing
        buffer is under its high-water mark). False, with nothing written, otherwise."""
        if self._protocol.writable.is_set() and self.open:
            self._protocol.transport.write(frame)
            return True
        return False

    async def until_writable(self) -> None:
        """Wait while the peer is behind (the buffer is over its high-water mark)."""
        await self._protocol.writable.wait()

    def write(self, frame: bytes) -> bool:
        """Write one frame; False when the connection is closing or gone (nothing is written)."""
        if not self.open:
            return False
        self._protocol.transport.write(frame)
        return True


class LiveWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's sans-I/O WebSocket protocol, offering the gateway a FrameWriter."""

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        scope: Any = getattr(self, "scope", None)
        if scope is not None:  # None when the handshake was refused before any scope was made
            scope["extensions"][FRAMES_EXTENSION] = FrameWriter(self)

    def shutdown(self) -> None:
        """The worker is stopping: a socket still in its handshake is told to come back (503).

        uvicorn answers such a handshake with 500, which a balancer passes on as a failure. A
        signed-in handshake stays unaccepted while the gateway looks up its sign-in, so a busy worker
        stopping for a restart or an upgrade has some. A 503 with Retry-After is what HAProxy in deploy/ retries on
        another host (``retry-on … 503``), so the person never sees it; live.js backs off either way.
        An accepted socket is closed with 1012 ("service restart"), as uvicorn does.
        """
        if self.handshake_complete or self.close_sent or self.initial_response is not None:
            super().shutdown()
            return
        self.stop_keepalive()
        response = self.conn.reject(HTTPStatus.SERVICE_UNAVAILABLE, "Pavilion is restarting; try again.\n")
        response.headers["Retry-After"] = str(STOPPING_RETRY_AFTER)
        self.conn.send_response(response)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        # The scope refers to the FrameWriter, which refers back to this protocol: without this, each
        # closed socket would leave that cycle (and everything it holds) to Python's full collections,
        # which pavilion.asgi makes rare.
        scope: Any = getattr(self, "scope", None)
        if scope is not None:
            scope["extensions"].pop(FRAMES_EXTENSION, None)


class LiveHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools HTTP protocol, letting go of its parser once it handed a socket over to
    the WebSocket protocol.

    uvicorn drops the parser (which refers back to its protocol) in ``connection_lost``, which the
    HTTP protocol never gets once the socket was upgraded: each WebSocket would leave that cycle,
    with the transport and the handshake it holds, to Python's rare full collections.
    """

    def handle_websocket_upgrade(self) -> None:
        super().handle_websocket_upgrade()
        self.parser = None  # type: ignore[assignment]
