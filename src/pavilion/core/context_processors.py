from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from pavilion.core.i18n import is_rtl
from pavilion.core.timezones import viewer_timezone


def pavilion(request: HttpRequest) -> dict[str, object]:
    """Values every page's base layout needs."""
    language = translation.get_language() or "en"
    return {
        "ui_direction": "rtl" if is_rtl(language) else "ltr",
        # "" until the browser has told its zone (app.js then adds the viewer's times itself).
        "viewer_zone": viewer_timezone(),
    }
