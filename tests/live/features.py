"""Helpers shared by the tests of live features (chat, questions, polls)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pavilion.live.broker as live_broker
from pavilion.accounts.models import User
from pavilion.events.models import Session, SessionRole
from pavilion.live.auth import issue_ticket
from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import hub
from tests.factories import SessionSpeakerFactory, SpeakerFactory, UserFactory
from tests.live.client import LiveClient


async def until(condition: Callable[[], bool], *, what: str, timeout: float = 10.0, every: float = 0.01) -> None:
    """Wait, checking every ``every`` seconds, until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"Waited {timeout:g} s for {what}.")
        await asyncio.sleep(every)


def fresh_broker(history: int = 500) -> Iterator[MemoryBroker]:
    """Body of a fixture: a fresh hub and its own in-memory broker for one test."""
    fresh = MemoryBroker(history=history)
    live_broker._broker = fresh
    hub.forget()
    yield fresh
    hub.forget()
    live_broker._broker = None


def published(broker: MemoryBroker, where: Session | str) -> list[dict[str, Any]]:
    """The events published on a topic (or a session's topic) so far, oldest first."""
    topic = f"session:{where.pk}" if isinstance(where, Session) else where
    return [json.loads(text)["event"] for _seq, text in broker.kept(topic)]


def first_seq(topic: str) -> int:
    """The number of the topic's first event: numbering starts at the clock (live/broker.py ``first_number``)."""
    broker = live_broker.get_broker()
    assert isinstance(broker, MemoryBroker)
    return broker.kept(topic)[0][0]


def chair_of(session: Session, role: str = SessionRole.CHAIR) -> Any:
    """An account linked (Speaker.user) to a chair (or moderator, or speaker) of the session."""
    user = UserFactory.create()
    speaker = SpeakerFactory.create(event=session.event, user=user)
    SessionSpeakerFactory.create(session=session, speaker=speaker, role=role)
    return user


class FeatureClient:
    """A LiveClient that keeps the event frames arriving while it waits for a command's answer.

    ``part`` is the feature's part of the session snapshot; with ``follow_user`` a signed-in client
    also follows its own ``user:`` topic, as features with private events do (questions).
    Presence and tally frames (live/aggregates.py) are kept apart in ``aggregates``.
    """

    def __init__(self, user: User | None = None, *, part: str, follow_user: bool = False) -> None:
        self.live = LiveClient(query=f"token={issue_ticket(user)}".encode() if user else b"")
        self.user = user
        self.part = part
        self.follow_user = follow_user
        self.events: list[dict[str, Any]] = []
        self.aggregates: list[dict[str, Any]] = []

    async def frame(self) -> dict[str, Any]:
        """The next frame that is not a presence or tally frame."""
        while True:
            frame = await self.live.frame()
            if frame["type"] not in {"presence", "tally"}:
                return frame
            self.aggregates.append(frame)

    async def request(self, frame: dict[str, Any]) -> dict[str, Any]:
        await self.live.send(frame)
        return await self.frame()

    async def subscribe(self, topic: str) -> dict[str, Any]:
        """Connect and subscribe; the feature's part of the snapshot."""
        await self.live.connect()
        snapshot = await self.request({"type": "subscribe", "topic": topic})
        assert snapshot["type"] == "snapshot", snapshot
        if self.follow_user and self.user is not None:
            personal = await self.request({"type": "subscribe", "topic": f"user:{self.user.pk}"})
            assert personal["type"] == "snapshot", personal
        return dict(snapshot["data"][self.part])

    async def command(self, topic: str, name: str, data: dict[str, Any]) -> dict[str, Any]:
        """The command's answer (ack or error frame)."""
        await self.live.send({"type": "command", "topic": topic, "name": name, "data": data, "ref": name})
        while True:
            frame = await self.frame()
            if frame.get("ref") == name:
                return frame
            self.events.append(frame)

    async def wait_for_events(self, count: int) -> list[dict[str, Any]]:
        while len(self.events) < count:
            self.events.append(await self.frame())
        return self.events

    async def close(self) -> None:
        await self.live.close()
