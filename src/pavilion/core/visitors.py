"""Telling signed-out visitors apart without a database session.

A signed-out visitor who answers something (a tap of the interest widget, an anonymous survey) gets
a random key in a signed cookie, not a session row: a flood of cookieless posts would otherwise
leave a session row behind per post. The key only ever tells one browser's answers apart; it names
nobody. Pages seen with this cookie are not served from the public cache (``public_cache``), so the
visitor sees their own answer.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

VISITOR_COOKIE = "pavilion_visitor"
_SALT = "pavilion.core.visitors"
#: A year: long enough for one event and its follow-up.
_MAX_AGE = 365 * 24 * 3600


def visitor_key(request: HttpRequest, *, create: bool = False) -> str | None:
    """This browser's visitor key, from its cookie; a new one when there is none and ``create``.

    A new key is set on the response by ``set_visitor_cookie``.
    """
    fresh = getattr(request, "_pavilion_new_visitor", None)
    if fresh is not None:
        return str(fresh)
    key = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=_SALT)
    if key or not create:
        return key or None
    key = secrets.token_urlsafe(24)
    request._pavilion_new_visitor = key  # type: ignore[attr-defined]
    return key


def set_visitor_cookie(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Give the browser the key ``visitor_key(create=True)`` made for it during this request, if any."""
    fresh = getattr(request, "_pavilion_new_visitor", None)
    if fresh is not None:
        response.set_signed_cookie(
            VISITOR_COOKIE,
            fresh,
            salt=_SALT,
            max_age=_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
