"""Schedules, conflicts and personal agendas."""

from __future__ import annotations

import secrets
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from pavilion.accounts.models import User
from pavilion.events.access import Viewer, visible_sessions
from pavilion.events.models import AgendaItem, CalendarToken, Event, Session, SessionSpeaker


def published_events() -> QuerySet[Event]:
    """Events visible to everyone, newest first."""
    return Event.objects.filter(is_published=True).order_by("-start_date", "slug")


def schedule_queryset(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with everything a schedule shows, in a fixed number of queries."""
    return sessions.select_related("subgroup", "track", "room").prefetch_related(
        Prefetch("session_speakers", queryset=SessionSpeaker.objects.select_related("speaker"))
    )


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    sessions: list[Session]


def group_by_day(*, event: Event, sessions: QuerySet[Session] | list[Session]) -> list[ScheduleDay]:
    """Sessions grouped by calendar day in the event's own time zone, in time order."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    days: dict[date, list[Session]] = {}
    for session in sorted(sessions, key=lambda item: (item.starts_at, item.slug)):
        days.setdefault(session.starts_at.astimezone(zone).date(), []).append(session)
    return [ScheduleDay(day=day, sessions=items) for day, items in days.items()]


def schedule_by_day(*, event: Event, viewer: Viewer) -> list[ScheduleDay]:
    """The sessions this viewer may see, grouped by day in the event's time zone."""
    return group_by_day(event=event, sessions=schedule_queryset(visible_sessions(event=event, viewer=viewer)))


@dataclass(frozen=True)
class Conflict:
    """Two sessions that overlap in time and share a room or a speaker."""

    first: Session
    second: Session
    reason: str  # "room" or "speaker"
    detail: str  # the room's or speaker's name


def find_conflicts(*, event: Event) -> list[Conflict]:
    """Rooms and speakers booked twice at the same time."""
    sessions = list(schedule_queryset(Session.objects.filter(event=event)).order_by("starts_at", "slug"))
    conflicts: list[Conflict] = []
    by_room: dict[int, list[Session]] = defaultdict(list)
    by_speaker: dict[int, list[tuple[Session, str]]] = defaultdict(list)
    for session in sessions:
        if session.room_id:
            by_room[session.room_id].append(session)
        for part in session.session_speakers.all():
            by_speaker[part.speaker_id].append((session, part.speaker.name))
    for room_sessions in by_room.values():
        conflicts += [
            Conflict(first=a, second=b, reason="room", detail=str(a.room)) for a, b in _overlapping(room_sessions)
        ]
    for entries in by_speaker.values():
        name = entries[0][1]
        speaker_sessions = list(dict.fromkeys(session for session, _name in entries))
        conflicts += [
            Conflict(first=a, second=b, reason="speaker", detail=name) for a, b in _overlapping(speaker_sessions)
        ]
    return conflicts


def _overlapping(sessions: list[Session]) -> list[tuple[Session, Session]]:
    ordered = sorted(sessions, key=lambda session: session.starts_at)
    pairs = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            pairs.append((first, second))
    return pairs


def add_to_agenda(*, user: User, session: Session) -> AgendaItem:
    """Bookmark a session (again is harmless); reminded by e-mail unless the person turned the
    reminders of this event's sessions off (events/reminders.py)."""
    turned_off = AgendaItem.objects.filter(user=user, session__event_id=session.event_id, remind=False).exists()
    item, _created = AgendaItem.objects.get_or_create(user=user, session=session, defaults={"remind": not turned_off})
    return item


def remove_from_agenda(*, user: User, session: Session) -> None:
    AgendaItem.objects.filter(user=user, session=session).delete()


def agenda_sessions(*, user: User, event: Event | None = None) -> list[Session]:
    """Bookmarked sessions the person may still see (access can be withdrawn after bookmarking,
    and an event unpublished: its sessions then leave the agenda, except for its organisers)."""
    from pavilion.events.access import viewer_for, visible_events

    items = AgendaItem.objects.filter(user=user, session__event__in=visible_events(user=user)).select_related(
        "session__event"
    )
    if event is not None:
        items = items.filter(session__event=event)
    sessions: list[Session] = []
    events = {item.session.event for item in items}
    for each in events:
        viewer = viewer_for(event=each, user=user)
        allowed = set(visible_sessions(event=each, viewer=viewer).values_list("pk", flat=True))
        sessions += [item.session for item in items if item.session.event == each and item.session.pk in allowed]
    return sorted(sessions, key=lambda session: (session.starts_at, session.slug))


def calendar_token_for(*, user: User) -> str:
    """The secret of the person's calendar-feed address, created on first use."""
    token, _created = CalendarToken.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return token.token


def reset_calendar_token(*, user: User) -> str:
    """Give the person a new calendar address; the old one stops working at once."""
    token, _created = CalendarToken.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return token.token
