"""One-to-one meetings in organiser-defined slots.

A request names a slot both sides have marked available and a reason; from that moment the slot is
held for both (``SlotHold``: unique per person or booth and slot, so the database itself refuses a
double booking, even of two requests or two accepts at the same instant). The side asked answers:
accept (a free place is assigned, both get an e-mail with the meeting as .ics), decline, or propose
another slot (the other side then answers). Either side may cancel. Each person may have at most
``open_request_cap`` requests of their own waiting for an answer (5 unless the organisers chose otherwise).

Every change commits, then tells each side on its own ``user:<id>`` topic (``tell_parties``): the event
names the meeting and its new status only, and the person's meetings page reads the rest again through
its usual permission checks.
"""

from __future__ import annotations

from collections.abc import Collection

import icalendar
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of
from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User
from pavilion.core.texts import clean_text
from pavilion.events.access import AnyUser
from pavilion.events.calendar import PRODUCT_ID, entry_component
from pavilion.events.mail import send_event_mail
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth
from pavilion.live.broker import publish_on_commit
from pavilion.networking.access import may_network, require_participant
from pavilion.networking.agenda import entry_of, location_of, meeting_url, other_side_name, text_of
from pavilion.networking.busy import held_times, lock_sides, require_free
from pavilion.networking.mail import when_text
from pavilion.networking.matching import is_hidden_pair
from pavilion.networking.models import (
    ACTIVE,
    DEFAULT_MAX_OPEN_REQUESTS,
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    BoothInterests,
    Meeting,
    MeetingPlace,
    MeetingSlot,
    MeetingStatus,
    NetworkingProfile,
    NetworkingSettings,
    PlaceKind,
    SlotHold,
)


def open_request_cap(*, event: Event) -> int:
    """How many requests of their own a person may have waiting at this event (``NetworkingSettings``)."""
    chosen = NetworkingSettings.objects.filter(event=event).values_list("max_open_requests", flat=True).first()
    return chosen or DEFAULT_MAX_OPEN_REQUESTS


def party_ids(meeting: Meeting) -> list[int]:
    """The accounts on either side: the requester, and the invitee or the booth's active staff."""
    ids = [meeting.requester_id]
    if meeting.invitee_id is not None:
        ids.append(meeting.invitee_id)
    elif meeting.booth_id is not None:
        ids += list(
            User.objects.filter(staffed_booths=meeting.booth_id, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return list(dict.fromkeys(ids))


def tell_parties(meeting: Meeting) -> None:
    """Once the change commits, each side hears of it on its ``user:<id>`` topic (ids and status only)."""
    change = {"networking": {"event": meeting.event_id, "meeting": meeting.pk, "status": meeting.status}}
    for user_id in party_ids(meeting):
        publish_on_commit(f"user:{user_id}", change)


def _listed(*, event: Event, user: User) -> NetworkingProfile | None:
    return NetworkingProfile.objects.filter(event=event, user=user, is_listed=True).first()


def _require_future(slot: MeetingSlot) -> None:
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": gettext("This slot has already begun; choose a later one.")})


def _is_available(profile: NetworkingProfile, slot: MeetingSlot) -> bool:
    return profile.available_slots.filter(pk=slot.pk).exists()


def hold_slot(meeting: Meeting, slot: MeetingSlot) -> None:
    """Take ``slot`` for both sides of the meeting, or refuse when either side holds it already.

    A slot held is unique per side (``SlotHold``); a booth meeting at times of its own overlapping the
    slot is looked for under the sides' locks (``busy.py``).
    """
    lock_sides(user_ids=[meeting.requester_id, meeting.invitee_id], booth_id=meeting.booth_id)
    own_times = held_times(
        user_ids=[meeting.requester_id, meeting.invitee_id], booth_id=meeting.booth_id, own_times_only=True
    )
    require_free([(slot.starts_at, slot.ends_at)], own_times, field="slot")
    holds = [SlotHold(slot=slot, meeting=meeting, user=meeting.requester)]
    if meeting.invitee_id is not None:
        holds.append(SlotHold(slot=slot, meeting=meeting, user=meeting.invitee))
    else:
        holds.append(SlotHold(slot=slot, meeting=meeting, booth=meeting.booth))
    try:
        with transaction.atomic():
            SlotHold.objects.bulk_create(holds)
    except IntegrityError:
        raise ValidationError(
            {"slot": gettext("One of you already has a meeting or a request in this slot; choose another.")}
        ) from None


def free_slots(
    *, event: Event, requester: User, invitee: User | None = None, booth: Booth | None = None
) -> list[MeetingSlot]:
    """Future slots both sides have marked available (a booth: every slot) and neither holds yet."""
    slots = MeetingSlot.objects.filter(event=event, starts_at__gt=timezone.now())
    slots = slots.filter(available_profiles__user=requester, available_profiles__event=event)
    if invitee is not None:
        available = NetworkingProfile.available_slots.through.objects.filter(
            networkingprofile__event=event, networkingprofile__user=invitee
        ).values("meetingslot_id")
        slots = slots.filter(pk__in=available)
    held = SlotHold.objects.filter(Q(user=requester) | (Q(user=invitee) if invitee else Q(booth=booth)))
    return list(slots.exclude(pk__in=held.values("slot_id")).order_by("starts_at"))


def request_meeting(
    *,
    event: Event,
    by: AnyUser,
    slot: MeetingSlot,
    reason: str,
    invitee: User | None = None,
    booth: Booth | None = None,
) -> Meeting:
    """Ask a listed participant (``invitee``) or a booth's staff (``booth``) for a meeting in ``slot``.

    Both must be in the directory (a booth must take requests), available in the slot, and not have
    hidden each other; the requester may have at most ``open_request_cap`` requests waiting.
    Holds the slot for both sides and tells the other side by e-mail.
    """
    account = require_participant(event=event, user=by)
    if (invitee is None) == (booth is None):
        raise ValueError("A meeting is with one person or one booth.")
    reason = clean_text(
        reason,
        limit=MAX_REASON_LENGTH,
        field="reason",
        empty=gettext("Say what you would like to talk about."),
        too_long=gettext("A reason can have at most %(limit)d characters."),
    )
    if slot.event_id != event.pk:
        raise ValidationError({"slot": gettext("Choose one of this event's meeting slots.")})
    _require_future(slot)
    with transaction.atomic():
        # Locking the requester's profile makes the count of open requests exact under concurrency.
        mine = NetworkingProfile.objects.select_for_update().filter(event=event, user=account, is_listed=True).first()
        if mine is None:
            raise ValidationError({"__all__": gettext("Join the directory first: others can then see who asks.")})
        if not _is_available(mine, slot):
            raise ValidationError({"slot": gettext("Mark yourself available in this slot first.")})
        if invitee is not None:
            theirs = _listed(event=event, user=invitee)
            if theirs is None or invitee.pk == account.pk or not may_network(event=event, user=invitee):
                raise ValidationError({"__all__": gettext("This participant does not take meeting requests.")})
            if is_hidden_pair(event=event, first_id=account.pk, second_id=invitee.pk):
                raise ValidationError({"__all__": gettext("This participant does not take meeting requests.")})
            if not _is_available(theirs, slot):
                raise ValidationError({"slot": gettext("This participant is not available in this slot.")})
        elif booth is not None and (
            booth.event_id != event.pk or not booth.is_published or not _booth_takes_requests(booth)
        ):
            raise ValidationError({"__all__": gettext("This booth does not take meeting requests.")})
        open_requests = Meeting.objects.filter(event=event, requester=account, status=MeetingStatus.PENDING).count()
        if open_requests >= open_request_cap(event=event):
            raise ValidationError(
                {
                    "__all__": gettext(
                        "You have %(count)d requests waiting for an answer; wait for one or withdraw one first."
                    )
                    % {"count": open_requests}
                }
            )
        meeting = Meeting.objects.create(
            event=event,
            slot=slot,
            requester=account,
            invitee=invitee,
            booth=booth,
            reason=reason,
            awaiting=invitee,
            status=MeetingStatus.PENDING,
        )
        hold_slot(meeting, slot)
        tell_parties(meeting)
        transaction.on_commit(lambda: mail_answerers(meeting, "networking/email/meeting_requested.txt"))
    return meeting


def _booth_takes_requests(booth: Booth) -> bool:
    # Asked of the database, not of ``booth.networking``: the instance may hold an older copy.
    return BoothInterests.objects.filter(booth=booth, accepts_meetings=True).exists()


def _answers_for_booth(meeting: Meeting, account: User) -> bool:
    return meeting.booth is not None and meeting.booth.staff.filter(pk=account.pk).exists()


def may_open_meetings(*, event: Event, user: AnyUser) -> bool:
    """Who has a "My meetings" at the event: its participants and organisers, the staff of its booths,
    and visitors who asked one of its booths for a meeting (exhibitions are often open to the public)."""
    account = account_of(user)
    if account is None:
        return False
    return (
        may_network(event=event, user=account)
        or Booth.objects.filter(event=event, staff=account).exists()
        or Meeting.objects.filter(event=event, requester=account, booth__isnull=False).exists()
    )


def is_party(*, meeting: Meeting, user: AnyUser) -> bool:
    """The requester, the invitee, or a member of the booth's staff."""
    account = account_of(user)
    if account is None:
        return False
    return account.pk in (meeting.requester_id, meeting.invitee_id) or _answers_for_booth(meeting, account)


def must_answer(*, meeting: Meeting, user: AnyUser, staffed: Collection[int] | None = None) -> bool:
    """Whether this person is the side the pending meeting waits for (``staffed``: the ids of the booths
    they staff, when a list of meetings already knows them)."""
    account = account_of(user)
    if account is None or meeting.status != MeetingStatus.PENDING:
        return False
    if meeting.awaiting_id is not None:
        return meeting.awaiting_id == account.pk
    if staffed is not None:
        return meeting.booth_id in staffed
    return _answers_for_booth(meeting, account)


def require_answerer(meeting: Meeting, by: AnyUser) -> User:
    account = account_of(by)
    if account is None or not is_party(meeting=meeting, user=account):
        raise PermissionDenied(gettext("This meeting is not yours."))
    if meeting.status != MeetingStatus.PENDING:
        raise ValidationError({"__all__": gettext("This request has been answered already.")})
    if not must_answer(meeting=meeting, user=account):
        raise ValidationError({"__all__": gettext("The other side is to answer this request.")})
    return account


def booth_place(meeting: Meeting) -> MeetingPlace | None:
    """The booth's own meeting place, if the organisers set one (else the meeting is held at the booth)."""
    return MeetingPlace.objects.filter(event=meeting.event_id, kind=PlaceKind.BOOTH, booth=meeting.booth_id).first()


def _free_place(meeting: Meeting) -> MeetingPlace | None:
    """The first place free in the meeting's slot: the booth's own for a booth meeting; None when the
    event has no places (the meeting is then arranged between the two)."""
    if meeting.booth_id is not None:
        return booth_place(meeting)
    places = MeetingPlace.objects.filter(event=meeting.event_id).exclude(kind=PlaceKind.BOOTH)
    if not places.exists():
        return None
    taken = Meeting.objects.filter(slot=meeting.slot_id, status=MeetingStatus.ACCEPTED, place__isnull=False)
    free = places.exclude(pk__in=taken.values("place_id")).order_by("position", "pk").first()
    if free is None:
        raise ValidationError(
            {"__all__": gettext("No meeting place is free in this slot any more; propose another slot.")}
        )
    return free


def accept_meeting(*, meeting: Meeting, by: AnyUser) -> Meeting:
    """Accept the slot the meeting names (the side asked only): a free place is assigned, both are told.

    A booth meeting at times of its own is accepted with one of its times (``booth_times.accept_time``).
    """
    account = require_answerer(meeting, by)
    if meeting.slot_id is None:
        raise ValidationError({"time": gettext("Choose one of the times proposed.")})
    with transaction.atomic():
        # One accept per slot at a time: they choose among the same places.
        MeetingSlot.objects.select_for_update().get(pk=meeting.slot_id)
        place = _free_place(meeting)
        try:
            with transaction.atomic():
                changed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PENDING).update(
                    status=MeetingStatus.ACCEPTED,
                    place=place,
                    awaiting=None,
                    decided_by=account,
                    decided_at=timezone.now(),
                )
        except IntegrityError:
            raise ValidationError(
                {"__all__": gettext("No meeting place is free in this slot any more; propose another slot.")}
            ) from None
        if not changed:
            raise ValidationError({"__all__": gettext("This request has been answered already.")})
        meeting.refresh_from_db()
        tell_parties(meeting)
        transaction.on_commit(lambda: mail_accepted(meeting))
    return meeting


def _release(meeting: Meeting, status: str, **answer: object) -> Meeting:
    with transaction.atomic():
        changed = Meeting.objects.filter(pk=meeting.pk, status__in=ACTIVE).update(
            status=status, place=None, awaiting=None, decided_at=timezone.now(), **answer
        )
        if not changed:
            raise ValidationError({"__all__": gettext("This meeting has changed meanwhile; reload the page.")})
        SlotHold.objects.filter(meeting=meeting).delete()
        meeting.refresh_from_db()
        tell_parties(meeting)
    return meeting


def decline_meeting(*, meeting: Meeting, by: AnyUser, note: str = "") -> Meeting:
    """Decline the request (the side asked only), with an optional note: the slot or times are free again
    for both; the other side is told."""
    account = require_answerer(meeting, by)
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": gettext("A note can have at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}}
        )
    meeting = _release(meeting, MeetingStatus.DECLINED, note=note, decided_by=account)
    transaction.on_commit(lambda: mail_others(meeting, account, "networking/email/meeting_declined.txt"))
    return meeting


def cancel_meeting(*, meeting: Meeting, by: AnyUser) -> Meeting:
    """Withdraw a request or cancel an agreed meeting (either side); the slot and place are freed."""
    account = account_of(by)
    if account is None or not is_party(meeting=meeting, user=account):
        raise PermissionDenied(gettext("This meeting is not yours."))
    meeting = _release(meeting, MeetingStatus.CANCELLED)
    transaction.on_commit(lambda: mail_others(meeting, account, "networking/email/meeting_cancelled.txt"))
    return meeting


def propose_slot(*, meeting: Meeting, by: AnyUser, slot: MeetingSlot) -> Meeting:
    """Answer with another slot (the side asked only): the slot moves, and the other side answers next."""
    account = require_answerer(meeting, by)
    if meeting.slot_id is None:
        raise ValidationError({"slot": gettext("This meeting is at times of its own; propose another time.")})
    if slot.event_id != meeting.event_id:
        raise ValidationError({"slot": gettext("Choose one of this event's meeting slots.")})
    if slot.pk == meeting.slot_id:
        raise ValidationError({"slot": gettext("Choose a slot other than the one proposed.")})
    _require_future(slot)
    for person in (meeting.requester, meeting.invitee):
        if person is None:
            continue
        profile = _listed(event=meeting.event, user=person)
        if profile is None or not _is_available(profile, slot):
            raise ValidationError({"slot": gettext("One of you is not available in this slot.")})
    with transaction.atomic():
        changed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PENDING, slot=meeting.slot_id).update(
            slot=slot,
            # The other side answers next: the requester when the invitee (or booth) proposed, else the invitee.
            awaiting=meeting.requester if account.pk != meeting.requester_id else meeting.invitee,
        )
        if not changed:
            raise ValidationError({"__all__": gettext("This meeting has changed meanwhile; reload the page.")})
        SlotHold.objects.filter(meeting=meeting).delete()
        meeting.refresh_from_db()
        hold_slot(meeting, slot)
        tell_parties(meeting)
        transaction.on_commit(lambda: mail_others(meeting, account, "networking/email/meeting_proposed.txt"))
    return meeting


def meetings_of(*, event: Event, user: User) -> QuerySet[Meeting]:
    """The person's meetings at the event (as either side, or as staff of a booth met), drafts excluded."""
    booths = Booth.objects.filter(event=event, staff=user).values("pk")
    return (
        Meeting.objects.filter(event=event)
        .filter(Q(requester=user) | Q(invitee=user) | Q(booth__in=booths))
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("slot", "requester", "invitee", "booth", "place")
        .prefetch_related("proposed_times")
        .order_by("slot__starts_at", "starts_at", "pk")
    )


# --- E-mails ------------------------------------------------------------------------------------


def _people(meeting: Meeting) -> list[User]:
    people = [meeting.requester]
    if meeting.invitee is not None:
        people.append(meeting.invitee)
    elif meeting.booth is not None:
        people += list(meeting.booth.staff.filter(is_active=True).order_by("pk"))
    return people


def _mail(meeting: Meeting, to: User, template: str, *, with_calendar: bool = False) -> None:
    event = meeting.event
    with translation.override(language_of(to)):
        context = {
            "meeting": meeting,
            "event": event,
            "event_name": text_of(event.name),
            "with_name": other_side_name(meeting, to),
            "when": when_text(meeting, [event.time_zone, meeting.time_zone, to.time_zone]),
            "where": location_of(meeting),
            "url": meeting_url(meeting),
        }
        attachments = [("meeting.ics", meeting_calendar(meeting, to), "text/calendar")] if with_calendar else []
    send_event_mail(to=to, template=template, context=context, attachments=attachments)


def mail_answerers(meeting: Meeting, template: str) -> None:
    for person in _people(meeting):
        if must_answer(meeting=meeting, user=person):
            _mail(meeting, person, template)


def mail_accepted(meeting: Meeting) -> None:
    """Tell both sides of an agreed meeting, with the meeting as .ics."""
    _mail_both(meeting, "networking/email/meeting_accepted.txt", with_calendar=True)


def _mail_both(meeting: Meeting, template: str, *, with_calendar: bool = False) -> None:
    for person in _people(meeting):
        _mail(meeting, person, template, with_calendar=with_calendar)


def mail_others(meeting: Meeting, actor: User, template: str) -> None:
    for person in _people(meeting):
        if person.pk != actor.pk:
            _mail(meeting, person, template)


def meeting_calendar(meeting: Meeting, reader: User) -> bytes:
    """The meeting as an iCalendar document for ``reader`` (texts in the current language)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(calendar_entry(meeting, reader))
    return calendar.to_ical()


def calendar_entry(meeting: Meeting, reader: User) -> icalendar.Event:
    return entry_component(entry_of(meeting, reader), stamp=timezone.now(), site_url=settings.PAVILION_SITE_URL)
