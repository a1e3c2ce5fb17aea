"""Drive the ASGI application as a WebSocket client would, in the test's own event loop."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pavilion.asgi import application


class LiveClient:
    """One WebSocket connection to /live, without a network: frames in, frames out."""

    def __init__(self, *, query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.scope = {
            "type": "websocket",
            "path": "/live",
            "query_string": query,
            "headers": headers or [],
            "subprotocols": [],
        }
        self.task: asyncio.Task[None] | None = None
        self.stalled = asyncio.Event()  # set: the client stops reading (its sends never complete)

    async def _send(self, message: Any) -> None:
        if message["type"] == "websocket.send" and self.stalled.is_set():
            await asyncio.Event().wait()  # a reader that never reads
        await self.outbox.put(dict(message))

    async def connect(self) -> dict[str, Any]:
        self.inbox.put_nowait({"type": "websocket.connect"})
        self.task = asyncio.create_task(application(self.scope, self.inbox.get, self._send))
        return await self.message()

    async def message(self, timeout: float = 5) -> dict[str, Any]:
        return await asyncio.wait_for(self.outbox.get(), timeout)

    async def send(self, frame: dict[str, Any]) -> None:
        await self.inbox.put({"type": "websocket.receive", "text": json.dumps(frame)})

    async def frame(self, timeout: float = 5) -> dict[str, Any]:
        message = await self.message(timeout)
        assert message["type"] == "websocket.send", message
        return dict(json.loads(message["text"]))

    async def request(self, frame: dict[str, Any]) -> dict[str, Any]:
        await self.send(frame)
        return await self.frame()

    async def close(self) -> None:
        await self.inbox.put({"type": "websocket.disconnect", "code": 1000})
        if self.task is not None:
            await asyncio.wait_for(self.task, 10)
