"""Booth meetings at times of their own: a visitor proposes one to three times to meet a booth's staff.

The same meeting (``Meeting`` with ``booth``, no ``slot``) and the same rules as meetings in slots:
the request counts against the visitor's cap of requests waiting (``open_request_cap``); while it
waits, every time proposed is held for both sides (the visitor and the booth: nobody can ask either
for an overlapping time, ``busy.py``); any of the booth's staff answers: accept one of the times,
decline (with a note), or propose another time, which the other side then answers. Accepted meetings
go to both agendas and calendar feeds; every step is e-mailed and told live (``meetings.tell_parties``).

Unlike meetings in slots (the event's approved participants only), any signed-in visitor who may see
the booth may ask it: exhibitions are often open to the public.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.core.texts import clean_text
from pavilion.core.timezones import is_valid_timezone
from pavilion.events.access import AnyUser
from pavilion.exhibition.access import can_see_booth
from pavilion.exhibition.models import Booth
from pavilion.networking import meetings
from pavilion.networking.busy import Interval, held_times, lock_sides, require_free
from pavilion.networking.models import (
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    BoothInterests,
    Meeting,
    MeetingLength,
    MeetingStatus,
    ProposedTime,
)

MAX_TIMES = 3
#: A proposed time must be at least this far ahead …
EARLIEST = timedelta(minutes=15)
#: … and at most this far.
LATEST = timedelta(days=365)


def takes_requests(booth: Booth) -> bool:
    """A published booth takes requests unless its staff said it does not (``BoothInterests.accepts_meetings``)."""
    return booth.is_published and not BoothInterests.objects.filter(booth=booth, accepts_meetings=False).exists()


def _require_visitor(booth: Booth, by: AnyUser) -> User:
    account = account_of(by)
    if account is None:
        raise PermissionDenied(gettext("Sign in to ask for a meeting."))
    if booth.staff.filter(pk=account.pk).exists():
        raise PermissionDenied(gettext("You answer for this booth; its visitors' requests come to you."))
    if not can_see_booth(booth=booth, user=account):
        raise PermissionDenied(gettext("This booth does not take meeting requests."))
    if not takes_requests(booth):
        raise ValidationError({"__all__": gettext("This booth does not take meeting requests.")})
    return account


def clean_times(times: Sequence[datetime]) -> list[datetime]:
    """The times in UTC to the minute, sorted, one to three, 15 minutes to a year ahead."""
    now = timezone.now()
    utc = zoneinfo.ZoneInfo("UTC")
    cleaned = sorted({time.astimezone(utc).replace(second=0, microsecond=0) for time in times})
    if not 1 <= len(cleaned) <= MAX_TIMES:
        raise ValidationError({"times": gettext("Propose one, two or three different times.")})
    for time in cleaned:
        if time < now + EARLIEST:
            raise ValidationError({"times": gettext("Propose times at least 15 minutes from now.")})
        if time > now + LATEST:
            raise ValidationError({"times": gettext("Propose times within the next twelve months.")})
    return cleaned


def _intervals(times: Sequence[datetime], length: int) -> list[Interval]:
    return [(time, time + timedelta(minutes=length)) for time in times]


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": gettext("A note can have at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}}
        )
    return note


def request_at_times(
    *,
    booth: Booth,
    by: AnyUser,
    reason: str,
    times: Sequence[datetime],
    time_zone: str,
    length: int = MeetingLength.HALF_HOUR,
) -> Meeting:
    """Ask the booth's staff for a meeting at one of ``times`` (aware datetimes; ``time_zone``: the zone typed in).

    Holds every time proposed for both sides until an answer; tells the staff live and by e-mail.
    """
    account = _require_visitor(booth, by)
    reason = clean_text(
        reason,
        limit=MAX_REASON_LENGTH,
        field="reason",
        empty=gettext("Say what you would like to talk about."),
        too_long=gettext("A reason can have at most %(limit)d characters."),
    )
    if not is_valid_timezone(time_zone):
        raise ValidationError({"time_zone": gettext("Choose a time zone from the list.")})
    if length not in MeetingLength.values:
        raise ValidationError({"length": gettext("Choose one of the lengths offered.")})
    cleaned = clean_times(times)
    event = booth.event
    with transaction.atomic():
        lock_sides(user_ids=[account.pk], booth_id=booth.pk)
        waiting = Meeting.objects.filter(event=event, requester=account, status=MeetingStatus.PENDING).count()
        if waiting >= meetings.open_request_cap(event=event):
            raise ValidationError(
                {
                    "__all__": gettext(
                        "You have %(count)d requests waiting for an answer; wait for one or withdraw one first."
                    )
                    % {"count": waiting}
                }
            )
        held = held_times(user_ids=[account.pk], booth_id=booth.pk)
        require_free(_intervals(cleaned, length), held, field="times")
        meeting = Meeting.objects.create(
            event=event,
            booth=booth,
            requester=account,
            reason=reason,
            status=MeetingStatus.PENDING,
            length=length,
            time_zone=time_zone,
        )
        ProposedTime.objects.bulk_create([ProposedTime(meeting=meeting, starts_at=time) for time in cleaned])
        meetings.tell_parties(meeting)
        transaction.on_commit(lambda: meetings.mail_answerers(meeting, "networking/email/meeting_requested.txt"))
    return meeting


def _require_own_times(meeting: Meeting) -> None:
    if meeting.slot_id is not None:
        raise ValidationError({"time": gettext("This meeting is in one of the event's slots; answer with a slot.")})


def accept_time(*, meeting: Meeting, by: AnyUser, starts_at: datetime, note: str = "") -> Meeting:
    """Accept one of the times proposed (the side asked only); the other times are free again."""
    account = meetings.require_answerer(meeting, by)
    _require_own_times(meeting)
    note = _clean_note(note)
    if not meeting.proposed_times.filter(starts_at=starts_at).exists():
        raise ValidationError({"time": gettext("Choose one of the times proposed.")})
    if starts_at <= timezone.now():
        raise ValidationError({"time": gettext("This time has already begun; propose a later one.")})
    with transaction.atomic():
        lock_sides(user_ids=[meeting.requester_id], booth_id=meeting.booth_id)
        place = meetings.booth_place(meeting)
        changed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PENDING, slot__isnull=True).update(
            status=MeetingStatus.ACCEPTED,
            starts_at=starts_at,
            place=place,
            note=note,
            awaiting=None,
            decided_by=account,
            decided_at=timezone.now(),
        )
        if not changed:
            raise ValidationError({"__all__": gettext("This request has been answered already.")})
        meeting.refresh_from_db()
        meetings.tell_parties(meeting)
        transaction.on_commit(lambda: meetings.mail_accepted(meeting))
    return meeting


def propose_time(*, meeting: Meeting, by: AnyUser, starts_at: datetime, note: str = "") -> Meeting:
    """Answer with another time (the side asked only): it replaces the times proposed; the other side answers next."""
    account = meetings.require_answerer(meeting, by)
    _require_own_times(meeting)
    note = _clean_note(note)
    (time,) = clean_times([starts_at])
    wanted = _intervals([time], int(meeting.length or 0))
    with transaction.atomic():
        lock_sides(user_ids=[meeting.requester_id], booth_id=meeting.booth_id)
        held = held_times(user_ids=[meeting.requester_id], booth_id=meeting.booth_id, exclude=meeting.pk)
        require_free(wanted, held, field="time")
        changed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PENDING, slot__isnull=True).update(
            # The booth answers next when the visitor proposed, else the visitor.
            awaiting_id=None if account.pk == meeting.requester_id else meeting.requester_id,
            note=note,
        )
        if not changed:
            raise ValidationError({"__all__": gettext("This meeting has changed meanwhile; reload the page.")})
        ProposedTime.objects.filter(meeting=meeting).delete()
        ProposedTime.objects.create(meeting=meeting, starts_at=time)
        meeting.refresh_from_db()
        meetings.tell_parties(meeting)
        transaction.on_commit(lambda: meetings.mail_others(meeting, account, "networking/email/meeting_proposed.txt"))
    return meeting


def booth_meetings(*, booth: Booth, status: str = "") -> list[Meeting]:
    """The booth's meetings (in slots and at own times), newest request first, optionally of one status."""
    found = (
        Meeting.objects.filter(booth=booth)
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("slot", "requester", "booth", "place", "event")
        .prefetch_related("proposed_times")
    )
    if status in MeetingStatus.values and status != MeetingStatus.DRAFT:
        found = found.filter(status=status)
    return list(found.order_by("-created_at", "-pk"))
