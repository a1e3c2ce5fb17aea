"""Over /live: the interpreters' chat on its own topic (the booth team only, and only while they are on it),
and a session's channel changes reaching its listeners as one event per change."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pavilion.events.models import AccessLevel, InterpretationChannel, Session, Speaker
from pavilion.interpretation import services, team
from pavilion.interpretation.models import Interpreter, OnAir, TeamMessage
from pavilion.live.broker import MemoryBroker
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.interpretation.conftest import interpreted_session, interpreter_of, organiser_of
from tests.interpretation.test_live import apply, interpretation_client
from tests.live.features import FeatureClient, chair_of, published

pytestmark = pytest.mark.django_db(transaction=True)


def ended_session(beside: Session) -> Session:
    """A session of the same event and room that ended a minute ago."""
    now = timezone.now()
    return LiveSessionFactory.create(
        event=beside.event, room=beside.room, starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=1)
    )


def team_client(user: Any = None) -> FeatureClient:
    return FeatureClient(user, part="interpreters")


async def subscribe_answer(client: FeatureClient, topic: str) -> dict[str, Any]:
    await client.live.connect()
    return await client.request({"type": "subscribe", "topic": topic, "ref": "s"})


def test_the_booth_team_follows_and_writes_in_the_interpreters_chat() -> None:
    session = interpreted_session()
    topic = team.team_topic(session)
    french, spanish = interpreter_of(session, "fr"), interpreter_of(session, "es")
    organiser, chair = organiser_of(session), chair_of(session)
    clients = [team_client(user) for user in (french, spanish, organiser, chair)]

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[dict[str, Any]]]]:
        snapshots = [await client.subscribe(topic) for client in clients]
        answers = [
            await clients[0].command(topic, "interpreters.send", {"text": "  Handing over to Ana at 10:30  "}),
            await clients[3].command(topic, "interpreters.send", {"text": "The minister speaks next, slowly please"}),
        ]
        events = [await client.wait_for_events(2 if index not in (0, 3) else 1) for index, client in enumerate(clients)]
        for client in clients:
            await client.close()
        return snapshots, answers, events

    snapshots, answers, events = asyncio.run(scenario())
    assert snapshots == [{"messages": []}] * 4
    lines = list(TeamMessage.objects.order_by("pk"))
    assert [line.text for line in lines] == ["Handing over to Ana at 10:30", "The minister speaks next, slowly please"]
    assert [answer["data"] for answer in answers] == [{"id": lines[0].pk}, {"id": lines[1].pk}]
    added = [frame["event"]["interpreters"]["added"] for frame in events[1]]
    assert [(line["id"], line["author_id"], line["text"]) for line in added] == [
        (lines[0].pk, french.pk, "Handing over to Ana at 10:30"),
        (lines[1].pk, chair.pk, "The minister speaks next, slowly please"),
    ]
    # Never on the session's own topic, where every listener is.
    assert published(session_topic_broker(), session) == []


def session_topic_broker() -> MemoryBroker:
    import pavilion.live.broker as live_broker

    assert isinstance(live_broker._broker, MemoryBroker)
    return live_broker._broker


def test_listeners_visitors_and_other_sessions_interpreters_cannot_follow_or_write() -> None:
    session = interpreted_session()
    topic = team.team_topic(session)
    listener = RegistrationFactory.create(event=session.event).user
    elsewhere = interpreter_of(LiveSessionFactory.create(event=session.event, room=session.room), "fr")
    clients = [team_client(listener), team_client(elsewhere), team_client()]

    async def scenario() -> list[dict[str, Any]]:
        answers = []
        for client in clients:
            answers.append(await subscribe_answer(client, topic))
            await client.live.send(
                {"type": "command", "topic": topic, "name": "interpreters.send", "data": {"text": "hi"}, "ref": "c"}
            )
            answers.append(await client.frame())
            await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["type"], answer.get("code")) for answer in answers] == [
        ("error", "not_found"),
        ("error", "not_subscribed"),
    ] * 3
    assert TeamMessage.objects.count() == 0
    for user in (listener, elsewhere):
        with pytest.raises(PermissionDenied):
            team.post_line(session=session, by=user, text="hi")
    assert TeamMessage.objects.count() == 0


def test_an_interpreter_of_a_closed_session_they_may_not_see_cannot_follow_its_team() -> None:
    session = interpreted_session(access_level=AccessLevel.INVITED)
    topic = team.team_topic(session)
    outsider = interpreter_of(session, "fr")  # assigned, but not invited
    invited = interpreter_of(session, "es")
    session.invitees.add(invited)

    clients = [team_client(outsider), team_client(invited)]

    async def scenario() -> list[str]:
        refused = await subscribe_answer(clients[0], topic)
        admitted = await subscribe_answer(clients[1], topic)
        for client in clients:
            await client.close()
        return [refused.get("code", refused["type"]), admitted["type"]]

    assert asyncio.run(scenario()) == ["not_found", "snapshot"]


def test_access_ends_when_the_role_is_removed() -> None:
    session = interpreted_session()
    topic = team.team_topic(session)
    french, chair, organiser = interpreter_of(session, "fr"), chair_of(session), organiser_of(session)
    stays = team_client(organiser)
    leaving, unchaired = team_client(french), team_client(chair)

    async def scenario() -> list[Any]:
        for client in (stays, leaving, unchaired):
            await client.subscribe(topic)
        assignment = await asyncio.to_thread(Interpreter.objects.get, session=session, user=french)
        await asyncio.to_thread(services.remove_interpreter, interpreter=assignment, by=organiser)
        revoked = await leaving.frame()
        speaker = await asyncio.to_thread(Speaker.objects.get, user=chair)
        speaker.user = None
        await asyncio.to_thread(speaker.save)
        unlinked = await unchaired.frame()
        # The chat goes on for those still on the team, and reaches no one who left it.
        await stays.command(topic, "interpreters.send", {"text": "Still here"})
        await leaving.live.send({"type": "subscribe", "topic": topic, "ref": "again"})
        again = await leaving.frame()
        await leaving.live.send(
            {"type": "command", "topic": topic, "name": "interpreters.send", "data": {"text": "x"}, "ref": "c"}
        )
        command = await leaving.frame()
        for client in (stays, leaving, unchaired):
            await client.close()
        return [revoked, unlinked, again, command]

    revoked, unlinked, again, command = asyncio.run(scenario())
    assert revoked == {"type": "revoked", "topic": topic, "reason": "access"}
    assert unlinked == {"type": "revoked", "topic": topic, "reason": "access"}
    assert (again["code"], again["ref"]) == ("not_found", "again")
    assert command["code"] == "not_subscribed"
    assert list(TeamMessage.objects.values_list("text", flat=True)) == ["Still here"]
    with pytest.raises(PermissionDenied):
        team.post_line(session=session, by=french, text="after")


def test_an_organiser_leaving_the_team_loses_the_interpreters_chat() -> None:
    session = interpreted_session()
    topic = team.team_topic(session)
    organiser = organiser_of(session)
    client = team_client(organiser)

    async def scenario() -> dict[str, Any]:
        await client.subscribe(topic)
        await asyncio.to_thread(session.event.organising_team.remove, organiser)
        frame = await client.frame()
        await client.close()
        return frame

    assert asyncio.run(scenario()) == {"type": "revoked", "topic": topic, "reason": "access"}


def test_the_team_chat_refuses_bad_lines_and_ended_sessions() -> None:
    session = interpreted_session()
    topic = team.team_topic(session)
    client = team_client(interpreter_of(session, "fr"))

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(topic, "interpreters.send", {"text": "   "}),
            await client.command(topic, "interpreters.send", {"text": "x" * 501}),
            await client.command(topic, "interpreters.send", {"text": 5}),
        ]
        await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["code"], answer["fields"]) for answer in answers] == [
        ("invalid", {"text": "Write a message first."}),
        ("invalid", {"text": "String should have at most 500 characters"}),
        ("invalid", {"text": "Input should be a valid string"}),
    ]
    ended = ended_session(session)
    organiser = organiser_of(ended)
    with pytest.raises(ValidationError, match=r"This session has ended: its chat is closed\."):
        team.post_line(session=ended, by=organiser, text="late")
    assert TeamMessage.objects.count() == 0


# --- Channel changes as live events ---------------------------------------------------------------------


def test_channel_changes_reach_listeners_once_per_change_and_equal_a_fresh_snapshot(broker: MemoryBroker) -> None:
    session = interpreted_session()
    topic = f"session:{session.pk}"
    organiser = organiser_of(session)
    spanish = interpreter_of(session, "es")
    listener = RegistrationFactory.create(event=session.event).user
    watchers = [interpretation_client(listener), interpretation_client(spanish), interpretation_client()]
    fresh_watchers = [interpretation_client(listener), interpretation_client(spanish), interpretation_client()]
    OnAir.objects.create(session=session, channel="es:audio", by=spanish)

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[dict[str, Any]]]]:
        states = [await client.subscribe(topic) for client in watchers]
        await asyncio.to_thread(services.hide_room_channel, session=session, by=organiser, language="es", kind="audio")
        await asyncio.to_thread(
            services.add_session_channel,
            session=session,
            by=organiser,
            language="ru",
            kind="video",
            stream_url="https://stream.example.org/ru.mp4",
        )
        french = await asyncio.to_thread(InterpretationChannel.objects.get, room=session.room, language="fr")
        french.stream_url = "https://stream.example.org/fr-backup.m3u8"
        await asyncio.to_thread(french.save)
        events = [await client.wait_for_events(3) for client in watchers]
        for state, frames in zip(states, events, strict=True):
            for frame in frames:
                apply(state, frame["event"])
        fresh = [await client.subscribe(topic) for client in fresh_watchers]
        for client in (*watchers, *fresh_watchers):
            await client.close()
        return states, fresh, events

    states, fresh, events = asyncio.run(scenario())
    assert states == fresh
    french = {"key": "fr:audio", "url": "https://stream.example.org/fr-backup.m3u8"}
    russian = {"key": "ru:video", "url": "https://stream.example.org/ru.mp4"}
    assert [frame["event"] for frame in events[0]] == [
        {"interpretation": {"channels": [{"key": "fr:audio", "url": "https://stream.example.org/fr.m3u8"}]}},
        {"interpretation": {"channels": [{"key": "fr:audio", "url": "https://stream.example.org/fr.m3u8"}, russian]}},
        {"interpretation": {"channels": [french, russian]}},
    ]
    assert fresh[1] == {"channels": [french, russian], "on_air": [], "interpreting": []}
    assert OnAir.objects.count() == 0  # the hidden channel went off air with it
    # Built once per change, whatever the audience: three changes, three events on the topic, each small.
    history = published(broker, session)
    assert len(history) == 3
    assert max(len(json.dumps(event)) for event in history) < 200


def test_undoing_a_change_publishes_the_rooms_channels_again(broker: MemoryBroker) -> None:
    session = interpreted_session()
    organiser = organiser_of(session)
    change = services.hide_room_channel(session=session, by=organiser, language="fr", kind="audio")
    services.remove_session_channel(change=change, by=organiser)
    assert published(broker, session) == [
        {"interpretation": {"channels": [{"key": "es:audio", "url": "https://stream.example.org/es.m3u8"}]}},
        {
            "interpretation": {
                "channels": [
                    {"key": "es:audio", "url": "https://stream.example.org/es.m3u8"},
                    {"key": "fr:audio", "url": "https://stream.example.org/fr.m3u8"},
                ]
            }
        },
    ]


def test_a_refused_channel_change_publishes_nothing(broker: MemoryBroker) -> None:
    session = interpreted_session()
    organiser = organiser_of(session)
    stranger = UserFactory.create()
    with pytest.raises(PermissionDenied):
        services.hide_room_channel(session=session, by=stranger, language="fr", kind="audio")
    services.hide_room_channel(session=session, by=organiser, language="fr", kind="audio")
    with pytest.raises(ValidationError, match="already changes"):
        services.hide_room_channel(session=session, by=organiser, language="fr", kind="audio")
    assert len(published(broker, session)) == 1


def test_a_room_channel_change_does_not_reach_ended_sessions(broker: MemoryBroker) -> None:
    session = interpreted_session()
    ended = ended_session(session)
    InterpretationChannel.objects.filter(room=session.room, language="es").delete()
    assert published(broker, session) == [
        {"interpretation": {"channels": [{"key": "fr:audio", "url": "https://stream.example.org/fr.m3u8"}]}}
    ]
    assert published(broker, ended) == []
