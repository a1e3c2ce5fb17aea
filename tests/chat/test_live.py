"""Chat over /live: the snapshot part, the chat.* commands and their error frames."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pavilion.accounts.models import User
from pavilion.chat import services
from pavilion.chat.models import ChatMessage, ChatMute
from pavilion.live.auth import issue_ticket
from tests.factories import LiveSessionFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import FeatureClient, chair_of, first_seq

pytestmark = pytest.mark.django_db(transaction=True)


def chat_client(user: User | None = None) -> FeatureClient:
    # Signed-in clients follow their own user: topic too, where mutes arrive (as chat.js does).
    return FeatureClient(user, part="chat", follow_user=user is not None)


def apply(state: dict[str, Any], event: dict[str, Any], me: int, session: int) -> None:
    """What a client does with one chat event (frontend/src/state/chat.js does the same)."""
    change = event["chat"]
    if change.get("session", session) != session:
        return
    if "added" in change and all(message["id"] != change["added"]["id"] for message in state["messages"]):
        state["messages"] = [*state["messages"], change["added"]][-services.RECENT_MESSAGES :]
    if "deleted" in change:
        state["messages"] = [message for message in state["messages"] if message["id"] != change["deleted"]]
    for key, muted in [("muted", True), ("unmuted", False)]:
        if key not in change:
            continue
        if state["is_moderator"]:
            listed = set(state["muted"]) | {change[key]} if muted else set(state["muted"]) - {change[key]}
            state["muted"] = sorted(listed)
        if change[key] == me:
            state["is_muted"] = muted


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    earlier = services.post_message(session=session, by=UserFactory.create(full_name="Early Bird"), text="first!")
    delegate, chair = UserFactory.create(full_name="Delegate"), chair_of(session)
    chair_client, delegate_client, bystander = chat_client(chair), chat_client(delegate), chat_client()
    fresh_chair, fresh_delegate = chat_client(chair), chat_client(delegate)

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[dict[str, Any]]]]:
        states = [await chair_client.subscribe(topic), await delegate_client.subscribe(topic)]
        await bystander.subscribe(topic)
        answers = []
        for text in ["Good morning from Geneva", "Question on 5G spectrum", "Thank you, Chair"]:
            answers.append(await delegate_client.command(topic, "chat.send", {"text": text}))
        second = answers[1]["data"]["id"]
        answers.append(await chair_client.command(topic, "chat.delete", {"id": second}))
        answers.append(await chair_client.command(topic, "chat.mute", {"user_id": delegate.pk}))
        events = [await client.wait_for_events(5) for client in (chair_client, delegate_client)]
        for state, client_events, me in zip(states, events, [chair.pk, delegate.pk], strict=True):
            for frame in client_events:
                apply(state, frame["event"], me, session.pk)
        # The mute went to the chair and the delegate only: the bystander heard the messages, no more.
        await bystander.live.send({"type": "ping", "ref": "last"})
        while (frame := await bystander.frame()).get("ref") != "last":
            bystander.events.append(frame)
        fresh = [await fresh_chair.subscribe(topic), await fresh_delegate.subscribe(topic)]
        for client in (chair_client, delegate_client, bystander, fresh_chair, fresh_delegate):
            await client.close()
        return states, fresh, [answers, *events, bystander.events]

    states, fresh, (answers, chair_events, delegate_events, bystander_events) = asyncio.run(scenario())
    assert states == fresh
    assert [answer["type"] for answer in answers] == ["ack"] * 5
    on_session = [frame for frame in chair_events if frame["topic"] == topic]
    first = first_seq(topic)  # the earlier message
    assert [frame["seq"] for frame in on_session] == [first + 1, first + 2, first + 3, first + 4]
    assert on_session == [frame for frame in delegate_events if frame["topic"] == topic]
    assert [frame["event"] for frame in bystander_events] == [frame["event"] for frame in on_session]
    mute = {"chat": {"session": session.pk, "muted": delegate.pk}}
    assert [frame["event"] for frame in chair_events if frame["topic"] != topic] == [mute]
    assert [frame["event"] for frame in delegate_events if frame["topic"] != topic] == [mute]
    sent = list(ChatMessage.objects.order_by("pk"))
    assert fresh[0] == {
        "messages": [services.message_data(message) for message in [earlier, sent[1], sent[3]]],
        "muted": [delegate.pk],
        "is_moderator": True,
        "is_muted": False,
    }
    assert fresh[1]["muted"] == []  # only moderators see who is muted
    assert (fresh[1]["is_moderator"], fresh[1]["is_muted"]) == (False, True)
    assert [message["text"] for message in fresh[1]["messages"]] == [
        "first!",
        "Good morning from Geneva",
        "Thank you, Chair",
    ]
    assert answers[0]["data"] == {"id": sent[1].pk}


def test_invalid_command_data_gets_an_invalid_error_frame_with_fields() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    other_message = services.post_message(
        session=LiveSessionFactory.create(), by=UserFactory.create(), text="elsewhere"
    )
    client = chat_client(organiser)

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(topic, "chat.send", {"text": "x" * 501}),
            await client.command(topic, "chat.send", {"text": "hello", "colour": "red"}),
            await client.command(topic, "chat.send", {}),
            await client.command(topic, "chat.send", {"text": 42}),
            await client.command(topic, "chat.send", {"text": "   "}),
            await client.command(topic, "chat.delete", {"id": "1"}),
            await client.command(topic, "chat.delete", {"id": other_message.pk}),
            await client.command(topic, "chat.mute", {"user_id": 0}),
            await client.command(topic, "chat.unmute", {"user_id": 999_999}),
        ]
        await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["type"], answer["code"], answer["fields"]) for answer in answers] == [
        ("error", "invalid", {"text": "String should have at most 500 characters"}),
        ("error", "invalid", {"colour": "Extra inputs are not permitted"}),
        ("error", "invalid", {"text": "Field required"}),
        ("error", "invalid", {"text": "Input should be a valid string"}),
        ("error", "invalid", {"text": "Write a message first."}),
        ("error", "invalid", {"id": "Input should be a valid integer"}),
        ("error", "invalid", {"id": "There is no such message in this chat."}),
        ("error", "invalid", {"user_id": "Input should be greater than 0"}),
        ("error", "invalid", {"user_id": "There is no such account."}),
    ]
    assert ChatMessage.objects.filter(session=session).count() == 0
    other_message.refresh_from_db()
    assert other_message.deleted_at is None


def test_muted_user_sending_gets_a_forbidden_error_frame() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    delegate, chair = UserFactory.create(), chair_of(session)
    services.mute(session=session, user=delegate, by=chair)
    client = chat_client(delegate)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        snapshot = await client.subscribe(topic)
        answer = await client.command(topic, "chat.send", {"text": "let me speak"})
        await client.close()
        return snapshot, answer

    snapshot, answer = asyncio.run(scenario())
    assert (snapshot["is_muted"], snapshot["muted"]) == (True, [])
    assert answer == {
        "type": "error",
        "code": "forbidden",
        "message": "You are muted in this chat.",
        "ref": "chat.send",
    }
    assert ChatMessage.objects.count() == 0


def test_a_refusal_on_the_socket_comes_in_the_accounts_own_language() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    delegate = UserFactory.create(preferred_languages=["vi", "en"])
    services.mute(session=session, user=delegate, by=chair_of(session))
    client = chat_client(delegate)

    async def scenario() -> dict[str, Any]:
        await client.subscribe(topic)
        answer = await client.command(topic, "chat.send", {"text": "Xin phép phát biểu"})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["code"], answer["message"]) == ("forbidden", "Bạn đã bị cấm nhắn tin trong cuộc trò chuyện này.")


def test_delegate_moderation_commands_are_forbidden_and_change_nothing() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    author, delegate = UserFactory.create(), UserFactory.create()
    message = services.post_message(session=session, by=author, text="hello")
    client = chat_client(delegate)

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(topic, "chat.delete", {"id": message.pk}),
            await client.command(topic, "chat.mute", {"user_id": author.pk}),
            await client.command(topic, "chat.unmute", {"user_id": 999_999}),
        ]
        await client.close()
        return answers

    moderators_only = "Only the session's moderators and the event's organisers may do this."
    assert [(answer["code"], answer["message"]) for answer in asyncio.run(scenario())] == [
        ("forbidden", moderators_only)
    ] * 3
    message.refresh_from_db()
    assert message.deleted_at is None
    assert ChatMute.objects.count() == 0


def test_anonymous_visitor_sees_the_chat_but_sending_needs_an_account() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    message = services.post_message(session=session, by=UserFactory.create(), text="welcome")
    client = chat_client()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        snapshot = await client.subscribe(topic)
        answer = await client.command(topic, "chat.send", {"text": "hello"})
        await client.close()
        return snapshot, answer

    snapshot, answer = asyncio.run(scenario())
    assert snapshot == {
        "messages": [services.message_data(message)],
        "muted": [],
        "is_moderator": False,
        "is_muted": False,
    }
    assert answer == {"type": "error", "code": "sign_in", "message": "Sign in to do this.", "ref": "chat.send"}
    assert ChatMessage.objects.count() == 1


def test_closed_session_chat_is_not_found_for_outsiders() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    confidential = ChatMessage.objects.create(session=session, author=UserFactory.create(), text="confidential")
    client = LiveClient(query=f"token={issue_ticket(UserFactory.create())}".encode())

    async def scenario() -> dict[str, Any]:
        await client.connect()
        answer = await client.request({"type": "subscribe", "topic": f"session:{session.pk}"})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["type"], answer["code"]) == ("error", "not_found")
    assert confidential.text not in str(answer)
