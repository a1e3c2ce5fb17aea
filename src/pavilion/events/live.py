"""Live topics of events: ``event:<id>`` and ``session:<id>``, open to whoever may see them."""

from __future__ import annotations

from pavilion.accounts.models import User
from pavilion.events.access import viewer_for, visible_events, visible_sessions
from pavilion.events.models import Event, Session
from pavilion.live.registry import registry


def may_follow_event(user: User | None, key: int) -> bool:
    return visible_events(user=user).filter(pk=key).exists()


def may_follow_session(user: User | None, key: int) -> bool:
    session = Session.objects.select_related("event").filter(pk=key).first()
    if session is None or not may_follow_event(user, session.event_id):
        return False
    viewer = viewer_for(event=session.event, user=user)
    return visible_sessions(event=session.event, viewer=viewer).filter(pk=key).exists()


registry.topic_kind("event", authorize=may_follow_event)
registry.topic_kind("session", authorize=may_follow_session)


@registry.snapshot_part("event", "event")
def event_snapshot(user: User | None, key: int) -> dict[str, object]:
    event = Event.objects.get(pk=key)
    return {"id": event.pk, "slug": event.slug}


@registry.snapshot_part("session", "session")
def session_snapshot(user: User | None, key: int) -> dict[str, object]:
    session = Session.objects.select_related("event").get(pk=key)
    return {"id": session.pk, "slug": session.slug, "event": session.event.slug}
