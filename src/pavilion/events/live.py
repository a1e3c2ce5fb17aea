"""Live topics of events: ``event:<id>`` and ``session:<id>``, open to whoever may see them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models.signals import m2m_changed, post_save

from pavilion.accounts.models import User
from pavilion.events.access import session_open_to, viewers_for, visible_events
from pavilion.events.attendance import keep_sample
from pavilion.events.models import Event, Session
from pavilion.live.registry import registry
from pavilion.live.revocation import recheck_access


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


def _event_changed(sender: Any, instance: Event, created: bool = False, **kwargs: Any) -> None:
    """Published, access, organising team: whoever follows the event or its sessions is authorised again."""
    if not created:
        sessions = Session.objects.filter(event=instance).values_list("pk", flat=True)
        recheck_access(topics=[f"event:{instance.pk}", *(f"session:{pk}" for pk in sessions)])


def _session_changed(sender: Any, instance: Session, created: bool = False, **kwargs: Any) -> None:
    """Its access level or its invitees (live/revocation.py): a subscriber it no longer admits is told."""
    if not created:
        recheck_access(topics=[f"session:{instance.pk}"])


def _team_changed(sender: Any, instance: Event, action: str, **kwargs: Any) -> None:
    if action in ("post_remove", "post_clear"):
        _event_changed(sender, instance)


def _invitees_changed(sender: Any, instance: Session, action: str, **kwargs: Any) -> None:
    if action in ("post_remove", "post_clear"):
        _session_changed(sender, instance)


post_save.connect(_event_changed, sender=Event, dispatch_uid="pavilion.events.live.event_changed")
post_save.connect(_session_changed, sender=Session, dispatch_uid="pavilion.events.live.session_changed")
m2m_changed.connect(_team_changed, sender=Event.organising_team.through, dispatch_uid="pavilion.events.live.team")
m2m_changed.connect(_invitees_changed, sender=Session.invitees.through, dispatch_uid="pavilion.events.live.invitees")


@registry.snapshot_part("event", "event")
def event_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, object]]:
    event = Event.objects.get(pk=key)
    return [{"id": event.pk, "slug": event.slug}] * len(viewers)


@registry.snapshot_part("session", "session")
def session_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, object]]:
    session = Session.objects.select_related("event").get(pk=key)
    return [{"id": session.pk, "slug": session.slug, "event": session.event.slug}] * len(viewers)
