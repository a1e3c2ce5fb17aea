"""Whole public responses, cached and served before Django runs.

Anonymous visitors all see the same public schedule JSON and pages, so a rendered response can be
stored once and replayed. Each entry remembers its event's schedule version; any change to the
schedule bumps that version (events/signals.py), which retires the entry. The ASGI router answers
from here (``lookup``) for anonymous GET requests, so a cached read costs no Django request cycle.

Within one worker, an answer from the shared cache is reused for up to LOCAL_TTL seconds, so a
change reaches every worker within a second.

A page that notes something each time it is shown (the exhibition's activity log counts booth and
product views) stores that note with the response (``note``); the apps that keep such notes
register a ``replay_hooks`` function, which the ASGI router calls with the note on every replay.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from pavilion.core.timezones import viewer_timezone_from
from pavilion.core.visitors import VISITOR_COOKIE

logger = logging.getLogger(__name__)

LOCAL_TTL = 1.0
LOCAL_MAX_ENTRIES = 2048
SHARED_TTL = 600


@dataclass(frozen=True)
class CachedResponse:
    event_id: int
    version: int
    content_type: str
    vary: str
    body: bytes
    #: The same body gzip-compressed once, for clients that accept it (public pages hold no secret).
    gzip_body: bytes
    #: What the page notes each time it is shown (JSON-ready), for the replay hooks; empty for most pages.
    note: dict[str, Any] = field(default_factory=dict)


#: Called as ``hook(note, client)`` for each replayed response that carries a note; ``client`` has
#: the request's "address" and "user_agent". Hooks must not touch the database (no request cycle).
ReplayHook = Callable[[dict[str, Any], dict[str, str]], None]
replay_hooks: list[ReplayHook] = []


_local: dict[str, tuple[float, CachedResponse | None]] = {}


# --- Each event's public version ------------------------------------------------------------------
# Public pages and JSON of an event (its schedule, its exhibition) are cached under a version number;
# any change to what they show bumps the version (events/signals.py, exhibition/signals.py and
# exhibition/search.py), so stale entries are never read again.


def public_version(event_id: int) -> int:
    """The version the event's public pages and JSON are cached under."""
    return int(cache.get_or_set(f"schedule-version:{event_id}", 1, timeout=None) or 1)


def bump_public_version(event_id: int) -> None:
    """Retire every cached public page and JSON of the event, once the current transaction commits."""

    def bump() -> None:
        key = f"schedule-version:{event_id}"
        try:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 2, timeout=None)
        except Exception as error:  # the cache (Redis) is away; the change itself is committed
            logger.warning("The public pages of event %s may stay stale until they expire: %s", event_id, error)

    transaction.on_commit(bump)


#: Longer addresses are keyed by their digest: cache keys stay short (memcached allows 250
#: characters) however long a query string a client sends.
KEY_MAX_CHARACTERS = 200


def _key(path_and_query: str, variant: str) -> str:
    key = f"public-response:{path_and_query}|{variant}"
    if len(key) <= KEY_MAX_CHARACTERS:
        return key
    return f"public-response:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def is_replayable(cookies: dict[str, str]) -> bool:
    """Only anonymous visitors with no pending one-time message and no answers of their own share cached responses."""
    return not ({settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, VISITOR_COOKIE} & cookies.keys())


def variant_for(path: str, cookies: dict[str, str]) -> str:
    """Pages show times in the viewer's zone (a cookie); the API does not depend on it."""
    if path.startswith("/api/"):
        return ""
    return viewer_timezone_from(cookies)


def remember(
    *, request: HttpRequest, response: HttpResponse, event_id: int, note: dict[str, Any] | None = None
) -> None:
    """Store a public response for anonymous visitors (only 200s; never one that set a cookie)."""
    if request.method != "GET" or response.status_code != 200 or response.cookies:
        return
    if request.user.is_authenticated or not is_replayable(request.COOKIES):
        return
    key = _key(request.get_full_path(), variant_for(request.path, request.COOKIES))
    try:
        entry = CachedResponse(
            event_id=event_id,
            version=public_version(event_id),
            content_type=response["Content-Type"],
            vary=response.get("Vary", ""),
            body=response.content,
            gzip_body=gzip.compress(response.content, compresslevel=6),
            note=note or {},
        )
        cache.set(key, entry, SHARED_TTL)
    except Exception as error:  # the cache (Redis) is away: the page was answered, it is just not kept
        logger.warning("The public cache cannot keep %s: %s", key, error)


def lookup(path_and_query: str, variant: str = "") -> CachedResponse | None:
    """The cached response for this path (and variant) if it is still current, else None.

    A cache that cannot be reached (Redis away) is a miss: Django answers, as without the cache.
    """
    key = _key(path_and_query, variant)
    now = time.monotonic()
    local = _local.get(key)
    if local is not None and now - local[0] < LOCAL_TTL:
        return local[1]
    try:
        entry = cache.get(key)
        if entry is not None and public_version(entry.event_id) != entry.version:
            entry = None
    except Exception as error:
        logger.warning("The public cache cannot be read: %s", error)
        return None
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()
    _local[key] = (now, entry)
    return entry


def forget_local() -> None:
    """Drop this process's short-lived copies (tests use it to see a change at once)."""
    _local.clear()
