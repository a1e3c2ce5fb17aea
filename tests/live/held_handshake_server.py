"""A uvicorn server with Pavilion's live protocols, holding every WebSocket handshake: run as
``python -m tests.live.held_handshake_server PORT {pavilion|uvicorn} [accept-all]``.

A signed-in handshake waits in the gateway while its sign-in is looked up; a worker that stops
then has handshakes not yet accepted. This app holds them for as long as the test needs, so
the test can stop the server at that moment every time. ``/accept`` is accepted at once.
It prints ``held`` when a handshake reaches it. ``uvicorn`` runs uvicorn's own protocol instead
of Pavilion's, to show what Pavilion's replaces. ``accept-all`` accepts every handshake and greets
it with ``accepted on PORT`` (the other host, behind a balancer).
"""

from __future__ import annotations

import sys
from typing import Any

import uvicorn

ACCEPT_ALL = False


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ready"})
        return
    if scope["type"] != "websocket":
        return
    await receive()  # websocket.connect
    if ACCEPT_ALL:
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": f"accepted on {scope['server'][1]}"})
    elif scope["path"] == "/accept":
        await send({"type": "websocket.accept"})
    else:
        print("held", flush=True)
    while (await receive())["type"] != "websocket.disconnect":
        pass


def main() -> None:
    global ACCEPT_ALL
    port, protocols = int(sys.argv[1]), sys.argv[2]
    ACCEPT_ALL = sys.argv[3:] == ["accept-all"]
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        ws="pavilion.live.server:LiveWebSocketProtocol" if protocols == "pavilion" else "websockets-sansio",
        http="pavilion.live.server:LiveHttpProtocol" if protocols == "pavilion" else "httptools",
        log_level="warning",
    )


if __name__ == "__main__":
    main()
