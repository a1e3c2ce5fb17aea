"""Interpretation over /live: the on-air snapshot part, its events and the interpretation.on_air command."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pavilion.accounts.models import User
from pavilion.interpretation.models import OnAir
from tests.factories import RegistrationFactory
from tests.interpretation.conftest import interpreted_session, interpreter_of, organiser_of
from tests.live.features import FeatureClient

pytestmark = pytest.mark.django_db(transaction=True)


def interpretation_client(user: User | None = None) -> FeatureClient:
    return FeatureClient(user, part="interpretation")


def apply(state: dict[str, Any], event: dict[str, Any]) -> None:
    """What a client does with one event (frontend/src/state/interpretation.js does the same)."""
    change = event["interpretation"]
    if "channels" in change:
        state["channels"] = change["channels"]
        keys = {channel["key"] for channel in change["channels"]}
        state["on_air"] = [key for key in state["on_air"] if key in keys]
        state["interpreting"] = [key for key in state["interpreting"] if key in keys]
        return
    on_air = [key for key in state["on_air"] if key != change["channel"]]
    state["on_air"] = [*on_air, change["channel"]] if change["on_air"] else on_air


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    session = interpreted_session()
    topic = f"session:{session.pk}"
    french, organiser = interpreter_of(session, "fr"), organiser_of(session)
    listener = RegistrationFactory.create(event=session.event).user
    clients = [interpretation_client(french), interpretation_client(listener), interpretation_client()]
    fresh_clients = [interpretation_client(french), interpretation_client(listener), interpretation_client()]
    boss = interpretation_client(organiser)

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
        states = [await client.subscribe(topic) for client in clients]
        await boss.subscribe(topic)
        answers = [
            await clients[0].command(topic, "interpretation.on_air", {"channel": "fr:audio", "on": True}),
            await boss.command(topic, "interpretation.on_air", {"channel": "es:audio", "on": True}),
            await clients[0].command(topic, "interpretation.on_air", {"channel": "fr:audio", "on": True}),
            await clients[0].command(topic, "interpretation.on_air", {"channel": "fr:audio", "on": False}),
        ]
        events = [await client.wait_for_events(3) for client in clients]
        for state, client_events in zip(states, events, strict=True):
            for frame in client_events:
                apply(state, frame["event"])
        fresh = [await client.subscribe(topic) for client in fresh_clients]
        for client in (*clients, *fresh_clients, boss):
            await client.close()
        return states, fresh, answers, events

    states, fresh, answers, events = asyncio.run(scenario())
    assert states == fresh
    assert [answer["data"] for answer in answers] == [
        {"changed": True},
        {"changed": True},
        {"changed": False},
        {"changed": True},
    ]
    assert [frame["event"] for frame in events[1]] == [
        {"interpretation": {"channel": "fr:audio", "on_air": True}},
        {"interpretation": {"channel": "es:audio", "on_air": True}},
        {"interpretation": {"channel": "fr:audio", "on_air": False}},
    ]
    offered = [
        {"key": "es:audio", "url": "https://stream.example.org/es.m3u8"},
        {"key": "fr:audio", "url": "https://stream.example.org/fr.m3u8"},
    ]
    assert fresh[0] == {"channels": offered, "on_air": ["es:audio"], "interpreting": ["fr:audio"]}
    assert fresh[1] == {"channels": offered, "on_air": ["es:audio"], "interpreting": []}
    assert fresh[2] == fresh[1]


def test_on_air_is_refused_to_listeners_visitors_and_other_channels_interpreters() -> None:
    session = interpreted_session()
    topic = f"session:{session.pk}"
    listener = RegistrationFactory.create(event=session.event).user
    spanish = interpreter_of(session, "es")
    clients = [interpretation_client(listener), interpretation_client(spanish), interpretation_client()]

    async def scenario() -> list[dict[str, Any]]:
        answers = []
        for client in clients:
            await client.subscribe(topic)
            answers.append(await client.command(topic, "interpretation.on_air", {"channel": "fr:audio", "on": True}))
            await client.close()
        return answers

    answers = asyncio.run(scenario())
    refusal = "Only the channel's interpreters and the event's organisers may do this."
    assert answers == [
        {"type": "error", "code": "forbidden", "message": refusal, "ref": "interpretation.on_air"},
        {"type": "error", "code": "forbidden", "message": refusal, "ref": "interpretation.on_air"},
        {"type": "error", "code": "sign_in", "message": "Sign in to do this.", "ref": "interpretation.on_air"},
    ]
    assert OnAir.objects.count() == 0


def test_malformed_on_air_commands_get_an_invalid_frame() -> None:
    session = interpreted_session()
    topic = f"session:{session.pk}"
    client = interpretation_client(interpreter_of(session, "fr"))

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(topic, "interpretation.on_air", {"channel": "fr:audio", "on": "yes"}),
            await client.command(topic, "interpretation.on_air", {"channel": "fr:audio"}),
            await client.command(topic, "interpretation.on_air", {"channel": "fr:audio", "on": True, "by": 1}),
        ]
        await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["code"], sorted(answer["fields"])) for answer in answers] == [
        ("invalid", ["on"]),
        ("invalid", ["on"]),
        ("invalid", ["by"]),
    ]
    assert OnAir.objects.count() == 0
