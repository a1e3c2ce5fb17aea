"""Request middleware: the UI language, the viewer's time zone, and a database that cannot answer."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

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
