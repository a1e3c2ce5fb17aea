from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pavilion.events.models import InterpretationChannel, Session
from pavilion.interpretation.models import Interpreter
from pavilion.live.broker import MemoryBroker
from tests.factories import LiveSessionFactory, RoomFactory, UserFactory
from tests.live.features import fresh_broker


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and its own in-memory broker."""
    yield from fresh_broker()


def interpreted_session(**fields: Any) -> Session:
    """A session happening now in a room with a floor and French and Spanish audio channels."""
    room = RoomFactory.create(stream_url="https://stream.example.org/main.m3u8")
    for language in ("fr", "es"):
        InterpretationChannel.objects.create(
            room=room, language=language, stream_url=f"https://stream.example.org/{language}.m3u8"
        )
    return LiveSessionFactory.create(event=room.event, room=room, **fields)


def interpreter_of(session: Session, language: str = "fr", kind: str = "audio") -> Any:
    user = UserFactory.create()
    Interpreter.objects.create(session=session, user=user, language=language, kind=kind)
    return user


def organiser_of(session: Session) -> Any:
    user = UserFactory.create()
    session.event.organising_team.add(user)
    return user
