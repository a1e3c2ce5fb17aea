"""The organisers' side of networking: the matching pass (a draft to review, then published) and figures.

The matching pass pairs listed participants by fit (``matching.fit_between``), most complementary
first, and gives each pair the earliest future slot both marked available, neither holds, and a
place is free in. Nothing is booked until the organiser publishes the draft; publishing takes the
slots through the same holds as requests, so a slot taken meanwhile drops that draft meeting (counted)
instead of double booking anyone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries

from pavilion.accreditation.models import Registration
from pavilion.core.charts import Chart
from pavilion.events.access import AnyUser, is_organiser
from pavilion.events.models import Event
from pavilion.networking.matching import Fit, fit_between, hidden_pairs
from pavilion.networking.meetings import hold_slot, mail_accepted, tell_parties
from pavilion.networking.models import (
    Meeting,
    MeetingPlace,
    MeetingSlot,
    MeetingStatus,
    NetworkingProfile,
    NetworkingSettings,
    PlaceKind,
    SlotHold,
    SlotLength,
)
from pavilion.networking.profiles import entries_for, interests_of, listed_profiles

#: Meetings one person gets from one matching pass at most.
MAX_MATCHED_PER_PERSON = 3


def require_organiser(*, event: Event, user: AnyUser) -> None:
    if not is_organiser(event=event, user=user):
        raise PermissionDenied(gettext("Only the event's organisers may do this."))


def set_open_request_cap(*, event: Event, by: AnyUser, cap: int) -> NetworkingSettings:
    """How many of their own requests a participant may have waiting at once (1 to 50; 5 by default).

    Requests already waiting stay when the cap is lowered; new ones wait until the person is under it.
    """
    require_organiser(event=event, user=by)
    chosen = NetworkingSettings.objects.filter(event=event).first() or NetworkingSettings(event=event)
    chosen.max_open_requests = cap
    chosen.full_clean()
    chosen.save()
    return chosen


def draft_matches(*, event: Event, by: AnyUser, reason_prefix: str = "") -> list[Meeting]:
    """Replace the event's draft with a new matching pass; returns the draft meetings."""
    require_organiser(event=event, user=by)
    with transaction.atomic():
        Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).delete()
        profiles = listed_profiles(event=event)
        shown = {entry.user_id for entry in entries_for(event=event, profiles=profiles)}
        profiles = [profile for profile in profiles if profile.user_id in shown]
        pairs = _ranked_pairs(event, profiles)
        slots = list(MeetingSlot.objects.filter(event=event, starts_at__gt=timezone.now()).order_by("starts_at"))
        available = {profile.user_id: set(profile.available_slots.values_list("pk", flat=True)) for profile in profiles}
        busy: set[tuple[int, int]] = set(
            SlotHold.objects.filter(slot__event=event, user__isnull=False).values_list("user_id", "slot_id")
        )
        places = list(MeetingPlace.objects.filter(event=event).exclude(kind=PlaceKind.BOOTH).order_by("position", "pk"))
        used_places: set[tuple[int, int]] = set(
            Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED, place__isnull=False).values_list(
                "slot_id", "place_id"
            )
        )
        counts: Counter[int] = Counter()
        drafts = []
        for first, second, fit in pairs:
            if counts[first.user_id] >= MAX_MATCHED_PER_PERSON or counts[second.user_id] >= MAX_MATCHED_PER_PERSON:
                continue
            for slot in slots:
                if slot.pk not in available[first.user_id] or slot.pk not in available[second.user_id]:
                    continue
                if (first.user_id, slot.pk) in busy or (second.user_id, slot.pk) in busy:
                    continue
                place = next((p for p in places if (slot.pk, p.pk) not in used_places), None)
                if places and place is None:
                    continue
                drafts.append(
                    Meeting(
                        event=event,
                        slot=slot,
                        requester=first.user,
                        invitee=second.user,
                        reason=(reason_prefix + fit.reason_text)[:500],
                        status=MeetingStatus.DRAFT,
                        place=place,
                        scheduled_by_organisers=True,
                    )
                )
                busy |= {(first.user_id, slot.pk), (second.user_id, slot.pk)}
                if place is not None:
                    used_places.add((slot.pk, place.pk))
                counts.update([first.user_id, second.user_id])
                break
        Meeting.objects.bulk_create(drafts)
    return list(
        Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).select_related(
            "slot", "place", "requester", "invitee"
        )
    )


def _ranked_pairs(
    event: Event, profiles: list[NetworkingProfile]
) -> list[tuple[NetworkingProfile, NetworkingProfile, Fit]]:
    """Pairs of listed people with a fit, best first, without those hidden or already meeting."""
    hidden = hidden_pairs(event=event)
    meeting = {
        frozenset(row)
        for row in Meeting.objects.filter(
            event=event, status__in=[MeetingStatus.PENDING, MeetingStatus.ACCEPTED], invitee__isnull=False
        ).values_list("requester_id", "invitee_id")
    }
    interests = {profile.user_id: interests_of(profile) for profile in profiles}
    pairs = []
    ordered = sorted(profiles, key=lambda profile: profile.user_id)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            key = frozenset({first.user_id, second.user_id})
            if key in hidden or key in meeting:
                continue
            fit = fit_between(interests[first.user_id], interests[second.user_id])
            if fit:
                pairs.append((first, second, fit))
    pairs.sort(key=lambda item: (tuple(-n for n in item[2].rank), item[0].user_id, item[1].user_id))
    return pairs


@dataclass(frozen=True)
class Published:
    published: int
    dropped: int


def publish_drafts(*, event: Event, by: AnyUser) -> Published:
    """Book every draft meeting (accepted, both told by e-mail); drafts whose slot or place was taken
    meanwhile are dropped and counted."""
    require_organiser(event=event, user=by)
    published = dropped = 0
    for meeting in (
        Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).select_related("slot").order_by("pk")
    ):
        slot = meeting.slot
        if slot is None:  # drafts always have a slot (the matching pass gives one)
            continue
        try:
            with transaction.atomic():
                MeetingSlot.objects.select_for_update().get(pk=slot.pk)
                if slot.starts_at <= timezone.now():
                    raise ValidationError("past")
                hold_slot(meeting, slot)
                taken = (
                    meeting.place_id is not None
                    and Meeting.objects.filter(
                        slot=meeting.slot_id, place=meeting.place_id, status=MeetingStatus.ACCEPTED
                    ).exists()
                )
                if taken:
                    raise ValidationError("place taken")
                Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.ACCEPTED, decided_at=timezone.now())
                meeting.status = MeetingStatus.ACCEPTED
                tell_parties(meeting)
                transaction.on_commit(partial(mail_accepted, meeting))
            published += 1
        except ValidationError:
            meeting.delete()
            dropped += 1
    return Published(published=published, dropped=dropped)


def discard_draft(*, meeting: Meeting, by: AnyUser) -> None:
    """Take one meeting out of the draft before publishing."""
    require_organiser(event=meeting.event, user=by)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError({"__all__": gettext("Only draft meetings can be taken out of the draft.")})
    meeting.delete()


# --- Figures -------------------------------------------------------------------------------------


def networking_charts(*, event: Event) -> list[Chart]:
    """Requests by status, the acceptance rate, and meetings held per country or economy."""
    meetings = Meeting.objects.filter(event=event).exclude(status=MeetingStatus.DRAFT)
    by_status = Counter(meetings.values_list("status", flat=True))
    answered = by_status[MeetingStatus.ACCEPTED] + by_status[MeetingStatus.DECLINED]
    rate = round(100 * by_status[MeetingStatus.ACCEPTED] / answered) if answered else 0
    now = timezone.now()
    held = meetings.filter(status=MeetingStatus.ACCEPTED).filter(Q(slot__starts_at__lte=now) | Q(starts_at__lte=now))
    people = [person for pair in held.values_list("requester_id", "invitee_id") for person in pair if person]
    country_of = dict(
        Registration.objects.filter(event=event, user_id__in=set(people))
        .exclude(country="")
        .values_list("user_id", "country")
    )
    per_country: Counter[str] = Counter()
    for person in people:
        code = country_of.get(person, "")
        per_country[str(countries.name(code)) if code else gettext("Not given")] += 1
    statuses = [status for status in MeetingStatus if status != MeetingStatus.DRAFT]
    return [
        Chart(
            slug="meeting-requests",
            title=gettext("Meeting requests by status"),
            description=gettext(
                "Requests participants made, and meetings the organisers scheduled, by where they stand now."
            ),
            columns=(gettext("Status"), gettext("Meetings")),
            rows=[(str(status.label), by_status[status]) for status in statuses],
        ),
        Chart(
            slug="meeting-acceptance",
            title=gettext("Acceptance rate"),
            description=gettext("Of the requests answered, the percentage accepted."),
            columns=(gettext("Answer"), gettext("Percent")),
            rows=[(gettext("Accepted"), rate), (gettext("Declined"), 100 - rate if answered else 0)],
        ),
        Chart(
            slug="meetings-country",
            title=gettext("Meetings held per country or economy"),
            description=gettext(
                "Each participant of a meeting that has begun counts once for their delegation's country or economy."
            ),
            columns=(gettext("Country or economy"), gettext("Participants in meetings")),
            rows=sorted(per_country.items(), key=lambda item: (-item[1], item[0])),
        ),
    ]


# --- Slots and places ------------------------------------------------------------------------------

#: Slots one series may open at most (a day of 15-minute slots is 96).
MAX_SLOTS_PER_SERIES = 200


def open_slots(*, event: Event, by: AnyUser, starts_at: datetime, ends_at: datetime, length: int) -> int:
    """Open back-to-back slots of ``length`` minutes from ``starts_at`` until ``ends_at``; slots that
    exist already (same start) are kept. Returns how many were added."""
    require_organiser(event=event, user=by)
    if length not in SlotLength.values:
        raise ValidationError({"length": gettext("Choose 15, 20 or 30 minutes.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": gettext("The last slot must end after the first one starts.")})
    starts = []
    moment = starts_at
    while moment + timedelta(minutes=length) <= ends_at:
        starts.append(moment)
        moment += timedelta(minutes=length)
    if not starts:
        raise ValidationError({"ends_at": gettext("No whole slot fits between these times.")})
    if len(starts) > MAX_SLOTS_PER_SERIES:
        raise ValidationError(
            {"ends_at": gettext("Open at most %(limit)d slots at once.") % {"limit": MAX_SLOTS_PER_SERIES}}
        )
    existing = set(MeetingSlot.objects.filter(event=event, starts_at__in=starts).values_list("starts_at", flat=True))
    new = [MeetingSlot(event=event, starts_at=start, length=length) for start in starts if start not in existing]
    MeetingSlot.objects.bulk_create(new)
    return len(new)


def remove_slot(*, slot: MeetingSlot, by: AnyUser) -> None:
    """Remove a slot nobody has a meeting in (drafts included)."""
    require_organiser(event=slot.event, user=by)
    if slot.meetings.exists():
        raise ValidationError({"__all__": gettext("Meetings use this slot; it cannot be removed.")})
    slot.delete()


def add_place(*, event: Event, by: AnyUser, name: str, kind: str, video_url: str = "") -> MeetingPlace:
    require_organiser(event=event, user=by)
    if kind not in (PlaceKind.TABLE, PlaceKind.VIRTUAL):
        raise ValidationError({"kind": gettext("Choose a table or a virtual room.")})
    if kind == PlaceKind.VIRTUAL and not video_url.startswith("https://"):
        raise ValidationError({"video_url": gettext("A virtual room needs its https:// address.")})
    position = MeetingPlace.objects.filter(event=event).count()
    return MeetingPlace.objects.create(
        event=event, name=name.strip(), kind=kind, video_url=video_url, position=position
    )


def remove_place(*, place: MeetingPlace, by: AnyUser) -> None:
    """Remove a place; meetings held there keep their slot and are then "to be agreed"."""
    require_organiser(event=place.event, user=by)
    place.delete()
