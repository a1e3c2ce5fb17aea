"""Exhibitor staff reach "My booths" from their profile (accounts.links)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from pavilion.accounts.links import ProfileLink, profile_links
from pavilion.accounts.models import User
from pavilion.events.models import Event


@profile_links
def my_booths_links(user: User) -> list[ProfileLink]:
    """One "My booths" link per event where this person staffs a booth (drafts included)."""
    events = Event.objects.filter(booths__staff=user).distinct().order_by("-start_date", "slug")
    return [
        ProfileLink(
            label=_("My booths"),
            url=reverse("exhibition:my_booths", kwargs={"event_slug": event.slug}),
            context=str(event.name),
        )
        for event in events
    ]
