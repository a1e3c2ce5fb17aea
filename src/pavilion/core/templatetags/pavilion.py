"""Template helpers shared by every app."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import template
from django.urls import translate_url
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from pavilion.core.i18n import native_language_names
from pavilion.core.navigation import NavLink, nav_links

register = template.Library()


@register.simple_tag(takes_context=True)
def dual_time(context: template.Context, value: datetime, event_timezone: str) -> str:
    """A time in the event's zone and, when it differs, in the viewer's zone, both labelled.

    Times use the 24-hour clock in every language, as international meeting schedules do.

    Renders ``<time datetime="…UTC…">14:00 (Asia/Ho_Chi_Minh)</time>`` followed by the viewer's
    time, so screen readers and calendar-aware browsers get the exact instant.
    """
    event_zone = zoneinfo.ZoneInfo(event_timezone)
    viewer_zone = timezone.get_current_timezone()
    in_event = value.astimezone(event_zone)
    in_viewer = value.astimezone(viewer_zone)
    iso = value.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%MZ")
    event_label = format_html(
        '<time datetime="{}">{} <span class="tz">({})</span></time>',
        iso,
        in_event.strftime("%H:%M"),
        event_timezone,
    )
    if str(viewer_zone) == event_timezone:
        return event_label
    viewer_day = ""
    if in_viewer.date() != in_event.date():
        viewer_day = formats.date_format(in_viewer, "SHORT_DATE_FORMAT") + " "
    return format_html(
        '{} <span class="viewer-time">· {}{} <span class="tz">({})</span></span>',
        event_label,
        viewer_day,
        in_viewer.strftime("%H:%M"),
        str(viewer_zone),
    )


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """The current page in every UI language: plain links, so switching needs no form or script."""
    request = context["request"]
    current = translation.get_language()
    path = request.get_full_path()
    prefix = f"/{current}/"

    def url_in(code: str) -> str:
        # Pages under a language prefix only differ by it; resolving the URL again is not needed.
        return f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else translate_url(path, code)

    return [
        LanguageLink(code=code, name=name, url=url_in(code), is_current=code == current)
        for code, name in native_language_names()
    ]


@register.simple_tag(takes_context=True)
def event_nav(context: template.Context, menu: str, event: Any, current: str = "") -> list[NavLink]:
    """The links of a registered menu (core/navigation.py) for ``event``, ``current`` marked."""
    request = context.get("request")  # absent in fragments rendered for the shared cache
    user = request.user if request is not None and request.user.is_authenticated else None
    return nav_links(menu, slug=event.slug, current=current or "", event=event, user=user)
