"""Meeting times shown in several zones at once, each labelled (like core's ``dual_time``, with the date)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from pavilion.core.i18n import unambiguous_date
from pavilion.core.timezones import canonical_timezone, zone_label


def _zone_time(value: datetime, zone: zoneinfo.ZoneInfo, *, with_day: bool) -> str:
    local = value.astimezone(zone)
    clock = local.strftime("%H:%M")
    return f"{unambiguous_date(local.date())}, {clock}" if with_day else clock


def meeting_time_html(value: datetime, event_zone: str, also: str = "") -> SafeString:
    """A meeting time with its date in the event's zone, then in the reader's and ``also`` (the visitor's) zone
    when they differ, each labelled; the day is repeated only when it differs."""
    event_zone = canonical_timezone(event_zone)
    event = zoneinfo.ZoneInfo(event_zone)
    iso = value.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%MZ")
    first = format_html(
        '<time datetime="{}">{} <span class="tz">({})</span></time>',
        iso,
        _zone_time(value, event, with_day=True),
        zone_label(event_zone, value, inline=True),
    )
    others = []
    for name in dict.fromkeys(canonical_timezone(zone) for zone in [str(timezone.get_current_timezone()), also]):
        if not name or name == event_zone:
            continue
        zone = zoneinfo.ZoneInfo(name)
        other_day = value.astimezone(zone).date() != value.astimezone(event).date()
        others.append((_zone_time(value, zone, with_day=other_day), zone_label(name, value, inline=True)))
    if not others:
        return first
    rest = format_html_join(" ", '<span class="viewer-time">· {} <span class="tz">({})</span></span>', others)
    return format_html("{} {}", first, rest)


def meeting_time_text(value: datetime, zones: list[str]) -> str:
    """The same as plain text (e-mails): the date and time in each zone, in order, each labelled."""
    parts = []
    for name in dict.fromkeys(canonical_timezone(zone) for zone in zones if zone):
        parts.append(
            f"{_zone_time(value, zoneinfo.ZoneInfo(name), with_day=True)} ({zone_label(name, value, inline=True)})"
        )
    return " · ".join(parts)
