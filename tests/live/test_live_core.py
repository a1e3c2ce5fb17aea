"""The live gateway's core: subscriptions, snapshots, ordered events, resume, commands, slow consumers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

import pavilion.live.broker as live_broker
from pavilion.live.auth import issue_ticket
from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import COMMAND_BURST, RESUME_LIMIT, SEND_QUEUE_LIMIT, hub
from pavilion.live.registry import registry
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.live import feature
from tests.live.client import LiveClient
from tests.live.features import fresh_broker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and an in-memory broker that keeps five events per topic."""
    feature.said.clear()
    yield from fresh_broker(history=5)


def _token_query(user: Any) -> bytes:
    return f"token={issue_ticket(user)}".encode()


def test_subscribe_answers_with_a_snapshot_and_sequence_number() -> None:
    session = SessionFactory.create(access_level="public")
    topic = f"session:{session.pk}"

    async def scenario() -> dict[str, Any]:
        client = LiveClient()
        assert await client.connect() == {"type": "websocket.accept"}
        snapshot = await client.request({"type": "subscribe", "topic": topic, "ref": "s1"})
        await client.close()
        return snapshot

    snapshot = asyncio.run(scenario())
    assert {key: snapshot[key] for key in ("type", "topic", "seq", "ref")} == {
        "type": "snapshot",
        "topic": topic,
        "seq": asyncio.run(live_broker.get_broker().current_seq(topic)),  # the number its first event follows
        "ref": "s1",
    }
    # One part per feature registered for session topics (chat, questions, polls …), and the session itself.
    assert set(snapshot["data"]) == set(registry.kinds["session"].snapshot_parts)
    assert snapshot["data"]["session"] == {"id": session.pk, "slug": session.slug, "event": session.event.slug}


def test_closed_session_refuses_outsiders_and_admits_the_accredited() -> None:
    session = SessionFactory.create(access_level="accredited")
    delegate = RegistrationFactory.create(event=session.event).user
    topic = f"session:{session.pk}"
    ticket = _token_query(delegate)  # tickets are written to the database: before the event loop runs

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        anonymous, accredited = LiveClient(), LiveClient(query=ticket)
        await anonymous.connect()
        await accredited.connect()
        refused = await anonymous.request({"type": "subscribe", "topic": topic})
        admitted = await accredited.request({"type": "subscribe", "topic": topic})
        await anonymous.close()
        await accredited.close()
        return refused, admitted

    refused, admitted = asyncio.run(scenario())
    assert refused == {"type": "error", "code": "not_found", "message": f"There is no topic {topic} for you."}
    assert (admitted["type"], admitted["topic"]) == ("snapshot", topic)


def test_session_cookie_signs_the_socket_in() -> None:
    user = UserFactory.create()
    browser = Client()
    browser.force_login(user)
    cookie = f"sessionid={browser.cookies['sessionid'].value}".encode()

    async def scenario() -> dict[str, Any]:
        client = LiveClient(headers=[(b"cookie", cookie)])
        await client.connect()
        answer = await client.request({"type": "subscribe", "topic": f"testroom:{feature.CLOSED_ROOM}"})
        await client.close()
        return answer

    assert asyncio.run(scenario())["type"] == "snapshot"


def test_bad_token_closes_the_socket() -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        client = LiveClient(query=b"token=forged")
        return await client.connect(), await client.message()

    # Accepted first, so the close code reaches the client (a refused handshake is a bare HTTP 403).
    accepted, closed = asyncio.run(scenario())
    assert accepted == {"type": "websocket.accept"}
    assert closed == {"type": "websocket.close", "code": 4401, "reason": "bad or expired token"}


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    ticket = _token_query(UserFactory.create())

    async def scenario() -> tuple[list[str], list[str], list[dict[str, Any]], int]:
        speaker = LiveClient(query=ticket)
        await speaker.connect()
        first = await speaker.request({"type": "subscribe", "topic": "testroom:1"})
        state = list(first["data"]["said"])
        acks_and_events = []
        for text in ["good morning", "the floor is open", "thank you"]:
            await speaker.send(
                {"type": "command", "topic": "testroom:1", "name": "testroom.say", "data": {"text": text}}
            )
            acks_and_events += [await speaker.frame(), await speaker.frame()]
        events = [frame for frame in acks_and_events if frame["type"] == "event"]
        for event in events:
            state.append(event["event"]["said"])
        latecomer = LiveClient()
        await latecomer.connect()
        fresh = await latecomer.request({"type": "subscribe", "topic": "testroom:1"})
        await speaker.close()
        await latecomer.close()
        return state, fresh["data"]["said"], events, first["seq"]

    state, fresh, events, at = asyncio.run(scenario())
    assert state == fresh == ["good morning", "the floor is open", "thank you"]
    assert [event["seq"] for event in events] == [at + 1, at + 2, at + 3]


def test_resume_replays_exactly_the_missed_events(broker: MemoryBroker) -> None:
    async def scenario() -> list[dict[str, Any]]:
        first = LiveClient()
        await first.connect()
        await first.request({"type": "subscribe", "topic": "testroom:2"})
        broker.publish("testroom:2", {"said": "one"})
        broker.publish("testroom:2", {"said": "two"})
        seen = [await first.frame(), await first.frame()]
        await first.close()
        broker.publish("testroom:2", {"said": "three"})  # while disconnected
        broker.publish("testroom:2", {"said": "four"})
        again = LiveClient()
        await again.connect()
        frames = [await again.request({"type": "subscribe", "topic": "testroom:2", "since": seen[-1]["seq"]})]
        frames += [await again.frame(), await again.frame()]
        broker.publish("testroom:2", {"said": "five"})
        frames.append(await again.frame())
        await again.close()
        return frames

    frames = asyncio.run(scenario())
    two = frames[0]["seq"]
    assert frames[0] == {"type": "resumed", "topic": "testroom:2", "seq": two, "ref": None}
    assert [(frame["seq"], frame["event"]["said"]) for frame in frames[1:]] == [
        (two + 1, "three"),
        (two + 2, "four"),
        (two + 3, "five"),
    ]


def test_resume_after_too_long_a_gap_gets_a_fresh_snapshot(broker: MemoryBroker) -> None:
    numbers = [broker.publish("testroom:3", {"said": str(number)}) for number in range(10)]  # five kept

    async def scenario() -> dict[str, Any]:
        client = LiveClient()
        await client.connect()
        answer = await client.request({"type": "subscribe", "topic": "testroom:3", "since": numbers[1]})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["type"], answer["seq"]) == ("snapshot", numbers[-1])


def test_resume_after_more_than_the_send_queue_takes_gets_a_fresh_snapshot() -> None:
    """A client cut as a slow consumer comes back far behind: replaying everything it missed would
    overflow its send queue and cut it again, at every retry. It gets a snapshot instead."""
    roomy = MemoryBroker(history=SEND_QUEUE_LIMIT * 2)
    live_broker._broker = roomy
    numbers = [roomy.publish("testroom:8", {"said": str(number)}) for number in range(RESUME_LIMIT + 1)]
    before = numbers[0] - 1  # the topic's number before its first event

    async def scenario() -> list[dict[str, Any]]:
        behind, nearly = LiveClient(), LiveClient()
        await behind.connect()
        await nearly.connect()
        answers = [await behind.request({"type": "subscribe", "topic": "testroom:8", "since": before})]
        answers.append(await nearly.request({"type": "subscribe", "topic": "testroom:8", "since": numbers[0]}))
        answers += [await nearly.frame() for _ in range(RESUME_LIMIT)]
        await behind.close()
        await nearly.close()
        return answers

    answers = asyncio.run(scenario())
    assert (answers[0]["type"], answers[0]["seq"]) == ("snapshot", numbers[-1])
    assert answers[1] == {"type": "resumed", "topic": "testroom:8", "seq": numbers[0], "ref": None}
    assert [frame["seq"] for frame in answers[2:]] == numbers[1:]


def test_bad_commands_get_error_frames_and_change_nothing() -> None:
    ticket = _token_query(UserFactory.create())

    async def scenario() -> list[dict[str, Any]]:
        member, anonymous = LiveClient(query=ticket), LiveClient()
        await member.connect()
        await anonymous.connect()
        answers = [await member.request({"type": "command", "topic": "testroom:4", "name": "testroom.say", "ref": 1})]
        await member.request({"type": "subscribe", "topic": "testroom:4"})
        await anonymous.request({"type": "subscribe", "topic": "testroom:4"})
        for data, name in [
            ({"text": "x" * 51}, "testroom.say"),
            ({"text": "hello"}, "testroom.dance"),
            ({"text": "forbidden"}, "testroom.say"),
        ]:
            answers.append(await member.request({"type": "command", "topic": "testroom:4", "name": name, "data": data}))
        say = {"type": "command", "topic": "testroom:4", "name": "testroom.say", "data": {"text": "hi"}}
        answers.append(await anonymous.request(say))
        answers.append(await member.request({"type": "subscribe", "topic": "testroom:0"}))
        await member.close()
        await anonymous.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["code"], answer.get("fields")) for answer in answers] == [
        ("not_subscribed", None),
        ("invalid", {"text": "String should have at most 50 characters"}),
        ("unknown_command", None),
        ("forbidden", None),
        ("sign_in", None),
        ("bad_topic", None),
    ]
    assert answers[0]["ref"] == 1
    assert feature.said == {}


def test_commands_are_rate_limited_per_connection() -> None:
    async def scenario() -> list[str]:
        client = LiveClient()
        await client.connect()
        await client.request({"type": "subscribe", "topic": "testroom:5"})
        shout = {"type": "command", "topic": "testroom:5", "name": "testroom.shout", "data": {"text": "hey"}}
        kinds = []
        for _ in range(COMMAND_BURST + 1):
            await client.send(shout)
            frame = await client.frame()
            if frame["type"] == "event":  # the shout itself; its acknowledgement follows
                frame = await client.frame()
            kinds.append(frame.get("code", frame["type"]))
        await client.close()
        return kinds

    assert asyncio.run(scenario()) == ["ack"] * COMMAND_BURST + ["rate_limited"]


def test_slow_consumer_is_cut_while_the_others_keep_receiving(broker: MemoryBroker) -> None:
    async def scenario() -> tuple[dict[str, Any], list[int], int, int]:
        slow, fast = LiveClient(), LiveClient()
        await slow.connect()
        await fast.connect()
        await slow.request({"type": "subscribe", "topic": "testroom:6"})
        at = (await fast.request({"type": "subscribe", "topic": "testroom:6"}))["seq"]
        slow.stalled.set()
        received: list[int] = []
        for number in range(SEND_QUEUE_LIMIT + 50):
            broker.publish("testroom:6", {"said": str(number)})
            await asyncio.sleep(0)
            while not fast.outbox.empty():
                received.append((await fast.frame())["seq"])
        while len(received) < SEND_QUEUE_LIMIT + 50:
            received.append((await fast.frame())["seq"])
        closed = await slow.message()
        members = len(hub.topics.get("testroom:6", ()))
        await fast.close()
        return closed, received, members, at

    closed, received, members, at = asyncio.run(scenario())
    assert closed == {"type": "websocket.close", "code": 4008, "reason": ""}
    assert received == list(range(at + 1, at + SEND_QUEUE_LIMIT + 51))
    assert members == 1


class _FailingBroker(MemoryBroker):
    async def current_seq(self, topic: str) -> int:
        raise ConnectionError("the broker is away")


def test_broker_failure_on_subscribe_is_an_error_frame_not_a_dropped_socket() -> None:
    live_broker._broker = _FailingBroker()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], int]:
        client = LiveClient()
        await client.connect()
        failed = await client.request({"type": "subscribe", "topic": "testroom:7", "ref": 3})
        still_there = await client.request({"type": "hello"})
        members = len(hub.topics.get("testroom:7", ()))
        await client.close()
        return failed, still_there, members

    failed, still_there, members = asyncio.run(scenario())
    assert failed == {
        "type": "error",
        "code": "unavailable",
        "message": "Live updates are unavailable for a moment; try again.",
        "ref": 3,
    }
    assert still_there["type"] == "hello"
    assert members == 0
