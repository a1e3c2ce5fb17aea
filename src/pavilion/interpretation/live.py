"""Interpretation on the ``session:<id>`` topic: the ``interpretation`` snapshot part and the
``interpretation.on_air`` command.

Snapshot ``data.interpretation``::

    {"on_air": ["fr:audio"],          # the session's channels on air now (events.channels keys)
     "interpreting": ["fr:audio"]}    # the channels this viewer may put on and off air ([] for listeners)

Event ``{"interpretation": {"channel": "fr:audio", "on_air": true}}``: a channel went on or off air.
The command ``interpretation.on_air`` ``{"channel": "fr:audio", "on": true}`` runs
``services.set_on_air``, which checks again who may.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.events.live import session_of
from pavilion.interpretation import services
from pavilion.interpretation.models import Interpreter
from pavilion.live.registry import registry
from pavilion.live.schemas import Command


class SetOnAir(Command):
    channel: str = Field(min_length=4, max_length=24, strict=True)
    on: bool = Field(strict=True)


@registry.snapshot_part("session", "interpretation")
def interpretation_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """What each viewer sees of the channels' status: a fixed number of queries for the whole batch."""
    session = session_of(key)
    keys = [channel.key for channel in services.interpretation_channels(session=session)]
    on_air = services.on_air(session=session, keys=keys)
    ids = [viewer.pk for viewer in viewers if viewer is not None]
    team = set(session.event.organising_team.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    organisers = team | {viewer.pk for viewer in viewers if viewer is not None and viewer.is_superuser}
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
        parts.append({"on_air": on_air, "interpreting": mine})
    return parts


@registry.command("interpretation.on_air", topic_kinds={"session"}, schema=SetOnAir)
def set_on_air(*, user: User, key: int, data: SetOnAir) -> dict[str, bool]:
    changed = services.set_on_air(session=session_of(key), by=user, channel=data.channel, on=data.on)
    return {"changed": changed}
