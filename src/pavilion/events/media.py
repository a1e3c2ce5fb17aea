"""Who may fetch an event's uploaded files (core/media.py): its logo, its banner and its speakers'
photos are public once the event is published; before that, only its organisers fetch them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pavilion.core.media import Audience, media_rule
from pavilion.events.access import is_organiser
from pavilion.events.models import Event


@media_rule("events/")
def event_file_audience(name: str, user: Any) -> Audience:
    event = (
        Event.objects.filter(Q(logo=name) | Q(banner=name)).first()
        or Event.objects.filter(speakers__photo=name).distinct().first()
    )
    if event is None:
        return Audience.NOBODY
    if event.is_published:
        return Audience.EVERYONE
    return Audience.THIS_PERSON if is_organiser(event=event, user=user) else Audience.NOBODY
