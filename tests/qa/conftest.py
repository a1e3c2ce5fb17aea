from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

import pavilion.live.broker as live_broker
from pavilion.events.models import Session, SessionRole
from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import hub
from tests.factories import SessionSpeakerFactory, SpeakerFactory, UserFactory


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and its own in-memory broker."""
    fresh = MemoryBroker()
    live_broker._broker = fresh
    hub.broker = None
    hub.topics.clear()
    yield fresh
    hub.broker = None
    hub.topics.clear()
    live_broker._broker = None


def published(broker: MemoryBroker, topic: str) -> list[dict[str, Any]]:
    """The events published on the topic so far, oldest first."""
    history = asyncio.run(broker.history_since(topic, 0)) or []
    return [json.loads(text)["event"] for _seq, text in history]


def chair_of(session: Session, role: str = SessionRole.CHAIR) -> Any:
    """An account linked (Speaker.user) to a chair (or moderator, or speaker) of the session."""
    user = UserFactory.create()
    speaker = SpeakerFactory.create(event=session.event, user=user)
    SessionSpeakerFactory.create(session=session, speaker=speaker, role=role)
    return user
