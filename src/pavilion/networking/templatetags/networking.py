"""What the booth page's networking panel needs to know (exhibition.booth_panels)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from pavilion.events.access import AnyUser
from pavilion.exhibition.models import Booth
from pavilion.networking.access import may_network
from pavilion.networking.models import BoothInterests, NetworkingProfile

register = template.Library()


@dataclass(frozen=True)
class BoothMeetingOffer:
    is_listed: bool  # the viewer is in the directory (else they are asked to join first)


@register.simple_tag
def booth_meeting_offer(booth: Booth, user: AnyUser) -> BoothMeetingOffer | None:
    """Whether to offer the viewer a meeting slot with this booth: None for signed-out visitors, people
    outside the event's networking and booths that take no requests."""
    if user is None or not user.is_authenticated or not booth.is_published:
        return None
    if not BoothInterests.objects.filter(booth=booth, accepts_meetings=True).exists():
        return None
    if not may_network(event=booth.event, user=user):
        return None
    listed = NetworkingProfile.objects.filter(event=booth.event_id, user=user.pk, is_listed=True).exists()
    return BoothMeetingOffer(is_listed=listed)
