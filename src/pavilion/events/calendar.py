"""iCalendar (RFC 5545) documents of sessions, for calendar subscriptions.

Callers choose the sessions (always through the access rules in ``events.access``); this module
only writes them down. Each session keeps its event's time zone (DTSTART;TZID=…) with a VTIMEZONE
for every zone used, so calendar clients show the right time wherever the subscriber is.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import icalendar
from django.utils import timezone
from django.utils.translation import gettext, override
from i18nfield.strings import LazyI18nString

from pavilion.events.agenda_entries import AgendaEntry
from pavilion.events.models import AccessLevel, Session, SessionKind

PRODUCT_ID = "-//Pavilion//Pavilion//EN"
# Subscribed calendars are fetched again after this long (clients that honour the hint).
REFRESH_INTERVAL = timedelta(hours=1)


def session_url(*, session: Session, language: str, site_url: str) -> str:
    """The public address of a session's page in ``language``."""
    return f"{site_url.rstrip('/')}/{language}/events/{session.event.slug}/sessions/{session.slug}/"


def build_calendar(
    *,
    name: str,
    sessions: Iterable[Session],
    language: str,
    site_url: str,
    entries: Iterable[AgendaEntry] = (),
) -> bytes:
    """A VCALENDAR named ``name`` with one VEVENT per session and per other agenda entry (meetings …),
    texts in ``language`` (entries come written in it already).

    Sessions should come with their event and room loaded (``select_related("event", "room")``).
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    stamp = timezone.now()
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    first_day: date | None = None
    last_day: date | None = None
    with override(language):
        for session in sessions:
            zone = zones.setdefault(session.event.time_zone, zoneinfo.ZoneInfo(session.event.time_zone))
            calendar.add_component(
                _session_event(session=session, zone=zone, stamp=stamp, language=language, site_url=site_url)
            )
            first_day = min(first_day or session.starts_at.date(), session.starts_at.date())
            last_day = max(last_day or session.ends_at.date(), session.ends_at.date())
    for entry in entries:
        calendar.add_component(entry_component(entry, stamp=stamp, site_url=site_url))
    if first_day is not None and last_day is not None:
        # Transitions a year either side of the sessions keep each VTIMEZONE short yet exact.
        calendar.add_missing_timezones(
            first_date=first_day - timedelta(days=366), last_date=last_day + timedelta(days=366)
        )
    return calendar.to_ical()


def _session_event(
    *, session: Session, zone: zoneinfo.ZoneInfo, stamp: datetime, language: str, site_url: str
) -> icalendar.Event:
    url = session_url(session=session, language=language, site_url=site_url)
    abstract = _localize(session.abstract, language)
    entry = icalendar.Event()
    entry.add("uid", f"session-{session.pk}@pavilion")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", session.starts_at.astimezone(zone))
    entry.add("dtend", session.ends_at.astimezone(zone))
    entry.add("summary", _localize(session.title, language))
    # Many clients ignore URL, so the page address also ends the description.
    entry.add("description", f"{abstract}\n\n{url}" if abstract else url)
    location = _location(session, language)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("categories", [str(SessionKind(session.kind).label)])
    # Closed sessions are private: clients hide their details from people the calendar is shared with.
    entry.add("class", "PUBLIC" if session.access_level == AccessLevel.PUBLIC else "PRIVATE")
    return entry


@dataclass(frozen=True)
class CalendarLinks:
    """Where a person adds one session to their calendar: Google's and Outlook's own pages (links
    they choose to follow, nothing loaded from there) beside the session's .ics file."""

    google: str
    outlook: str


def calendar_links(*, session: Session, language: str, site_url: str) -> CalendarLinks:
    """Links that open Google Calendar and Outlook.com with the session filled in, in UTC."""
    url = session_url(session=session, language=language, site_url=site_url)
    with override(language):
        title = _localize(session.title, language)
        location = _location(session, language)
    abstract = _localize(session.abstract, language)
    details = f"{abstract}\n\n{url}" if abstract else url
    compact = "%Y%m%dT%H%M%SZ"
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{session.starts_at.astimezone(UTC):{compact}}/{session.ends_at.astimezone(UTC):{compact}}",
        "details": details,
        "location": location,
        "ctz": session.event.time_zone,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": session.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": session.ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": location,
    }
    return CalendarLinks(
        google=f"https://calendar.google.com/calendar/render?{urlencode(google)}",
        outlook=f"https://outlook.live.com/calendar/0/deeplink/compose?{urlencode(outlook)}",
    )


def entry_component(entry: AgendaEntry, *, stamp: datetime, site_url: str) -> icalendar.Event:
    """An agenda entry as a VEVENT (times in UTC; calendar clients show them in their own zone)."""
    url = entry.url if entry.url.startswith("http") or not entry.url else f"{site_url.rstrip('/')}{entry.url}"
    component = icalendar.Event()
    component.add("uid", entry.uid)
    component.add("dtstamp", stamp)
    component.add("dtstart", entry.starts_at)
    component.add("dtend", entry.ends_at)
    component.add("summary", entry.title)
    description = "\n\n".join(part for part in (entry.description, url) if part)
    if description:
        component.add("description", description)
    if entry.location:
        component.add("location", entry.location)
    if url:
        component.add("url", url)
    # A meeting between named people is nobody else's business in a shared calendar.
    component.add("class", "PRIVATE")
    return component


def _localize(value: object, language: str) -> str:
    """A content field's text in ``language``, with the field's own fallbacks; "" when empty."""
    if not value:
        return ""
    text = value if isinstance(value, LazyI18nString) else LazyI18nString(value)
    return str(text.localize(language))


def _location(session: Session, language: str) -> str:
    """The room, else "Online" for an online event, else the event's venue."""
    if session.room is not None:
        return _localize(session.room.name, language)
    if session.event.is_online:
        # Translators: the place of a session in a calendar application, when it has no room.
        return gettext("Online")
    return _localize(session.event.venue, language)
