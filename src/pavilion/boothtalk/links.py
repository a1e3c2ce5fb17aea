"""Visitors reach "My contacts and meetings" from their profile (accounts.links), not only from booths."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pavilion.accounts.links import ProfileLink, profile_links
from pavilion.accounts.models import User
from pavilion.events.models import Event


@profile_links
def my_contacts_links(user: User) -> list[ProfileLink]:
    """One link per event where this person left a contact or talked with a booth."""
    events = (
        Event.objects.filter(Q(booths__contact_requests__visitor=user) | Q(booths__conversations__visitor=user))
        .distinct()
        .order_by("-start_date", "slug")
    )
    return [
        ProfileLink(
            label=_("My contacts and meetings"),
            url=reverse("boothtalk:my_contacts", kwargs={"event_slug": event.slug}),
            context=str(event.name),
        )
        for event in events
    ]
