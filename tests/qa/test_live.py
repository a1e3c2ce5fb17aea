"""Q&A over /live: the snapshot part, the qa.* commands, where events go and their error frames."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pavilion.accounts.models import User
from pavilion.qa import services
from pavilion.qa.models import Question, QuestionVote
from tests.factories import LiveSessionFactory, UserFactory
from tests.live.features import FeatureClient, chair_of

pytestmark = pytest.mark.django_db(transaction=True)


def qa_client(user: User | None = None) -> FeatureClient:
    return FeatureClient(user, part="qa", follow_user=True)


def apply(state: dict[str, Any], event: dict[str, Any]) -> None:
    """What a client does with one qa event (frontend/src/state/qa.js does the same)."""
    change = event["qa"]
    if "question" in change:
        question = change["question"]
        state["questions"] = [shown for shown in state["questions"] if shown["id"] != question["id"]]
        if question["status"] != "hidden":
            state["questions"].append(question)
        state["questions"].sort(key=services.sort_key)
    if "voted" in change and change["voted"] not in state["voted"]:
        state["voted"] = sorted([*state["voted"], change["voted"]])
    if "asked" in change and change["asked"] not in state["asked"]:
        state["asked"] = sorted([*state["asked"], change["asked"]])
    if "anonymous_allowed" in change:
        state["anonymous_allowed"] = change["anonymous_allowed"]


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    earlier = services.ask(session=session, by=UserFactory.create(), text="Asked before anyone came")
    chair = chair_of(session)
    services.moderate(question=earlier, by=chair, status="approved")
    author, delegate = UserFactory.create(full_name="Author"), UserFactory.create(full_name="Delegate")
    people = [chair, author, delegate]
    clients, fresh_clients = [qa_client(person) for person in people], [qa_client(person) for person in people]
    chair_client, author_client, delegate_client = clients

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
        states = [await client.subscribe(topic) for client in clients]
        answers = [
            await author_client.command(topic, "qa.ask", {"text": "Who funds the programme?"}),
            await author_client.command(topic, "qa.ask", {"text": "Off topic"}),
        ]
        first, second = answers[0]["data"]["id"], answers[1]["data"]["id"]
        answers.append(await chair_client.command(topic, "qa.moderate", {"id": first, "status": "approved"}))
        answers.append(await delegate_client.command(topic, "qa.vote", {"id": first}))
        answers.append(await delegate_client.command(topic, "qa.vote", {"id": earlier.pk}))
        answers.append(await chair_client.command(topic, "qa.moderate", {"id": second, "status": "hidden"}))
        answers.append(await author_client.command(topic, "qa.vote", {"id": earlier.pk}))
        # chair: 2 pending + approval + 3 votes + hiding; author: the same + its own "voted";
        # delegate: the approval + 3 votes + its own 2 "voted", never the pending questions.
        counts = [7, 8, 6]
        events = [await client.wait_for_events(count) for client, count in zip(clients, counts, strict=True)]
        for state, client_events in zip(states, events, strict=True):
            for frame in client_events:
                apply(state, frame["event"])
        fresh = [await client.subscribe(topic) for client in fresh_clients]
        for client in clients + fresh_clients:
            await client.close()
        return states, fresh, answers, events

    states, fresh, answers, events = asyncio.run(scenario())
    assert [answer["type"] for answer in answers] == ["ack"] * 7
    assert [len(client_events) for client_events in events] == [7, 8, 6]
    assert states == fresh
    first = Question.objects.get(text="Who funds the programme?")
    expected = [services.question_data(question) for question in [earlier, first]]
    expected[0]["votes"], expected[0]["status"] = 2, "approved"
    expected[1]["votes"], expected[1]["status"] = 1, "approved"
    nameless = {"asked": [], "anonymous_allowed": False}
    assert fresh[0] == {"questions": expected, "is_moderator": True, "voted": [], **nameless}
    assert fresh[1] == {"questions": expected, "is_moderator": False, "voted": [earlier.pk], **nameless}
    assert fresh[2] == {
        "questions": expected,
        "is_moderator": False,
        "voted": sorted([earlier.pk, first.pk]),
        **nameless,
    }
    # The delegate never received the pending questions, nor anyone's votes but their own.
    assert "Off topic" not in str(events[2])


def test_invalid_and_refused_commands_get_error_frames_and_change_nothing() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    author, delegate, chair = UserFactory.create(), UserFactory.create(), chair_of(session)
    pending = services.ask(session=session, by=author, text="Not yet approved")
    mine = services.moderate(
        question=services.ask(session=session, by=delegate, text="Mine"), by=chair, status="approved"
    )
    elsewhere = services.ask(session=LiveSessionFactory.create(), by=author, text="Elsewhere")
    client = qa_client(delegate)

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(topic, "qa.ask", {"text": "x" * 301}),
            await client.command(topic, "qa.ask", {"text": "hi", "colour": "red"}),
            await client.command(topic, "qa.ask", {"text": "   "}),
            await client.command(topic, "qa.vote", {"id": "1"}),
            await client.command(topic, "qa.vote", {"id": pending.pk}),
            await client.command(topic, "qa.vote", {"id": elsewhere.pk}),
            await client.command(topic, "qa.vote", {"id": mine.pk}),
            await client.command(topic, "qa.moderate", {"id": pending.pk, "status": "approved"}),
            await client.command(topic, "qa.moderate", {"id": pending.pk, "status": "pending"}),
        ]
        await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["code"], answer.get("fields") or answer["message"]) for answer in answers] == [
        ("invalid", {"text": "String should have at most 300 characters"}),
        ("invalid", {"colour": "Extra inputs are not permitted"}),
        ("invalid", {"text": "Write your question first."}),
        ("invalid", {"id": "Input should be a valid integer"}),
        ("invalid", {"id": "There is no such question in this session."}),
        ("invalid", {"id": "There is no such question in this session."}),
        ("invalid", {"id": "You cannot vote for your own question."}),
        ("forbidden", "Only the session's moderators and the event's organisers may do this."),
        ("invalid", {"status": "Input should be 'approved', 'hidden' or 'answered'"}),
    ]
    assert Question.objects.filter(session=session).count() == 2
    assert Question.objects.get(pk=pending.pk).status == "pending"
    assert QuestionVote.objects.count() == 0


def test_anonymous_visitor_sees_approved_questions_but_asking_needs_an_account() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    question = services.ask(session=session, by=UserFactory.create(), text="Public one")
    services.moderate(question=question, by=chair_of(session), status="approved")
    services.ask(session=session, by=UserFactory.create(), text="Pending one")
    client = qa_client()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        snapshot = await client.subscribe(topic)
        answer = await client.command(topic, "qa.ask", {"text": "hello"})
        await client.close()
        return snapshot, answer

    snapshot, answer = asyncio.run(scenario())
    question.refresh_from_db()
    assert snapshot == {
        "questions": [services.question_data(question)],
        "is_moderator": False,
        "voted": [],
        "asked": [],
        "anonymous_allowed": False,
    }
    assert answer == {"type": "error", "code": "sign_in", "message": "Sign in to do this.", "ref": "qa.ask"}
    assert Question.objects.count() == 2
