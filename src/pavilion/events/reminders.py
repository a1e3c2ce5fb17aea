"""E-mail reminders before the sessions people put in their agenda (``pavilion send_session_reminders``,
run every few minutes from cron).

Each agenda item is reminded once: the item is claimed with one conditional UPDATE before its
e-mail goes, so two runs at the same moment never send it twice. A session the person may no
longer see (access changed, registration withdrawn), an inactive account, or an item whose owner
turned reminders off gets none.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation

from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User
from pavilion.core.i18n import unambiguous_date
from pavilion.core.timezones import canonical_timezone, zone_label
from pavilion.events.access import can_see_session
from pavilion.events.calendar import session_url
from pavilion.events.mail import send_event_mail
from pavilion.events.models import AgendaItem, Event

#: How long before a session its reminder goes out (the command's --minutes).
REMINDER_MINUTES = 60


@dataclass(frozen=True)
class ReminderTime:
    """A moment as the e-mail states it: the date, the time and the zone, each in the reader's language."""

    day: str
    time: str
    zone: str


def _moment(at: datetime, zone: str, language: str) -> ReminderTime:
    local = at.astimezone(zoneinfo.ZoneInfo(zone))
    return ReminderTime(
        day=unambiguous_date(local.date(), language=language),
        time=f"{local:%H:%M}",
        zone=zone_label(zone, at, language, inline=True),
    )


def _send(item: AgendaItem, language: str) -> None:
    session, user = item.session, item.user
    event_zone = canonical_timezone(session.event.time_zone)
    own_zone = canonical_timezone(user.time_zone) if user.time_zone else event_zone
    with translation.override(language):
        context = {
            "user": user,
            "session": session,
            "event": session.event,
            "title": str(session.title.localize(language)),
            "event_name": str(session.event.name.localize(language)),
            "starts": _moment(session.starts_at, event_zone, language),
            "own": _moment(session.starts_at, own_zone, language) if own_zone != event_zone else None,
            "url": session_url(session=session, language=language, site_url=settings.PAVILION_SITE_URL),
            "site_url": settings.PAVILION_SITE_URL.rstrip("/"),
        }
    send_event_mail(to=user, template="events/email/session_reminder.txt", context=context, language=language)


def send_session_reminders(*, now: datetime | None = None, minutes: int = REMINDER_MINUTES) -> int:
    """E-mail everyone whose agenda holds a session starting within ``minutes``; each item once.

    Returns how many e-mails were sent.
    """
    now = now or timezone.now()
    due = (
        AgendaItem.objects.filter(
            remind=True,
            reminded_at__isnull=True,
            session__starts_at__gt=now,
            session__starts_at__lte=now + timedelta(minutes=minutes),
            user__is_active=True,
        )
        .select_related("user", "session__event", "session__room")
        .order_by("session__starts_at", "pk")
    )
    sent = 0
    for item in due:
        if not can_see_session(session=item.session, user=item.user):
            continue
        # Claimed first: a run at the same moment finds it taken and sends nothing.
        if not AgendaItem.objects.filter(pk=item.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        _send(item, language_of(item.user))
        sent += 1
    return sent


def set_reminders(*, user: User, event: Event, remind: bool) -> int:
    """Turn e-mail reminders on or off for every session of this event in the person's agenda."""
    return AgendaItem.objects.filter(user=user, session__event=event).update(remind=remind)


def reminders_on(*, user: User, event: Event) -> bool:
    """Whether the person gets reminders for this event's sessions (on unless they turned them off)."""
    return not AgendaItem.objects.filter(user=user, session__event=event, remind=False).exists()
