"""An event's delegation list "the members of its programme" (directory/memberships.py): the member
countries and economies of every programme the event is a meeting of (their union when several)."""

from __future__ import annotations

from pavilion.directory.memberships import Membership as MembershipList
from pavilion.directory.memberships import event_membership_list
from pavilion.events.models import Event
from pavilion.programmes.models import Membership


@event_membership_list(MembershipList.PROGRAMME)
def programme_member_codes(event: Event) -> frozenset[str]:
    """The member countries and economies of the event's programmes; none before the event is saved."""
    if event.pk is None:
        return frozenset()
    members = Membership.objects.filter(programme__programme_meetings__event=event).exclude(country="")
    return frozenset(str(code) for code in members.values_list("country", flat=True))
