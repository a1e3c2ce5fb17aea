"""Request middleware: the UI language, the viewer's time zone, unreadable requests, and a database that
cannot answer."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pavilion.core.errors import database_unavailable, unavailable_response
from pavilion.core.timezones import canonical_timezone, is_valid_timezone, set_viewer_timezone, viewer_timezone_from

logger = logging.getLogger(__name__)


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Choose the UI language by URL prefix, then the signed-in user's profile, then the browser.

    Django's LocaleMiddleware already handles the prefix and the browser (cookie, Accept-Language);
    this adds the profile in between. The redirect from ``/`` to ``/<lang>/`` then follows it.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
            return  # an explicit choice made with the language switcher wins over the profile
        user = getattr(request, "user", None)
        preferred = getattr(user, "preferred_languages", None) or []
        available = {code for code, _name in settings.LANGUAGES}
        for code in preferred:
            if code in available:
                translation.activate(code)
                request.LANGUAGE_CODE = code
                return


class ViewerTimezoneMiddleware:
    """Activate the viewer's time zone: the profile's, else the browser's (cookie set by JS), else UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        if not name:
            name = viewer_timezone_from(request.COOKIES)
        if name and is_valid_timezone(name):
            name = canonical_timezone(name)
            timezone.activate(zoneinfo.ZoneInfo(name))
            request.viewer_timezone_known = True  # type: ignore[attr-defined]
        else:
            name = ""
            timezone.deactivate()
            request.viewer_timezone_known = False  # type: ignore[attr-defined]
        set_viewer_timezone(name)
        try:
            return self.get_response(request)
        finally:
            set_viewer_timezone("")
            timezone.deactivate()


class UnreadableRequestMiddleware:
    """Answer 400 with a message to a request Django or the database cannot read.

    - a multipart body Django cannot parse (e.g. without a boundary): Django raises
      ``MultiPartParserError`` wherever ``request.POST`` is first read (the CSRF check reads it for
      every POST), which would otherwise end as a 500; it is read here, first, instead;
    - a NUL character in the address or a query parameter: PostgreSQL cannot compare text with one,
      so a lookup by slug or a filter would fail with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or any("\x00" in value for value in request.GET.values()):
            return self._refused(request, _("The address contains an invalid character (a NUL character)."))
        if request.method == "POST" and (request.content_type or "").startswith("multipart/"):
            try:
                request.POST  # noqa: B018 (parsing is the point)
            except MultiPartParserError:
                return self._refused(
                    request, _("The request body cannot be read: its multipart boundary is missing or invalid.")
                )
        return self.get_response(request)

    @staticmethod
    def _refused(request: HttpRequest, message: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with Retry-After (core/errors.py), in
    development too; errors outside views reach ``handler500``, which does the same in production."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            logger.warning("The database cannot answer %s %s: %s", request.method, request.path, exception)
            return unavailable_response()
        return None


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (``PAVILION_PERMISSIONS_POLICY``) with every response, static files included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy: str = settings.PAVILION_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response
