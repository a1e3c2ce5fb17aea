"""Turns on the floor, as statements see them (the floor app, a layer above, fills this in).

A statement delivered during a turn on the floor stores the turn's id (``Statement.floor_turn_id``):
programmes sits below the session features, so it may not import the floor app nor point a foreign
key at its table. The floor app registers a source in its AppConfig.ready (``@floor_turn_source``)
that answers, for some sessions, the turns that were given; the statement form offers them and
``statements.save_statement`` checks a chosen turn against them, and the statement's page describes
the turn. Without a registered source (the floor app not installed) no turn can be chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from pavilion.events.models import Session


@dataclass(frozen=True)
class FloorTurn:
    id: int
    session_id: int
    speaker: str  # the person's name
    delegation: str  # in the current language; empty when none
    started_at: datetime  # aware: when the floor was given

    def __str__(self) -> str:
        return f"{self.speaker} ({self.delegation})" if self.delegation else self.speaker


#: The sessions → their turns that were given (speaking now or spoken), oldest first; texts in the current language.
FloorTurnSource = Callable[[list[Session]], list[FloorTurn]]
_sources: dict[str, FloorTurnSource] = {}


def floor_turn_source(name: str) -> Callable[[FloorTurnSource], FloorTurnSource]:
    """Decorator: add (or replace, by ``name``) a source of floor turns."""

    def register(source: FloorTurnSource) -> FloorTurnSource:
        _sources[name] = source
        return source

    return register


def floor_turns(sessions: Iterable[Session]) -> list[FloorTurn]:
    """Every source's turns in these sessions, by the time the floor was given."""
    chosen = list(sessions)
    if not chosen:
        return []
    turns = [turn for name in sorted(_sources) for turn in _sources[name](chosen)]
    return sorted(turns, key=lambda turn: (turn.started_at, turn.id))


def floor_turn(*, session: Session, turn_id: int) -> FloorTurn | None:
    """The turn with this id in this session, if one was given there."""
    return next((turn for turn in floor_turns([session]) if turn.id == turn_id), None)
