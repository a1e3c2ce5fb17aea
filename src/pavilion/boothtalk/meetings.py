"""Meeting requests: a visitor proposes one to three times to meet a booth's staff, on a topic;
the staff accept one of them or decline (with an optional note).

Times come in the visitor's time zone, are stored in UTC (the zone is kept with the request) and
are shown in the event's zone and the reader's (``dual_time``). The booth's staff are told live
(their ``user:`` topics) and by e-mail; the visitor is told by e-mail of the decision — with the
meeting as an .ics attachment when accepted — and sees it on "My contacts and meetings".
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from pavilion.accounts.languages import language_of
from pavilion.boothtalk.models import (
    MAX_NOTE_LENGTH,
    MAX_TOPIC_LENGTH,
    MeetingDuration,
    MeetingRequest,
    MeetingSlot,
    MeetingStatus,
)
from pavilion.boothtalk.services import (
    booth_name,
    notify_staff,
    require_staff,
    require_visitor,
    send_mail_to,
)
from pavilion.boothtalk.times import meeting_time_text
from pavilion.core.timezones import is_valid_timezone
from pavilion.events.access import AnyUser
from pavilion.events.calendar import PRODUCT_ID
from pavilion.exhibition.models import Booth

MAX_SLOTS = 3
#: A proposed time must be at least this far ahead …
EARLIEST = timedelta(minutes=15)
#: … and at most this far.
LATEST = timedelta(days=365)
#: Requests one visitor may have waiting at one booth.
MAX_PENDING = 3


def _clean_slots(slots: Sequence[datetime]) -> list[datetime]:
    now = timezone.now()
    cleaned = sorted({slot.astimezone(zoneinfo.ZoneInfo("UTC")).replace(second=0, microsecond=0) for slot in slots})
    if not 1 <= len(cleaned) <= MAX_SLOTS:
        raise ValidationError({"slots": gettext("Propose one, two or three different times.")})
    for slot in cleaned:
        if slot < now + EARLIEST:
            raise ValidationError({"slots": gettext("Propose times at least 15 minutes from now.")})
        if slot > now + LATEST:
            raise ValidationError({"slots": gettext("Propose times within the next twelve months.")})
    return cleaned


def request_meeting(
    *,
    booth: Booth,
    by: AnyUser,
    topic: str,
    slots: Sequence[datetime],
    time_zone: str,
    duration: int = MeetingDuration.HALF_HOUR,
) -> MeetingRequest:
    """Ask the booth's staff for a meeting at one of ``slots`` (aware datetimes; 1 to 3, 15 minutes to a year ahead).

    ``time_zone`` is the zone the visitor entered them in. Tells the staff live and by e-mail.
    """
    visitor = require_visitor(booth=booth, user=by, refusal=gettext("Sign in to ask for a meeting."))
    topic = topic.strip()
    if not topic:
        raise ValidationError({"topic": gettext("Say what you would like to talk about.")})
    if len(topic) > MAX_TOPIC_LENGTH:
        raise ValidationError(
            {"topic": gettext("A topic can have at most %(limit)d characters.") % {"limit": MAX_TOPIC_LENGTH}}
        )
    if not is_valid_timezone(time_zone):
        raise ValidationError({"time_zone": gettext("Choose a time zone from the list.")})
    if duration not in MeetingDuration.values:
        raise ValidationError({"duration": gettext("Choose one of the durations offered.")})
    cleaned = _clean_slots(slots)
    with transaction.atomic():
        waiting = MeetingRequest.objects.filter(booth=booth, visitor=visitor, status=MeetingStatus.PENDING).count()
        if waiting >= MAX_PENDING:
            raise ValidationError(
                {"__all__": gettext("You have three requests waiting at this booth; wait for an answer first.")}
            )
        meeting = MeetingRequest.objects.create(
            booth=booth, visitor=visitor, topic=topic, duration=duration, time_zone=time_zone
        )
        MeetingSlot.objects.bulk_create([MeetingSlot(meeting=meeting, starts_at=slot) for slot in cleaned])
        notify_staff(booth, {"boothmeetings": {"booth": booth.pk, "added": meeting_data(meeting)}})
        transaction.on_commit(lambda: _mail_staff(meeting))
    return meeting


def meeting_data(meeting: MeetingRequest) -> dict[str, Any]:
    """A request as the staff's live notification carries it."""
    return {
        "id": meeting.pk,
        "visitor": meeting.visitor.display_name,
        "topic": meeting.topic,
        "status": meeting.status,
        "at": meeting.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _mail_staff(meeting: MeetingRequest) -> None:
    booth = meeting.booth
    for member in booth.staff.filter(is_active=True).order_by("pk"):
        send_mail_to(
            to=member,
            template="boothtalk/email/meeting_request.txt",
            context={"meeting": meeting, "booth": booth, "event": booth.event, "member": member},
        )


def _decide(meeting: MeetingRequest, by: AnyUser, note: str) -> tuple[Any, str]:
    member = require_staff(booth=meeting.booth, user=by)
    if meeting.status != MeetingStatus.PENDING:
        raise ValidationError({"__all__": gettext("This request has been answered already.")})
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": gettext("A note can have at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}}
        )
    return member, note


def accept_meeting(*, meeting: MeetingRequest, slot: MeetingSlot, by: AnyUser, note: str = "") -> MeetingRequest:
    """Accept one of the proposed times (the booth's staff only); the visitor gets an e-mail with the .ics."""
    member, note = _decide(meeting, by, note)
    if slot.meeting_id != meeting.pk:
        raise ValidationError({"slot": gettext("Choose one of the times the visitor proposed.")})
    return _save_decision(meeting, member, MeetingStatus.ACCEPTED, note, slot.starts_at)


def decline_meeting(*, meeting: MeetingRequest, by: AnyUser, note: str = "") -> MeetingRequest:
    """Decline the request (the booth's staff only), optionally saying why; the visitor gets an e-mail."""
    member, note = _decide(meeting, by, note)
    return _save_decision(meeting, member, MeetingStatus.DECLINED, note, None)


def _save_decision(
    meeting: MeetingRequest, member: Any, status: str, note: str, scheduled_at: datetime | None
) -> MeetingRequest:
    with transaction.atomic():
        changed = MeetingRequest.objects.filter(pk=meeting.pk, status=MeetingStatus.PENDING).update(
            status=status, scheduled_at=scheduled_at, decision_note=note, decided_by=member, decided_at=timezone.now()
        )
        if not changed:  # another member of the staff decided meanwhile
            raise ValidationError({"__all__": gettext("This request has been answered already.")})
        meeting.refresh_from_db()
        notify_staff(meeting.booth, {"boothmeetings": {"booth": meeting.booth_id, "changed": meeting_data(meeting)}})
        transaction.on_commit(lambda: _mail_visitor(meeting))
    return meeting


def _mail_visitor(meeting: MeetingRequest) -> None:
    attachments = []
    if meeting.status == MeetingStatus.ACCEPTED:
        with translation.override(language_of(meeting.visitor)):
            attachments.append(("meeting.ics", meeting_calendar(meeting), "text/calendar"))
    event = meeting.booth.event
    when = ""
    if meeting.scheduled_at is not None:
        with translation.override(language_of(meeting.visitor)):
            when = meeting_time_text(meeting.scheduled_at, [meeting.time_zone, event.time_zone])
    send_mail_to(
        to=meeting.visitor,
        template="boothtalk/email/meeting_decided.txt",
        context={"meeting": meeting, "booth": meeting.booth, "event": event, "when": when},
        attachments=attachments,
    )


def booth_url(meeting: MeetingRequest, language: str) -> str:
    booth = meeting.booth
    with translation.override(language):
        return reverse("exhibition:booth", kwargs={"event_slug": booth.event.slug, "booth_slug": booth.slug})


def meeting_calendar(meeting: MeetingRequest) -> bytes:
    """The accepted meeting as an iCalendar document (times in UTC; clients show them in their own zone).

    Texts are in the current language.
    """
    if meeting.scheduled_at is None or meeting.ends_at is None:
        raise ValueError("Only an accepted meeting has a calendar entry.")
    booth = meeting.booth
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", f"booth-meeting-{meeting.pk}@pavilion")
    entry.add("dtstamp", meeting.decided_at or timezone.now())
    entry.add("dtstart", meeting.scheduled_at)
    entry.add("dtend", meeting.ends_at)
    # Translators: the title of a meeting in a calendar application: booth name, then the topic.
    entry.add("summary", gettext("%(booth)s: %(topic)s") % {"booth": booth_name(booth), "topic": meeting.topic})
    url = settings.PAVILION_SITE_URL + booth_url(meeting, translation.get_language() or "en")
    entry.add("description", f"{meeting.decision_note}\n\n{url}".strip())
    entry.add("url", url)
    calendar.add_component(entry)
    return calendar.to_ical()


def meetings_of(*, booth: Booth, status: str = "") -> QuerySet[MeetingRequest]:
    meetings = MeetingRequest.objects.filter(booth=booth).select_related("visitor").prefetch_related("slots")
    if status in MeetingStatus.values:
        meetings = meetings.filter(status=status)
    return meetings.order_by("-created_at", "-pk")


def count_by_status(*, booth: Booth) -> dict[str, int]:
    """How many of the booth's meeting requests have each status (every status listed)."""
    counts = dict.fromkeys(MeetingStatus.values, 0)
    for row in MeetingRequest.objects.filter(booth=booth).values("status").annotate(count=Count("pk")):
        counts[row["status"]] = row["count"]
    return counts
