"""Django's Redis cache with one client, and so one pool of connections, per process.

Django keeps a cache backend per thread and, under ASGI, per request (``caches`` is an asgiref
``Local``, and every request runs in a context of its own, copied from the server's). Each of
Django's ``RedisCache`` backends builds its own ``RedisCacheClient``, which builds its own redis-py
connection pools. In a worker of ``pavilion serve --workers 2`` (or more), which had not touched the
cache before it began to serve, every request that used the cache (rate limits, failed sign-ins,
the signed-in device's "last used", the public page cache) therefore opened a new TCP connection to
Redis and kept it open until the request's backend was freed. Measured with
``bench.pages`` on the signed-in schedule: about one new Redis connection per request, 220 open at
once and 720 more waiting out TIME_WAIT (BENCHMARKS.md, "Busy pages"). Django's own fix is still a
proposal (https://github.com/django/django/pull/18459).

This backend keeps Django's behaviour and code, and shares one ``RedisCacheClient`` per process
among all backends with the same servers and options. redis-py's pools are safe to share between
threads, and start afresh in a process forked from this one (they compare the process id).
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache``, its client shared by the whole process."""

    # Set by Django's __init__ (not in its type stubs).
    _servers: list[str]
    _options: dict[str, Any]
    _class: type[RedisCacheClient]

    _clients: ClassVar[dict[tuple[tuple[str, ...], str], RedisCacheClient]] = {}
    _clients_lock: ClassVar[threading.Lock] = threading.Lock()

    @cached_property
    def _cache(self) -> RedisCacheClient:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with self._clients_lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = self._class(self._servers, **self._options)
            return client
