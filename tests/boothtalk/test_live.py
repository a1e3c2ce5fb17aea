"""Booth chat and named presence over /live: snapshot + events, privacy both ways, commands and their errors."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pavilion.boothtalk import conversations
from pavilion.boothtalk.models import BoothConversation, BoothMessage, BoothPresence
from pavilion.live.broker import MemoryBroker
from tests.boothtalk.helpers import stand
from tests.factories import BoothFactory, UserFactory
from tests.live.features import FeatureClient, published

pytestmark = pytest.mark.django_db(transaction=True)


def chat_client(user: Any = None) -> FeatureClient:
    return FeatureClient(user, part="boothchat", follow_user=user is not None)


def apply(state: dict[str, Any], event: dict[str, Any], booth_id: int) -> None:
    """What a client does with one booth chat event (frontend/src/state/boothchat.js does the same)."""
    change = event.get("boothchat")
    if not change or change["booth"] != booth_id:
        return
    by_id = {conversation["id"]: conversation for conversation in state["conversations"]}
    if "added" in change:
        summary = change["conversation"]
        conversation = by_id.get(summary["id"]) or {**summary, "messages": []}
        conversation["last_at"] = summary["last_at"]
        if all(message["id"] != change["added"]["id"] for message in conversation["messages"]):
            conversation["messages"] = [*conversation["messages"], change["added"]][-conversations.RECENT_MESSAGES :]
        by_id[summary["id"]] = conversation
    if "deleted" in change and change["conversation"] in by_id:
        conversation = by_id[change["conversation"]]
        conversation["messages"] = [m for m in conversation["messages"] if m["id"] != change["deleted"]]
    ordered = sorted(by_id.values(), key=lambda c: (c["last_at"], c["id"]), reverse=True)
    state["conversations"] = ordered[: conversations.RECENT_CONVERSATIONS]


def test_snapshot_plus_events_equals_a_fresh_snapshot_and_nothing_leaks(broker: MemoryBroker) -> None:
    s = stand()
    earlier = conversations.post_message(booth=s.booth, by=UserFactory.create(full_name="Early Bird"), text="first!")
    staff, amina, rudi = chat_client(s.staff), chat_client(s.visitor), chat_client(s.other_visitor)
    fresh = [chat_client(s.staff), chat_client(s.visitor), chat_client(s.other_visitor), chat_client(None)]

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[dict[str, Any]]]]:
        states = [await client.subscribe(s.topic) for client in (staff, amina, rudi)]
        answers = [
            await amina.command(s.topic, "boothchat.send", {"text": "Do you have 5G routers?"}),
            await amina.command(s.topic, "boothchat.send", {"text": "For 40 schools."}),
            await rudi.command(s.topic, "boothchat.send", {"text": "Price list please"}),
        ]
        mine = answers[0]["data"]["conversation"]
        answers.append(await staff.command(s.topic, "boothchat.send", {"text": "Yes!", "conversation": mine}))
        answers.append(await staff.command(s.topic, "boothchat.delete", {"id": answers[0]["data"]["id"]}))
        events = [
            await staff.wait_for_events(5),
            await amina.wait_for_events(4),
            await rudi.wait_for_events(1),
        ]
        for state, client_events in zip(states, events, strict=True):
            for frame in client_events:
                apply(state, frame["event"], s.booth.pk)
        snapshots = [await client.subscribe(s.topic) for client in fresh]
        for client in (staff, amina, rudi, *fresh):
            await client.close()
        return states, snapshots, [answers, *events]

    states, snapshots, (answers, staff_events, amina_events, rudi_events) = asyncio.run(scenario())
    assert [answer["type"] for answer in answers] == ["ack"] * 5
    assert states == snapshots[:3]
    assert snapshots[3] == {"role": "anonymous", "conversations": []}
    amina_conversation = BoothConversation.objects.get(visitor=s.visitor)
    rudi_conversation = BoothConversation.objects.get(visitor=s.other_visitor)
    # The team reads every conversation, the most recently active first.
    assert [c["id"] for c in snapshots[0]["conversations"]] == [
        amina_conversation.pk,
        rudi_conversation.pk,
        earlier.conversation_id,
    ]
    assert [(m["author"], m["from_booth"], m["text"]) for m in snapshots[1]["conversations"][0]["messages"]] == [
        ("Amina Diallo", False, "For 40 schools."),
        ("Trần Minh Khoa", True, "Yes!"),
    ]
    # Each visitor reads their own conversation only, and hears of nothing else.
    assert [c["id"] for c in snapshots[1]["conversations"]] == [amina_conversation.pk]
    assert [c["id"] for c in snapshots[2]["conversations"]] == [rudi_conversation.pk]
    assert {frame["topic"] for frame in rudi_events} == {f"user:{s.other_visitor.pk}"}
    assert [frame["event"]["boothchat"]["conversation"]["id"] for frame in rudi_events] == [rudi_conversation.pk]
    assert {frame["topic"] for frame in amina_events} == {f"user:{s.visitor.pk}"}
    assert all("Price list please" not in str(frame) for frame in amina_events)
    assert {frame["topic"] for frame in staff_events} == {f"user:{s.staff.pk}"}
    assert published(broker, s.topic) == []


def test_a_visitor_cannot_reach_another_visitors_conversation_through_commands() -> None:
    s = stand()
    amina_message = conversations.post_message(booth=s.booth, by=s.visitor, text="Confidential budget: 2 million")
    rudi = chat_client(s.other_visitor)

    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        snapshot = await rudi.subscribe(s.topic)
        answers = [
            await rudi.command(
                s.topic, "boothchat.send", {"text": "hi", "conversation": amina_message.conversation_id}
            ),
            await rudi.command(s.topic, "boothchat.delete", {"id": amina_message.pk}),
            await rudi.command(s.topic, "visitors.list", {}),
        ]
        await rudi.close()
        return snapshot, answers

    snapshot, answers = asyncio.run(scenario())
    assert snapshot == {"role": "visitor", "conversations": []}
    refusal = "Only the booth's staff and the event's organisers may do this."
    assert [(a["type"], a["code"], a["message"]) for a in answers] == [("error", "forbidden", refusal)] * 3
    assert BoothMessage.objects.count() == 1
    assert BoothMessage.objects.get().deleted_at is None


def test_invalid_commands_get_invalid_error_frames_with_fields() -> None:
    s = stand()
    other_booth_message = conversations.post_message(
        booth=BoothFactory.create(event=s.booth.event, staff=[UserFactory.create()]), by=s.visitor, text="elsewhere"
    )
    staff, anonymous = chat_client(s.staff), chat_client(None)

    async def scenario() -> list[dict[str, Any]]:
        await staff.subscribe(s.topic)
        await anonymous.subscribe(s.topic)
        answers = [
            await staff.command(s.topic, "boothchat.send", {"text": "x" * 501, "conversation": 1}),
            await staff.command(s.topic, "boothchat.send", {"text": "hello", "colour": "red"}),
            await staff.command(s.topic, "boothchat.send", {"text": "hello"}),
            await staff.command(s.topic, "boothchat.send", {"text": "hi", "conversation": 999_999}),
            await staff.command(s.topic, "boothchat.delete", {"id": other_booth_message.pk}),
            await staff.command(s.topic, "visitors.here", {"extra": 1}),
            await anonymous.command(s.topic, "boothchat.send", {"text": "hi"}),
        ]
        await staff.close()
        await anonymous.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(a["code"], a.get("fields") or a["message"]) for a in answers] == [
        ("invalid", {"text": "String should have at most 500 characters"}),
        ("invalid", {"colour": "Extra inputs are not permitted"}),
        ("forbidden", "You answer for this booth; its visitors write to you here."),
        ("invalid", {"conversation": "There is no such conversation at this booth."}),
        ("invalid", {"id": "There is no such message in this booth's chat."}),
        ("invalid", {"extra": "Extra inputs are not permitted"}),
        ("sign_in", "Sign in to do this."),
    ]


def test_the_team_sees_the_names_of_visitors_here_who_chose_to_share_them_and_nobody_else_does() -> None:
    s = stand()
    s.visitor.show_name_to_exhibitors = True
    s.visitor.save(update_fields=["show_name_to_exhibitors"])
    clients = {
        "amina": chat_client(s.visitor),  # shares her name
        "rudi": chat_client(s.other_visitor),  # does not
        "staff": chat_client(s.staff),
        "organiser": chat_client(s.organiser),
    }

    async def scenario() -> dict[str, Any]:
        for client in clients.values():
            await client.subscribe(s.topic)
        answers = {
            "amina_here": await clients["amina"].command(s.topic, "visitors.here", {}),
            "rudi_here": await clients["rudi"].command(s.topic, "visitors.here", {}),
            "staff_here": await clients["staff"].command(s.topic, "visitors.here", {}),
            "staff_list": await clients["staff"].command(s.topic, "visitors.list", {}),
            "organiser_list": await clients["organiser"].command(s.topic, "visitors.list", {}),
            "amina_list": await clients["amina"].command(s.topic, "visitors.list", {}),
        }
        for client in clients.values():
            await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert answers["amina_here"]["data"] == {"named": True}
    assert answers["rudi_here"]["data"] == {"named": False}
    assert answers["staff_here"]["data"] == {"named": False}
    since = BoothPresence.objects.get().arrived_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert answers["staff_list"]["data"] == {"visitors": [{"id": s.visitor.pk, "name": "Amina Diallo", "since": since}]}
    assert answers["organiser_list"]["data"] == answers["staff_list"]["data"]
    assert (answers["amina_list"]["type"], answers["amina_list"]["code"]) == ("error", "forbidden")
    assert list(BoothPresence.objects.values_list("user_id", flat=True)) == [s.visitor.pk]
