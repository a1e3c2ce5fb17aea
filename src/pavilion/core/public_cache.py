"""Whole public responses, cached and served before Django runs.

Anonymous visitors all see the same public schedule JSON and pages, so a rendered response can be
stored once and replayed. Each entry remembers its event's schedule version; any change to the
schedule bumps that version (events/signals.py), which retires the entry. The ASGI router answers
from here (``lookup``) for anonymous GET requests, so a cached read costs no Django request cycle.

Within one worker, an answer from the shared cache is reused for up to LOCAL_TTL seconds, so a
change reaches every worker within a second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from pavilion.events.services import schedule_version

LOCAL_TTL = 1.0
LOCAL_MAX_ENTRIES = 2048
SHARED_TTL = 600


@dataclass(frozen=True)
class CachedResponse:
    event_id: int
    version: int
    content_type: str
    body: bytes


_local: dict[str, tuple[float, CachedResponse | None]] = {}


def _key(path_and_query: str) -> str:
    return f"public-response:{path_and_query}"


def is_anonymous_request(cookies: dict[str, str]) -> bool:
    return settings.SESSION_COOKIE_NAME not in cookies


def remember(*, request: HttpRequest, response: HttpResponse, event_id: int) -> None:
    """Store a public response for anonymous visitors (only 200s; never one that set a cookie)."""
    if request.method != "GET" or response.status_code != 200 or response.cookies:
        return
    if request.user.is_authenticated:
        return
    entry = CachedResponse(
        event_id=event_id,
        version=schedule_version(event_id),
        content_type=response["Content-Type"],
        body=response.content,
    )
    cache.set(_key(request.get_full_path()), entry, SHARED_TTL)


def lookup(path_and_query: str) -> CachedResponse | None:
    """The cached response for this path if it is still current, else None."""
    now = time.monotonic()
    local = _local.get(path_and_query)
    if local is not None and now - local[0] < LOCAL_TTL:
        return local[1]
    entry = cache.get(_key(path_and_query))
    if entry is not None and schedule_version(entry.event_id) != entry.version:
        entry = None
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()
    _local[path_and_query] = (now, entry)
    return entry


def forget_local() -> None:
    """Drop this process's short-lived copies (tests use it to see a change at once)."""
    _local.clear()
