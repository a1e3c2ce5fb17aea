"""Interpretation on the live layer: the ``interpretation`` part of ``session:<id>`` (channels and their
on-air status) and the interpreters' own chat on ``interpreters:<session id>``.

Snapshot ``data.interpretation`` on ``session:<id>``::

    {"channels": [{"key": "fr:audio", "url": "https://…"}],  # the channels offered now, the floor aside
     "on_air": ["fr:audio"],          # the session's channels on air now (events.channels keys)
     "interpreting": ["fr:audio"]}    # the channels this viewer may put on and off air ([] for listeners)

Events: ``{"interpretation": {"channel": "fr:audio", "on_air": true}}`` (a channel went on or off air)
and ``{"interpretation": {"channels": [...]}}`` (the session's channels changed: its own, or its
room's; the whole list, built once per change, the same bytes for every listener). The command
``interpretation.on_air`` ``{"channel": "fr:audio", "on": true}`` runs ``services.set_on_air``, which
checks again who may.

``interpreters:<session id>``: only the booth team may follow it (team.py); snapshot
``data.interpreters`` ``{"messages": [{"id", "author", "author_id", "text", "at"}, …]}`` (the last 50,
oldest first), event ``{"interpreters": {"added": line}}``, command ``interpreters.send``
``{"text": "…"}`` answered ``{"id"}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.events.lifecycle import has_ended
from pavilion.events.live import session_of
from pavilion.events.models import Event, InterpretationChannel, Session, SessionSpeaker, Speaker
from pavilion.interpretation import services, team
from pavilion.interpretation.models import Interpreter
from pavilion.live.registry import registry
from pavilion.live.revocation import recheck_access
from pavilion.live.schemas import Command


class SetOnAir(Command):
    channel: str = Field(min_length=4, max_length=24, strict=True)
    on: bool = Field(strict=True)


class SendLine(Command):
    text: str = Field(max_length=MAX_MESSAGE_LENGTH, strict=True)


@registry.snapshot_part("session", "interpretation")
def interpretation_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """What each viewer sees of the channels and their status: a fixed number of queries for the whole batch."""
    session = session_of(key)
    channels = services.interpretation_channels(session=session)
    offered = services.channels_data(channels)
    keys = [channel.key for channel in channels]
    on_air = services.on_air(session=session, keys=keys)
    ids = [viewer.pk for viewer in viewers if viewer is not None]
    team_ids = set(session.event.organising_team.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    organisers = team_ids | {viewer.pk for viewer in viewers if viewer is not None and viewer.is_superuser}
    assigned: dict[int, set[str]] = {}
    if ids:
        rows = Interpreter.objects.filter(session=session, user_id__in=ids).values_list("user_id", "language", "kind")
        for user_id, language, kind in rows:
            assigned.setdefault(user_id, set()).add(f"{language}:{kind}")
    parts = []
    for viewer in viewers:
        if viewer is None:
            mine: list[str] = []
        elif viewer.pk in organisers:
            mine = keys
        else:
            mine = [channel for channel in keys if channel in assigned.get(viewer.pk, set())]
        parts.append({"channels": offered, "on_air": on_air, "interpreting": mine})
    return parts


@registry.command("interpretation.on_air", topic_kinds={"session"}, schema=SetOnAir)
def set_on_air(*, user: User, key: int, data: SetOnAir) -> dict[str, bool]:
    changed = services.set_on_air(session=session_of(key), by=user, channel=data.channel, on=data.on)
    return {"changed": changed}


# --- A room's channels changed: its sessions' listeners hear of it --------------------------------------


def _room_channel_changed(sender: Any, instance: InterpretationChannel, **kwargs: Any) -> None:
    """One event per session of the room still to come or running (an ended session has no live page)."""
    for session in Session.objects.filter(room_id=instance.room_id).only("pk", "ends_at"):
        if not has_ended(session):
            services.publish_channels(session_id=session.pk)


post_save.connect(_room_channel_changed, sender=InterpretationChannel, dispatch_uid="pavilion.interpretation.room_ch")
post_delete.connect(_room_channel_changed, sender=InterpretationChannel, dispatch_uid="pavilion.interpretation.room_cd")


# --- The interpreters' chat ------------------------------------------------------------------------------


def _may_follow_team(user: User | None, key: int) -> bool:
    return _may_follow_team_many([user], key)[0]


def _may_follow_team_many(users: Sequence[User | None], key: int) -> list[bool]:
    session = Session.objects.select_related("event").filter(pk=key).first()
    if session is None:
        return [False] * len(users)
    return team.on_team(session=session, users=users)


registry.topic_kind("interpreters", authorize=_may_follow_team, authorize_many=_may_follow_team_many)


@registry.snapshot_part("interpreters", "interpreters")
def team_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """Everyone admitted to the topic reads the same lines."""
    lines = [team.line_data(line) for line in team.recent_lines(session=session_of(key))]
    return [{"messages": lines}] * len(viewers)


@registry.command("interpreters.send", topic_kinds={"interpreters"}, schema=SendLine)
def send_line(*, user: User, key: int, data: SendLine) -> dict[str, int]:
    line = team.post_line(session=session_of(key), by=user, text=data.text)
    return {"id": line.pk}


def _recheck_team(session_ids: Iterable[int]) -> None:
    topics = [team.team_topic(pk) for pk in session_ids]
    if topics:
        recheck_access(topics=topics)


def _interpreter_removed(sender: Any, instance: Interpreter, **kwargs: Any) -> None:
    _recheck_team([instance.session_id])


def _speaker_changed(sender: Any, instance: SessionSpeaker, created: bool = False, **kwargs: Any) -> None:
    """A chair unlinked or given another role: no longer on the team (a new row adds, takes nothing away)."""
    if not created:
        _recheck_team([instance.session_id])


def _speaker_profile_changed(sender: Any, instance: Speaker, created: bool = False, **kwargs: Any) -> None:
    """A speaker profile linked to another account (or none): its sessions' teams are authorised again."""
    if not created:
        _recheck_team(SessionSpeaker.objects.filter(speaker=instance).values_list("session_id", flat=True))


def _session_or_event_changed(sender: Any, instance: Session | Event, created: bool = False, **kwargs: Any) -> None:
    """Access level, invitees, organising team: the team's subscriptions are authorised again."""
    if created:
        return
    if isinstance(instance, Session):
        _recheck_team([instance.pk])
    else:
        _recheck_team(Session.objects.filter(event=instance).values_list("pk", flat=True))


def _m2m_removed(sender: Any, instance: Session | Event, action: str, **kwargs: Any) -> None:
    if action in ("post_remove", "post_clear"):
        _session_or_event_changed(sender, instance)


post_delete.connect(_interpreter_removed, sender=Interpreter, dispatch_uid="pavilion.interpretation.team_interpreter")
post_save.connect(_speaker_changed, sender=SessionSpeaker, dispatch_uid="pavilion.interpretation.team_speaker")
post_delete.connect(_speaker_changed, sender=SessionSpeaker, dispatch_uid="pavilion.interpretation.team_speaker_del")
post_save.connect(_speaker_profile_changed, sender=Speaker, dispatch_uid="pavilion.interpretation.team_profile")
post_save.connect(_session_or_event_changed, sender=Session, dispatch_uid="pavilion.interpretation.team_session")
post_save.connect(_session_or_event_changed, sender=Event, dispatch_uid="pavilion.interpretation.team_event")
m2m_changed.connect(
    _m2m_removed, sender=Event.organising_team.through, dispatch_uid="pavilion.interpretation.team_organisers"
)
m2m_changed.connect(_m2m_removed, sender=Session.invitees.through, dispatch_uid="pavilion.interpretation.team_invitees")
