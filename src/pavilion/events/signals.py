"""Keep the public schedule cache honest: every change to an event's schedule bumps its version."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from pavilion.core.public_cache import bump_public_version
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, InterpretationChannel, Room, Session, SessionSpeaker, Speaker, SubGroup, Track


def _event_id(instance: Any) -> int | None:
    if isinstance(instance, Event):
        return instance.pk
    if isinstance(instance, SessionSpeaker | InterpretationChannel):
        owner = instance.session if isinstance(instance, SessionSpeaker) else instance.room
        return owner.event_id
    return getattr(instance, "event_id", None)


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    event_id = _event_id(instance)
    if event_id is not None:
        bump_public_version(event_id)


def _organisation_changed(sender: type, instance: Organisation, **kwargs: Any) -> None:
    """Event pages and JSON show organisers' names; renaming one retires the cached copies."""
    for event_id in instance.organised_events.values_list("pk", flat=True):
        bump_public_version(event_id)


def connect() -> None:
    post_save.connect(_organisation_changed, sender=Organisation, dispatch_uid="schedule-cache-organisation")
    for model in (Event, Session, SubGroup, Track, Room, InterpretationChannel, Speaker, SessionSpeaker):
        post_save.connect(_changed, sender=model, dispatch_uid=f"schedule-cache-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"schedule-cache-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=Event.organising_bodies.through, dispatch_uid="schedule-cache-organisers")
