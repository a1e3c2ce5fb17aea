"""ASGI entry point: ``pavilion.asgi:application``.

WebSocket connections on ``/live`` go to the live gateway; HTTP goes to Django. Lifespan events
are answered here because Django's handler accepts HTTP only.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from functools import partial
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
django_application = get_asgi_application()

import re  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402

from asgiref.sync import sync_to_async  # noqa: E402
from csp.utils import build_policy  # noqa: E402
from django.conf import settings  # noqa: E402

from pavilion.activity.recorder import recorder  # noqa: E402  (needs Django set up)
from pavilion.core.collections_tuning import keep_out_of_collections  # noqa: E402
from pavilion.core.errors import RETRY_AFTER  # noqa: E402
from pavilion.core.public_cache import is_replayable, lookup, replay_hooks, variant_for  # noqa: E402
from pavilion.live.gateway import Receive, Scope, Send, gateway, hub  # noqa: E402
from pavilion.live.memory import full_collection  # noqa: E402
from pavilion.live.protocol import CLOSE_NOT_FOUND  # noqa: E402

logger = logging.getLogger(__name__)

LIVE_PATH = "/live"
#: The Content-Security-Policy of a page that asked for no nonce: cached public pages never do.
REPLAYED_CSP = build_policy().encode("latin-1")
_HSTS = f"max-age={settings.SECURE_HSTS_SECONDS}".encode()
#: Paths whose anonymous GET responses may be replayed from the public cache: the public API, the
#: event pages (schedules) and the exhibition (2D and 3D halls, booths, products) in every language.
CACHEABLE_PATHS = re.compile(
    r"^(/api/v1/events/"
    r"|/[a-z-]{2,7}/events/[^/]+/"
    r"(exhibition/(3d/|booths/[^/]+/(products/[^/]+/)?)?)?$)"
)


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
        (b"referrer-policy", settings.SECURE_REFERRER_POLICY.encode("latin-1")),
        (b"content-security-policy", REPLAYED_CSP),
        (b"permissions-policy", settings.PAVILION_PERMISSIONS_POLICY.encode("latin-1")),
        # As SecurityMiddleware: HSTS on secure requests only (uvicorn takes the scheme from the proxy).
        *(
            [(b"strict-transport-security", _HSTS)]
            if settings.SECURE_HSTS_SECONDS and scope.get("scheme") == "https"
            else []
        ),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    if entry.note:
        client = {"address": (scope.get("client") or ("", 0))[0], "user_agent": _header(scope, b"user-agent")}
        for hook in replay_hooks:
            hook(entry.note, client)
    return True


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class RequestLine:
    """At most PAVILION_HTTP_CONCURRENCY requests inside Django at once in this process; the rest wait
    their turn here, without a thread or a database connection, and are answered 503 with
    Retry-After if their turn does not come within PAVILION_DB_POOL_TIMEOUT seconds.

    Django runs each request's work in a thread of its own under ASGI: without this, a burst starts
    as many threads as requests, all waiting for the database pool inside Django.
    """

    def __init__(self, size: int, patience: float, application: Any = None) -> None:
        self.size = size
        self.patience = patience
        self.application = application or django_application
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.patience)
        except TimeoutError:
            await _busy(send)
            return
        try:
            await self.application(scope, receive, send)
        finally:
            self._slots.release()


async def collect_in_full(every: float) -> None:
    """A full garbage collection every ``every`` seconds (PAVILION_FULL_COLLECTION_EVERY), for good.

    With the thresholds set at start-up Python collects in full so rarely that garbage in reference
    cycles which reached the oldest generation (a few objects a live join) waits for hours, and a
    worker's memory grows by it (BENCHMARKS.md, "Soak"). On a timer the garbage stays bounded, for
    a pause of about 0.3 s a worker with 3,000 sockets open, once every ten minutes by default.
    """
    while True:
        await asyncio.sleep(every)
        logger.debug("Full collection: %(collected)d objects in %(collect_ms)d ms", full_collection())


async def _busy(send: Send) -> None:
    body = b"Pavilion is busy for a moment. Please try again in a few seconds.\n"
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


request_line = RequestLine(settings.PAVILION_HTTP_CONCURRENCY, settings.PAVILION_DB_POOL_TIMEOUT)


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        if not await _replay_cached(scope, send):
            await request_line(scope, receive, send)
    elif scope["type"] == "websocket":
        if scope["path"].rstrip("/") == LIVE_PATH:
            await gateway(scope, receive, send)
        else:
            await receive()  # the connect message
            await send({"type": "websocket.close", "code": CLOSE_NOT_FOUND})
    elif scope["type"] == "lifespan":
        collector: asyncio.Task[None] | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # Garbage-collection pauses were the largest part of the live fan-out's p99
                # (BENCHMARKS.md): keep start-up objects out of collections, collect less often.
                keep_out_of_collections()
                # `kill -USR1 <worker>`: its live tables now, after a full collection (docs/deployment.md).
                asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, partial(hub.report, collect=True))
                if settings.PAVILION_FULL_COLLECTION_EVERY:
                    collector = asyncio.create_task(collect_in_full(settings.PAVILION_FULL_COLLECTION_EVERY))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if collector is not None:
                    collector.cancel()
                await hub.reset()
                # The activity log's last rows (at most a second's worth) are written before the process ends.
                await sync_to_async(recorder.stop, thread_sensitive=False)()
                await send({"type": "lifespan.shutdown.complete"})
                return
