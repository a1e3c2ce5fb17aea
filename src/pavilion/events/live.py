"""Live topics of events: ``event:<id>`` and ``session:<id>``, open to whoever may see them."""

from __future__ import annotations

from collections.abc import Sequence

from pavilion.accounts.models import User
from pavilion.events.access import session_open_to, viewers_for, visible_events
from pavilion.events.attendance import keep_sample
from pavilion.events.models import Event, Session
from pavilion.live.registry import registry


def session_of(key: int) -> Session:
    """The session of a ``session:<key>`` topic, with its event (for the features' snapshot parts and commands)."""
    return Session.objects.select_related("event").get(pk=key)


def may_follow_event(user: User | None, key: int) -> bool:
    return visible_events(user=user).filter(pk=key).exists()


def may_follow_session(user: User | None, key: int) -> bool:
    return may_follow_session_many([user], key)[0]


def may_follow_session_many(users: Sequence[User | None], key: int) -> list[bool]:
    """Who of these people may follow the session: three queries however many join at once."""
    session = Session.objects.select_related("event").filter(pk=key).first()
    if session is None:
        return [False] * len(users)
    return session_open_to(session=session, viewers=viewers_for(event=session.event, users=users))


registry.topic_kind("event", authorize=may_follow_event)
registry.topic_kind("session", authorize=may_follow_session, authorize_many=may_follow_session_many, presence=True)
# Attendance over time (events/attendance.py): each process's viewers per session, once a minute.
registry.presence_sink("session")(keep_sample)


@registry.snapshot_part("event", "event")
def event_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, object]]:
    event = Event.objects.get(pk=key)
    return [{"id": event.pk, "slug": event.slug}] * len(viewers)


@registry.snapshot_part("session", "session")
def session_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, object]]:
    session = Session.objects.select_related("event").get(pk=key)
    return [{"id": session.pk, "slug": session.slug, "event": session.event.slug}] * len(viewers)
