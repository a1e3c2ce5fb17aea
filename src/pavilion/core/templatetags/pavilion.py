"""Template helpers shared by every app."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pavilion.core.i18n import language_name, native_language_names, shown_language, unambiguous_date
from pavilion.core.navigation import NavLink, nav_links
from pavilion.core.timezones import canonical_timezone, viewer_timezone, zone_label

register = template.Library()


@register.filter
def clock(value: datetime | None) -> str:
    """A time in a live panel's first page: "05:03" today, and with its day on any other day
    ("Dec 6, 2026, 23:53"), in the current time zone (the viewer's). live.js's time-format.js
    follows the same rule for the lines it adds, but leaves out the year of this year's days."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return f"{unambiguous_date(local.date())}, {local:%H:%M}"


@register.filter
def day(value: date | datetime | None) -> str:
    """A day nobody can misread, in the UI language: "Jun 12, 2026", "12 thg 6, 2026", "2026年6月12日".

    Never 12/06/2026, which is June in one country and December in the next. Aware datetimes are
    taken in the current time zone; use ``|timezone:zone|day`` for another zone (Django's
    ``timezone`` filter marks its result as not to be converted again, as ``date`` honours).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value) and getattr(value, "convert_to_local_time", True):
            value = timezone.localtime(value)
        value = value.date()
    return unambiguous_date(value)


def _moment(at: date | datetime | None) -> datetime | None:
    """A moment to take a zone's offset at (summer time differs): a day counts from its noon UTC."""
    if at is None or isinstance(at, datetime):
        return at
    return datetime(at.year, at.month, at.day, 12, tzinfo=zoneinfo.ZoneInfo("UTC"))


@register.simple_tag
def zone_name(name: str, at: date | datetime | None = None, inline: bool = False) -> str:
    """A time zone as people read it: "Ho Chi Minh City (UTC+7)" in the UI language
    ("Ho Chi Minh City, UTC+7" with ``inline``, for text already in parentheses). The offset is
    the one at ``at`` (a moment or a day; default now)."""
    return zone_label(name, _moment(at), inline=inline)


@register.simple_tag
def viewer_zone_label(event_timezone: str, at: date | datetime | None = None) -> str:
    """The viewer's zone as people read it, or "" while unknown or when it is the event's zone."""
    viewer = viewer_timezone()
    if not viewer or viewer == canonical_timezone(event_timezone):
        return ""
    return zone_label(viewer, _moment(at), inline=True)


@register.simple_tag
def dual_time(value: datetime, event_timezone: str, with_date: bool = False, after: datetime | None = None) -> str:
    """A time in the event's zone and, when it differs, in the viewer's zone, both labelled.

    Times use the 24-hour clock in every language, as international meeting schedules do. The
    viewer's time carries its date when that day differs from the event's; ``with_date`` puts the
    date on the event's time as well (where the page does not say the day around it); so does
    ``after`` (a range's start) when ``value`` falls on another day than it, as a session's end may.

    Renders ``<time datetime="…UTC…">14:00 (Ho Chi Minh City, UTC+7)</time>`` followed by the viewer's
    time, so screen readers and calendar-aware browsers get the exact instant. While the viewer's zone
    is not known yet (a first visit), only the event's time is shown and app.js adds the viewer's.
    """
    event_zone_name = canonical_timezone(event_timezone)
    viewer_zone_name = viewer_timezone()
    in_event = value.astimezone(zoneinfo.ZoneInfo(event_zone_name))
    if after is not None and after.astimezone(zoneinfo.ZoneInfo(event_zone_name)).date() != in_event.date():
        with_date = True
    iso = value.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%MZ")
    event_day = unambiguous_date(in_event.date()) + " " if with_date else ""
    event_label = format_html(
        '<time datetime="{}" class="event-time" data-zone="{}">{}{} <span class="tz">({})</span></time>',
        iso,
        event_zone_name,
        event_day,
        in_event.strftime("%H:%M"),
        zone_label(event_zone_name, value, inline=True),
    )
    if not viewer_zone_name or viewer_zone_name == event_zone_name:
        return event_label
    in_viewer = value.astimezone(zoneinfo.ZoneInfo(viewer_zone_name))
    viewer_day = ""
    if in_viewer.date() != in_event.date() or with_date:
        viewer_day = unambiguous_date(in_viewer.date(), with_year=False) + " "
    return format_html(
        '{} <span class="viewer-time">· {}{} <span class="tz">({})</span></span>',
        event_label,
        viewer_day,
        in_viewer.strftime("%H:%M"),
        zone_label(viewer_zone_name, value, inline=True),
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


def _fallback_note(code: str) -> SafeString:
    name = language_name(code)
    return format_html(' <span class="only-in">({})</span>', _("in %(language)s only") % {"language": name})


@register.filter
def content(value: object) -> str:
    """A translated content field's text; when it is shown in another language than the page's (a
    fallback), it is marked with its own ``lang`` (WCAG 3.1.2) and "(in English only)"."""
    text = str(value or "")
    page = translation.get_language() or settings.LANGUAGE_CODE
    code = shown_language(value, page)
    if not text or not code or code.split("-")[0] == page.split("-")[0]:
        return text
    return format_html('<span lang="{}">{}</span>{}', code, text, _fallback_note(code))


@register.filter
def content_block(value: object) -> str:
    """The same for a longer text, as paragraphs (like ``linebreaks``)."""
    text = str(value or "")
    page = translation.get_language() or settings.LANGUAGE_CODE
    code = shown_language(value, page)
    paragraphs = linebreaks_filter(text, autoescape=True)
    if not text or not code or code.split("-")[0] == page.split("-")[0]:
        return paragraphs
    return format_html('<div lang="{}">{}</div><p class="only-in">{}</p>', code, paragraphs, _fallback_note(code))


@register.simple_tag(takes_context=True)
def event_nav(context: template.Context, menu: str, event: Any, current: str = "") -> list[NavLink]:
    """The links of a registered menu (core/navigation.py) for ``event``, ``current`` marked.

    The menu is the request's user's, or ``menu_user``'s in fragments rendered without a request
    for the cache (none: the anonymous menu)."""
    request = context.get("request")
    account = context.get("menu_user") if request is None else request.user
    user = account if account is not None and account.is_authenticated else None
    return nav_links(menu, slug=event.slug, current=current or "", event=event, user=user)
