"""Who may fetch an event's uploaded files (core/media.py): its logo, its banner, its speakers'
photos and the captions of its rooms' videos are public once the event is published; before that,
only its organisers fetch them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pavilion.core.media import Audience, media_rule
from pavilion.core.uploads import captions_holder
from pavilion.events.access import is_organiser
from pavilion.events.models import ROOM_CAPTIONS_FOLDER, Event, Room


def _event_of_captions(name: str) -> Event | None:
    """The event whose room gives this uploaded captions file as one of its tracks."""
    room = captions_holder(name, folder=ROOM_CAPTIONS_FOLDER, holders=Room.objects.select_related("event"))
    return room.event if room is not None else None


@media_rule("events/")
def event_file_audience(name: str, user: Any) -> Audience:
    if name.startswith(ROOM_CAPTIONS_FOLDER):
        event = _event_of_captions(name)
    else:
        event = (
            Event.objects.filter(Q(logo=name) | Q(banner=name)).first()
            or Event.objects.filter(speakers__photo=name).distinct().first()
        )
    if event is None:
        return Audience.NOBODY
    if event.is_published:
        return Audience.EVERYONE
    return Audience.THIS_PERSON if is_organiser(event=event, user=user) else Audience.NOBODY
