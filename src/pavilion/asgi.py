"""ASGI entry point: ``pavilion.asgi:application``.

WebSocket connections on ``/live`` go to the live gateway; HTTP goes to Django. Lifespan events
are answered here because Django's handler accepts HTTP only.
"""

from __future__ import annotations

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
django_application = get_asgi_application()

import re  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402

from asgiref.sync import sync_to_async  # noqa: E402

from pavilion.activity.recorder import recorder  # noqa: E402  (needs Django set up)
from pavilion.core.public_cache import is_replayable, lookup, variant_for  # noqa: E402
from pavilion.live.gateway import Receive, Scope, Send, gateway, hub  # noqa: E402
from pavilion.live.protocol import CLOSE_NOT_FOUND  # noqa: E402

LIVE_PATH = "/live"
#: Paths whose anonymous GET responses may be replayed from the public cache: the public API and
#: the event pages (schedules) in every language.
CACHEABLE_PATHS = re.compile(r"^(/api/v1/events/|/[a-z-]{2,7}/events/[^/]+/$)")


def _accepts_gzip(scope: Scope) -> bool:
    return any(
        name == b"accept-encoding" and re.search(rb"\bgzip\b", value) for name, value in scope.get("headers", [])
    )


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            parsed = SimpleCookie()
            parsed.load(value.decode("latin-1"))
            return {key: morsel.value for key, morsel in parsed.items()}
    return {}


async def _replay_cached(scope: Scope, send: Send) -> bool:
    """Answer an anonymous GET from the public cache; False when Django must answer."""
    if scope["method"] != "GET" or not CACHEABLE_PATHS.match(scope["path"]):
        return False
    cookies = _cookies(scope)
    if not is_replayable(cookies):
        return False
    query = scope.get("query_string", b"").decode("latin-1")
    entry = lookup(scope["path"] + (f"?{query}" if query else ""), variant_for(scope["path"], cookies))
    if entry is None:
        return False
    compressed = _accepts_gzip(scope) and len(entry.gzip_body) < len(entry.body)
    body = entry.gzip_body if compressed else entry.body
    vary = entry.vary
    if "accept-encoding" not in vary.lower():
        vary = ", ".join(filter(None, [vary, "Accept-Encoding"]))
    headers = [
        (b"content-type", entry.content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode()),
        (b"x-pavilion-cache", b"hit"),
        (b"vary", vary.encode("latin-1")),
        *([(b"content-encoding", b"gzip")] if compressed else []),
        # What Django's security middleware would add to the same response.
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return True


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        if not await _replay_cached(scope, send):
            await django_application(scope, receive, send)
    elif scope["type"] == "websocket":
        if scope["path"].rstrip("/") == LIVE_PATH:
            await gateway(scope, receive, send)
        else:
            await receive()  # the connect message
            await send({"type": "websocket.close", "code": CLOSE_NOT_FOUND})
    elif scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # Garbage-collection pauses were the largest part of the live fan-out's p99
                # (BENCHMARKS.md): keep start-up objects out of collections, collect less often.
                gc.freeze()
                gc.set_threshold(50_000, 20, 100)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await hub.reset()
                # The activity log's last rows (at most a second's worth) are written before the process ends.
                await sync_to_async(recorder.stop, thread_sensitive=False)()
                await send({"type": "lifespan.shutdown.complete"})
                return
