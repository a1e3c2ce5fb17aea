"""Times in e-mails about meetings: each moment in the event's zone and the reader's (sent through events/mail.py)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime

from pavilion.core.i18n import unambiguous_date
from pavilion.core.timezones import canonical_timezone, is_valid_timezone, zone_label
from pavilion.networking.models import Meeting


def time_text(value: datetime, zones: Iterable[str]) -> str:
    """The date and time in each zone (the event's first), each labelled: "Oct 20, 2020, 14:00 (Hanoi, UTC+7)"."""
    parts = []
    for name in dict.fromkeys(canonical_timezone(zone) for zone in zones if zone and is_valid_timezone(zone)):
        local = value.astimezone(zoneinfo.ZoneInfo(name))
        parts.append(f"{unambiguous_date(local.date())}, {local:%H:%M} ({zone_label(name, value)})")
    return " · ".join(parts)


def when_text(meeting: Meeting, zones: Iterable[str]) -> str:
    """When the meeting is, or (a booth meeting at times of its own, not agreed yet) each time proposed."""
    zones = list(zones)
    if meeting.begins_at is not None:
        return time_text(meeting.begins_at, zones)
    return "; ".join(time_text(proposed.starts_at, zones) for proposed in meeting.proposed_times.all())
