"""Cached public responses: replayed to anonymous visitors by the ASGI router, retired on change."""

from __future__ import annotations

import asyncio
import gzip
import warnings
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.base import CacheKeyWarning
from django.http import HttpResponse
from django.test import RequestFactory

from pavilion.asgi import application
from pavilion.core.public_cache import forget_local, lookup, remember
from pavilion.events.models import Event
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/api/v1/events/demo/sessions/?kind=forum"


def _remember(event: Event, body: bytes, *, user: Any = None) -> None:
    request = RequestFactory().get(PATH)
    request.user = user or AnonymousUser()
    remember(request=request, response=HttpResponse(body, content_type="application/json"), event_id=event.pk)


async def _get(path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    inbox.put_nowait({"type": "http.request", "body": b"", "more_body": False})

    async def receive() -> dict[str, Any]:
        return await inbox.get()  # the body once, then nothing until the server gives up listening

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }
    await application(scope, receive, send)
    return sent


def test_remembered_response_is_current_until_the_schedule_changes() -> None:
    forget_local()
    event = EventFactory.create()
    _remember(event, b'{"sessions": []}')
    entry = lookup(PATH)
    assert entry is not None
    assert lookup(PATH, "Europe/Paris") is None  # another variant is another entry
    assert (entry.body, entry.content_type) == (b'{"sessions": []}', "application/json")
    event.name = {"en": "Renamed"}
    event.save()  # bumps the schedule version after commit
    forget_local()
    assert lookup(PATH) is None


def test_a_long_address_is_kept_under_a_short_key_of_its_own() -> None:
    """A fuzzed query string of 1,000 characters made a cache key of 1,000 (CacheKeyWarning)."""
    forget_local()
    event = EventFactory.create()
    long_path = "/api/v1/events/demo/sessions/?kind=" + "x" * 1000
    request = RequestFactory().get(long_path)
    request.user = AnonymousUser()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        remember(request=request, response=HttpResponse(b"long", content_type="application/json"), event_id=event.pk)
        forget_local()
        entry = lookup(long_path)
        assert entry is not None
        assert entry.body == b"long"
        assert lookup(long_path[:-1]) is None  # another address, another entry


def test_signed_in_responses_are_never_remembered() -> None:
    forget_local()
    event = EventFactory.create()
    _remember(event, b"private", user=UserFactory.create())
    assert lookup(PATH) is None


def test_router_replays_to_anonymous_visitors_only() -> None:
    forget_local()
    event = EventFactory.create()
    _remember(event, b'{"cached": true}')
    sent = asyncio.run(_get("/api/v1/events/demo/sessions/", b"kind=forum", []))
    assert sent[0]["status"] == 200
    assert (b"x-pavilion-cache", b"hit") in sent[0]["headers"]
    assert (b"x-content-type-options", b"nosniff") in sent[0]["headers"]
    assert sent[1]["body"] == b'{"cached": true}'

    signed_in = asyncio.run(_get("/api/v1/events/demo/sessions/", b"kind=forum", [(b"cookie", b"sessionid=abc")]))
    assert (b"x-pavilion-cache", b"hit") not in signed_in[0]["headers"]


def test_router_replays_gzip_to_clients_that_accept_it() -> None:
    forget_local()
    event = EventFactory.create()
    body = b'{"sessions": [' + b'{"title": "Opening"},' * 50 + b"{}]}"
    _remember(event, body)
    sent = asyncio.run(_get("/api/v1/events/demo/sessions/", b"kind=forum", [(b"accept-encoding", b"gzip, br")]))
    headers = dict(sent[0]["headers"])
    assert headers[b"content-encoding"] == b"gzip"
    assert headers[b"vary"] == b"Accept-Encoding"
    assert gzip.decompress(sent[1]["body"]) == body
    assert int(headers[b"content-length"]) == len(sent[1]["body"]) < len(body)

    plain = asyncio.run(_get("/api/v1/events/demo/sessions/", b"kind=forum", []))
    assert b"content-encoding" not in dict(plain[0]["headers"])
    assert plain[1]["body"] == body


def test_anonymous_booth_and_product_pages_are_replayed_and_still_counted() -> None:
    from pavilion.activity.models import ActivityEvent
    from pavilion.activity.recorder import recorder
    from tests.factories import BoothFactory, ProductFactory

    forget_local()
    booth = BoothFactory.create()
    product = ProductFactory.create(booth=booth)
    base = f"/en/events/{booth.event.slug}/exhibition"
    browser = [(b"user-agent", b"Firefox")]
    pages = {
        f"{base}/": None,
        f"{base}/booths/{booth.slug}/": "booth_view",
        f"{base}/booths/{booth.slug}/products/{product.slug}/": "product_view",
    }
    for path, kind in pages.items():
        first = asyncio.run(_get(path, b"", browser))
        forget_local()  # this worker remembers a miss for a second; another worker would not
        second = asyncio.run(_get(path, b"", browser))
        assert first[0]["status"] == second[0]["status"] == 200, path
        assert (b"x-pavilion-cache", b"hit") not in first[0]["headers"]
        assert (b"x-pavilion-cache", b"hit") in second[0]["headers"], path
        assert b"".join(m.get("body", b"") for m in first[1:]) == second[1]["body"]
        recorder.flush()
        if kind is not None:
            views = ActivityEvent.objects.filter(kind=kind, booth=booth)
            assert views.count() == 2, path  # the replay counts like the page Django rendered
            assert len(set(views.values_list("visitor_key", flat=True))) == 1  # one anonymous visitor
    signed_in = asyncio.run(_get(f"{base}/booths/{booth.slug}/", b"", [(b"cookie", b"sessionid=abc")]))
    assert (b"x-pavilion-cache", b"hit") not in signed_in[0]["headers"]


def test_a_cache_that_cannot_be_reached_is_a_miss_not_an_error(settings: Any) -> None:
    """Redis away: pages are answered by Django as without the cache (it used to be a 500)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    forget_local()
    event = EventFactory.create()
    request = RequestFactory().get(f"/en/events/{event.slug}/exhibition/")
    request.user = AnonymousUser()
    remember(request=request, response=HttpResponse("the exhibition"), event_id=event.pk)  # not kept, no error
    assert lookup(f"/en/events/{event.slug}/exhibition/") is None
