"""The floor on the ``session:<id>`` topic: the ``floor`` snapshot part and the ``floor.*`` commands.

The gateway has already checked that the user may follow the session; the services check again
(and check who chairs), so the live door enforces exactly what the page's forms do.

Snapshot ``data.floor``::

    {"queue": [entry, ...],          # the list of speakers, in protocol order then time of request
     "speaker": entry | None,         # who has the floor now (entry + "started_at")
     "timer": {"limit": seconds, "running": bool, "elapsed_ms": int,
               "started_at": ISO | None, "started_at_ms": epoch ms | None},
     "is_chair": bool, "can_request": bool,
     "mine": {"id", "status": "waiting" | "speaking", "position": int | None} | None,
     "now": epoch ms}                 # the server's clock, to correct the client's

    entry = {"id", "user_id", "name", "delegation": {language: name}, "function", "requested_at"}

Event ``{"floor": {"state": {"queue", "speaker", "timer"}}}``: the whole public state after a
change; clients replace those three keys and work ``mine`` out again from ``user_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.events.access import session_open_to, viewers_for
from pavilion.events.live import session_of as _session
from pavilion.events.roles import moderating_account_ids
from pavilion.floor import services
from pavilion.floor.models import MAX_SPEAKING_TIME, MIN_SPEAKING_TIME, FloorRequest
from pavilion.live.registry import registry
from pavilion.live.schemas import Command, Id


class NoData(Command):
    """floor.request, floor.withdraw, floor.next and floor.end take nothing: ``{}``."""


class GiveFloor(Command):
    id: Id


class SpeakingTime(Command):
    seconds: int = Field(ge=MIN_SPEAKING_TIME, le=MAX_SPEAKING_TIME, strict=True)


class TimerAction(Command):
    action: Literal["restart", "pause", "resume"]


@registry.snapshot_part("session", "floor")
def floor_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """What ``services.viewer_state`` gives each viewer: the public state once, the rest in four queries."""
    session = _session(key)
    public = services.state(session=session)
    moderators = moderating_account_ids(session=session)
    # May request the floor: sees the session and holds an approved registration (services.may_request).
    people = viewers_for(event=session.event, users=viewers)
    open_to = session_open_to(session=session, viewers=people)
    now = services.epoch_ms(timezone.now())
    parts = []
    for viewer, person, visible in zip(viewers, people, open_to, strict=True):
        parts.append(
            {
                **public,
                "is_chair": viewer is not None and viewer.pk in moderators,
                "can_request": visible and person.is_registered,
                "mine": services.mine(public, user_id=viewer.pk if viewer is not None else None),
                "now": now,
            }
        )
    return parts


@registry.command("floor.request", topic_kinds={"session"}, schema=NoData)
def request(*, user: User, key: int, data: NoData) -> dict[str, int]:
    floor_request = services.request_floor(session=_session(key), by=user)
    return {"id": floor_request.pk}


@registry.command("floor.withdraw", topic_kinds={"session"}, schema=NoData)
def withdraw(*, user: User, key: int, data: NoData) -> dict[str, int]:
    floor_request = services.withdraw(session=_session(key), by=user)
    return {"id": floor_request.pk}


@registry.command("floor.give", topic_kinds={"session"}, schema=GiveFloor)
def give(*, user: User, key: int, data: GiveFloor) -> dict[str, int]:
    session = _session(key)
    services.require_chair(session=session, user=user)  # before saying which requests exist
    requests = FloorRequest.objects.select_related("session__event")
    floor_request = requests.filter(pk=data.id, session=session).first()
    if floor_request is None:
        raise ValidationError({"id": gettext("There is no such request in this session.")})
    services.give_floor(request=floor_request, by=user)
    return {"id": data.id}


@registry.command("floor.next", topic_kinds={"session"}, schema=NoData)
def next_(*, user: User, key: int, data: NoData) -> dict[str, int | None]:
    speaker = services.next_speaker(session=_session(key), by=user)
    return {"id": speaker.pk if speaker is not None else None}


@registry.command("floor.end", topic_kinds={"session"}, schema=NoData)
def end(*, user: User, key: int, data: NoData) -> dict[str, int]:
    ended = services.end_turn(session=_session(key), by=user)
    return {"id": ended.pk}


@registry.command("floor.set_time", topic_kinds={"session"}, schema=SpeakingTime)
def set_time(*, user: User, key: int, data: SpeakingTime) -> dict[str, int]:
    floor = services.set_speaking_time(session=_session(key), by=user, seconds=data.seconds)
    return {"seconds": floor.speaking_time}


@registry.command("floor.timer", topic_kinds={"session"}, schema=TimerAction)
def timer(*, user: User, key: int, data: TimerAction) -> dict[str, str]:
    actions = {
        "restart": services.restart_timer,
        "pause": services.pause_timer,
        "resume": services.resume_timer,
    }
    actions[data.action](session=_session(key), by=user)
    return {"action": data.action}
