"""ASGI entry point: ``pavilion.asgi:application``.

WebSocket connections on ``/live`` go to the live gateway; HTTP goes to Django. Lifespan events
are answered here because Django's handler accepts HTTP only.
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
django_application = get_asgi_application()

from pavilion.live.gateway import Receive, Scope, Send, gateway  # noqa: E402  (needs Django set up)

LIVE_PATH = "/live"


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        await django_application(scope, receive, send)
    elif scope["type"] == "websocket":
        if scope["path"].rstrip("/") == LIVE_PATH:
            await gateway(scope, receive, send)
        else:
            await receive()  # the connect message
            await send({"type": "websocket.close", "code": 4404})
    elif scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
