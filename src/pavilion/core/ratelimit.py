"""Counting requests per client address in the cache (Redis when configured, so all workers share it).

allauth limits sign-in and sign-up itself (``ACCOUNT_RATE_LIMITS``); this is for Pavilion's own
doors that anyone may knock on without an account, such as the one-tap interest widget.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address as the server sees it (``pavilion serve`` trusts the proxy's X-Forwarded-For)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def allow(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one more request of ``key`` for ``scope``; False once ``limit`` were counted in this window.

    A fixed window of ``window`` seconds: cheap (one or two cache calls) and shared by every worker.
    """
    name = f"ratelimit:{scope}:{key}:{int(time.time()) // window}"
    if cache.add(name, 1, timeout=window + 1):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window + 1)
        count = 1
    return count <= limit
