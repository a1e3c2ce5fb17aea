"""Reading events for attendees."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from pavilion.events.models import Event, Session


def published_events() -> QuerySet[Event]:
    """Events visible to everyone, newest first."""
    return Event.objects.filter(is_published=True).order_by("-start_date", "slug")


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    sessions: list[Session]


def schedule_by_day(*, event: Event) -> list[ScheduleDay]:
    """The event's sessions grouped by calendar day in the event's own time zone."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    days: dict[date, list[Session]] = {}
    for session in event.sessions.select_related("subgroup").order_by("starts_at", "slug"):
        days.setdefault(session.starts_at.astimezone(zone).date(), []).append(session)
    return [ScheduleDay(day=day, sessions=sessions) for day, sessions in days.items()]
