"""Accepted meetings in "My agenda" and its calendar feeds (through ``events.agenda_entries``)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from i18nfield.strings import LazyI18nString

from pavilion.accounts.models import User
from pavilion.events.access import visible_events
from pavilion.events.agenda_entries import AgendaEntry, agenda_source
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth
from pavilion.networking.models import Meeting, MeetingStatus


def text_of(value: object) -> str:
    return str(value if isinstance(value, LazyI18nString) else LazyI18nString(value)) if value else ""


def other_side_name(meeting: Meeting, user: User) -> str:
    """Whom ``user`` meets: the other person, or the booth's name."""
    if meeting.booth_id is not None and meeting.requester_id == user.pk:
        return text_of(meeting.booth.name if meeting.booth else "")
    if meeting.requester_id == user.pk and meeting.invitee is not None:
        return meeting.invitee.display_name
    return meeting.requester.display_name


def location_of(meeting: Meeting) -> str:
    """Where the meeting is held, in the current language."""
    if meeting.place is not None:
        return text_of(meeting.place.name)
    if meeting.booth is not None:
        return text_of(meeting.booth.name)
    # Translators: where a meeting is held when the organisers have not set places.
    return gettext("To be agreed between you")


def meeting_url(meeting: Meeting) -> str:
    return reverse("networking:meetings", kwargs={"event_slug": meeting.event.slug})


def entry_of(meeting: Meeting, reader: User) -> AgendaEntry:
    """One accepted meeting as ``reader`` sees it, in the current language."""
    place = meeting.place
    starts_at, ends_at = meeting.begins_at, meeting.ends_at
    if starts_at is None or ends_at is None:
        raise ValueError("Only a meeting with an agreed time is in an agenda.")
    description = meeting.reason
    if meeting.note:
        description = f"{description}\n\n{meeting.note}"
    if place is not None and place.video_url:
        description = f"{description}\n\n{gettext('Video room')}: {place.video_url}"
    return AgendaEntry(
        uid=f"meeting-{meeting.pk}@pavilion",
        event_id=meeting.event_id,
        starts_at=starts_at,
        ends_at=ends_at,
        # Translators: a meeting's title in an agenda or a calendar application: whom you meet.
        title=gettext("Meeting with %(name)s") % {"name": other_side_name(meeting, reader)},
        description=description,
        location=location_of(meeting),
        url=meeting_url(meeting),
        kind_label=gettext("Meeting"),
    )


@agenda_source("meetings")
def accepted_meetings(user: User, event: Event | None) -> list[AgendaEntry]:
    """The person's accepted meetings (as either side or as staff of the booth met), in events they may see."""
    meetings = Meeting.objects.filter(status=MeetingStatus.ACCEPTED, event__in=visible_events(user=user))
    if event is not None:
        meetings = meetings.filter(event=event)
    booths = Booth.objects.filter(staff=user).values("pk")
    meetings = meetings.filter(Q(requester=user) | Q(invitee=user) | Q(booth__in=booths)).select_related(
        "event", "slot", "requester", "invitee", "booth", "place"
    )
    found = [entry_of(meeting, user) for meeting in meetings]
    return sorted(found, key=lambda entry: (entry.starts_at, entry.uid))
