"""The JSON API (django-ninja), version 1, with its OpenAPI schema at /api/docs.

Errors are JSON everywhere: 401/403/404 as ``{"detail": "message"}``; bad input as 422
``{"detail": {"field": ["message", ...]}}`` (``"__all__"`` for the object as a whole), whether
ninja rejected the request's shape or a service rejected its values.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser

from pavilion.accreditation.api import router as accreditation_router
from pavilion.core.errors import RETRY_AFTER
from pavilion.core.text import LONE_SURROGATE_MESSAGE, LoneSurrogateError, lone_surrogate_at
from pavilion.events.api import router as events_router
from pavilion.exhibition.api import router as exhibition_router
from pavilion.live.api import router as live_router
from pavilion.networking.api import router as networking_router
from pavilion.programmes.api import router as programmes_router


class CheckedJsonParser(Parser):
    """JSON bodies, refused when a text holds a lone surrogate (see ``pavilion.core.text``)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        location = lone_surrogate_at(data)
        if location is not None:
            raise LoneSurrogateError(location)
        return data


api = NinjaAPI(title="Pavilion API", version="1", urls_namespace="api", docs_url="/docs", parser=CheckedJsonParser())
api.add_router("v1/", events_router)
api.add_router("v1/", accreditation_router)
api.add_router("v1/", live_router)
api.add_router("v1/", exhibition_router)
api.add_router("v1/", programmes_router)
api.add_router("v1/", networking_router)

# Where ninja places a request part in an error's location; a body's location also names the
# endpoint's parameter (e.g. "payload"), which callers never see.
_REQUEST_PARTS = {"body": 2, "form": 2, "file": 2}
_NON_FIELD = "__all__"


def field_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as messages per field, the whole object's under "__all__"."""
    if hasattr(exc, "error_dict"):
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {_NON_FIELD: [str(message) for message in exc.messages]}


def request_field_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """ninja's (pydantic's) request errors in the same shape as the services' errors."""
    result: dict[str, list[str]] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        skip = _REQUEST_PARTS.get(location[0], 1) if location else 0
        field = ".".join(location[skip:]) or _NON_FIELD
        result.setdefault(field, []).append(str(error.get("msg", "")))
    return result


@api.exception_handler(DjangoValidationError)
def invalid_values(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(exc)}, status=422)


@api.exception_handler(RequestValidationError)
def invalid_request(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": request_field_errors(exc.errors)}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("You may not do this.")}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer for "does not exist" and "not yours to see", so nothing leaks.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in first.")}, status=401)


def _invalid_text(request: HttpRequest, error: LoneSurrogateError) -> HttpResponse:
    field = ".".join(error.location) or _NON_FIELD
    return api.create_response(request, {"detail": {field: [str(LONE_SURROGATE_MESSAGE)]}}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns any failure of the body parser into "Cannot parse request body" (400); a lone
    # surrogate is a bad value in a readable body, so it is a 422 naming the field like the others.
    if isinstance(exc.__cause__, LoneSurrogateError):
        return _invalid_text(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A database that is saturated or down: 503 with Retry-After, as the pages answer (core/errors.py)."""
    detail = _("Pavilion is busy for a moment. Please try again in a few seconds.")
    response = api.create_response(request, {"detail": detail}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
