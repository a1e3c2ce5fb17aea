"""Answers for requests that fail: a database that is saturated or down is a 503, not a 500.

Django calls ``handler500`` from inside its exception handling, so the error is still at hand
(``sys.exc_info``). A pool with no free connection within PAVILION_DB_POOL_TIMEOUT, a restarted
PostgreSQL or a refused connection are passing states: the person is told to try again in a
moment (``Retry-After``), and nothing is rendered that would need the database itself.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 5


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot be reached or has no connection to give now."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        # psycopg's pool raises its own PoolTimeout (an OperationalError of psycopg, not Django's).
        if type(error).__module__.startswith("psycopg") and type(error).__name__ in {
            "PoolTimeout",
            "OperationalError",
            "PoolClosed",
        }:
            return True
        error = error.__cause__ or error.__context__
    return False


def unavailable_response() -> HttpResponse:
    """The 503 page, rendered without a request context (which could need the database)."""
    body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """handler500: 503 when the database is the cause, Django's own 500 page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request, template_name)
