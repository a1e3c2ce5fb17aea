"""Visitors who asked a booth for a meeting reach "My meetings" from their profile (accounts.links)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from pavilion.accounts.links import ProfileLink, profile_links
from pavilion.accounts.models import User
from pavilion.events.models import Event


@profile_links
def my_meetings_links(user: User) -> list[ProfileLink]:
    """One link per event where this person asked a booth for a meeting."""
    events = Event.objects.filter(meetings__requester=user, meetings__booth__isnull=False).distinct()
    return [
        ProfileLink(
            label=_("My meetings"),
            url=reverse("networking:meetings", kwargs={"event_slug": event.slug}),
            context=str(event.name),
        )
        for event in events.order_by("-start_date", "slug")
    ]
