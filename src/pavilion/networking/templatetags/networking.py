"""What the booth page's networking panel needs to know (exhibition.booth_panels)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from pavilion.events.access import AnyUser
from pavilion.exhibition.models import Booth
from pavilion.networking import booth_times
from pavilion.networking.access import may_network
from pavilion.networking.models import BoothInterests, Meeting, MeetingStatus, NetworkingProfile

register = template.Library()


@dataclass(frozen=True)
class BoothMeetingOffer:
    is_staff: bool  # the viewer answers for the booth: a link to its requests instead of a form
    waiting: int  # the staff's requests to answer
    in_slots: bool  # the viewer may ask for one of the event's slots (an approved participant) …
    is_listed: bool  # … and is in the directory (else they are asked to join first)
    at_own_times: bool  # the viewer may propose times of their own


@register.simple_tag
def booth_meeting_offer(booth: Booth, user: AnyUser) -> BoothMeetingOffer | None:
    """How the viewer may meet this booth: None for signed-out visitors and booths that take no requests."""
    if user is None or not user.is_authenticated or not booth.is_published:
        return None
    if booth.staff.filter(pk=user.pk).exists():
        waiting = Meeting.objects.filter(booth=booth, status=MeetingStatus.PENDING, awaiting__isnull=True).count()
        return BoothMeetingOffer(is_staff=True, waiting=waiting, in_slots=False, is_listed=False, at_own_times=False)
    if not booth_times.takes_requests(booth):
        return None
    in_slots = (
        BoothInterests.objects.filter(booth=booth, accepts_meetings=True).exists()
        and booth.event.meeting_slots.filter(starts_at__gt=timezone.now()).exists()
        and may_network(event=booth.event, user=user)
    )
    listed = in_slots and NetworkingProfile.objects.filter(event=booth.event_id, user=user.pk, is_listed=True).exists()
    return BoothMeetingOffer(is_staff=False, waiting=0, in_slots=in_slots, is_listed=listed, at_own_times=True)
