"""Captions over /live: the snapshot part, the captions.push command and its error frames."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pavilion.accounts.models import User
from pavilion.captions import services
from pavilion.captions.models import CaptionLine
from pavilion.live.auth import issue_ticket
from tests.captions.conftest import captioner_of
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import FeatureClient, chair_of, first_seq

pytestmark = pytest.mark.django_db(transaction=True)


def captions_client(user: User | None = None) -> FeatureClient:
    return FeatureClient(user, part="captions")


def apply(state: dict[str, Any], event: dict[str, Any]) -> None:
    """What a client does with one captions event (frontend/src/state/captions.js does the same)."""
    line = event["captions"]["line"]
    lines = state["lines"].get(line["language"])
    if lines is None or any(known["id"] == line["id"] for known in lines):
        return
    lines.append(line)
    lines.sort(key=lambda known: known["seq"])
    del lines[: -services.RECENT_LINES]


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    session = LiveSessionFactory.create(languages=["en", "vi", "fr"])
    topic = f"session:{session.pk}"
    captioner, attendee = captioner_of(session, languages=["en", "vi"]), UserFactory.create()
    chair = chair_of(session)
    for number in range(1, 19):  # the live lines below push the first ones out of the last twenty
        services.push_caption(session=session, by=chair, language="en", text=f"Earlier line {number}.")
    clients = [captions_client(captioner), captions_client(attendee), captions_client()]
    fresh_clients = [captions_client(captioner), captions_client(attendee), captions_client()]

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
        states = [await client.subscribe(topic) for client in clients]
        pushes = [
            ("en", "The Chair opens the session."),
            ("vi", "Chủ tọa khai mạc phiên họp."),
            ("en", "  Viet Nam has the floor.  "),
            ("vi", "Việt Nam phát biểu."),
            ("en", "Thank you, Chair."),
        ]
        answers = [
            await clients[0].command(topic, "captions.push", {"language": language, "text": text})
            for language, text in pushes
        ]
        events = [await client.wait_for_events(5) for client in clients]
        for state, client_events in zip(states, events, strict=True):
            for frame in client_events:
                apply(state, frame["event"])
        fresh = [await client.subscribe(topic) for client in fresh_clients]
        for client in (*clients, *fresh_clients):
            await client.close()
        return states, fresh, [answers, *events]

    states, fresh, (answers, *events) = asyncio.run(scenario())
    assert states == fresh
    lines = list(CaptionLine.objects.order_by("pk"))[18:]
    assert [answer["data"] for answer in answers] == [{"id": line.pk, "seq": line.sequence} for line in lines]
    first = first_seq(topic)  # the first of the 18 earlier lines
    assert [frame["seq"] for frame in events[0]] == [first + n for n in range(18, 23)]
    assert events[0] == events[1] == events[2]
    assert [line["text"] for line in fresh[1]["lines"]["en"]] == [
        *(f"Earlier line {number}." for number in range(2, 19)),
        "The Chair opens the session.",
        "Viet Nam has the floor.",
        "Thank you, Chair.",
    ]
    assert [line["seq"] for line in fresh[1]["lines"]["vi"]] == [1, 2]
    assert fresh[1]["lines"]["fr"] == []
    assert (fresh[0]["may_caption"], fresh[0]["captioning_languages"]) == (True, ["en", "vi"])
    assert (fresh[1]["may_caption"], fresh[1]["captioning_languages"]) == (False, [])
    assert fresh[2] == fresh[1]  # anonymous visitors read the same


def test_push_is_forbidden_for_those_who_do_not_caption() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    delegate = RegistrationFactory.create(event=session.event).user
    speaker = chair_of(session, role="speaker")
    clients = [captions_client(delegate), captions_client(speaker), captions_client()]

    async def scenario() -> list[dict[str, Any]]:
        answers = []
        for client in clients:
            snapshot = await client.subscribe(topic)
            assert snapshot["may_caption"] is False
            answers.append(await client.command(topic, "captions.push", {"language": "en", "text": "Let me in"}))
            await client.close()
        return answers

    answers = asyncio.run(scenario())
    refusal = "Only the session's captioners and moderators and the event's organisers may caption it."
    assert answers == [
        {"type": "error", "code": "forbidden", "message": refusal, "ref": "captions.push"},
        {"type": "error", "code": "forbidden", "message": refusal, "ref": "captions.push"},
        {"type": "error", "code": "sign_in", "message": "Sign in to do this.", "ref": "captions.push"},
    ]
    assert CaptionLine.objects.count() == 0


def test_invalid_push_data_gets_an_invalid_error_frame_with_fields() -> None:
    session = LiveSessionFactory.create(languages=["en", "fr"])
    topic = f"session:{session.pk}"
    captioner = captioner_of(session, languages=["fr"])
    client = captions_client(captioner)

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(topic, "captions.push", {"language": "fr", "text": "y" * 501}),
            await client.command(topic, "captions.push", {"language": "fr", "text": " \n "}),
            await client.command(topic, "captions.push", {"language": "en", "text": "Hello"}),
            await client.command(topic, "captions.push", {"language": "ar", "text": "مرحبا"}),
            await client.command(topic, "captions.push", {"language": "fr", "text": 5}),
            await client.command(topic, "captions.push", {"text": "Bonjour"}),
            await client.command(topic, "captions.push", {"language": "fr", "text": "Bonjour", "author": 1}),
        ]
        await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["type"], answer["code"], answer["fields"]) for answer in answers] == [
        ("error", "invalid", {"text": "String should have at most 500 characters"}),
        ("error", "invalid", {"text": "Write a caption first."}),
        ("error", "invalid", {"language": "You caption this session in: French."}),
        ("error", "invalid", {"language": "This session is captioned in: English, French."}),
        ("error", "invalid", {"text": "Input should be a valid string"}),
        ("error", "invalid", {"language": "Field required"}),
        ("error", "invalid", {"author": "Extra inputs are not permitted"}),
    ]
    assert CaptionLine.objects.count() == 0


def test_closed_session_captions_are_not_found_for_outsiders() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    services.push_caption(session=session, by=organiser, language="en", text="Confidential remarks.")
    client = LiveClient(query=f"token={issue_ticket(captioner_of(session))}".encode())

    async def scenario() -> dict[str, Any]:
        await client.connect()
        answer = await client.request({"type": "subscribe", "topic": f"session:{session.pk}"})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["type"], answer["code"]) == ("error", "not_found")
    assert "Confidential" not in str(answer)
