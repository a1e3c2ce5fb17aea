"""Ended sessions are read-only: chat, questions, polls, the floor and captions take input while a
session runs and refuse it, with a clear reason and no change, once it has ended — through the
services, the pages' forms and the live commands alike; the page then shows the record, not forms."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pavilion.captions import services as captions
from pavilion.captions.models import CaptionLine
from pavilion.chat import services as chat
from pavilion.chat.models import ChatMessage
from pavilion.events.lifecycle import has_ended
from pavilion.events.models import Session
from pavilion.floor import services as floor
from pavilion.floor.models import FloorRequest
from pavilion.live.broker import MemoryBroker
from pavilion.polls import services as polls
from pavilion.polls.models import Poll, PollVote
from pavilion.qa import services as qa
from pavilion.qa.models import Question, QuestionVote
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import FeatureClient, chair_of, fresh_broker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


def end(session: Session) -> None:
    """The session ended a minute ago."""
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=1))
    session.refresh_from_db()


def participant(session: Session) -> Any:
    user = UserFactory.create()
    RegistrationFactory.create(event=session.event, user=user, function="delegate", country="VN")
    return user


def _chat(session: Session) -> Callable[[], object]:
    person = participant(session)
    return lambda: chat.post_message(session=session, by=person, text="Thank you, Chair.")


def _ask(session: Session) -> Callable[[], object]:
    person = participant(session)
    return lambda: qa.ask(session=session, by=person, text="When is the report due?")


def _vote_question(session: Session) -> Callable[[], object]:
    question = Question.objects.create(session=session, author=UserFactory.create(), text="Why?", status="approved")
    person = participant(session)
    return lambda: qa.vote(question=question, by=person)


def _vote_poll(session: Session) -> Callable[[], object]:
    chair = chair_of(session)
    poll = polls.create_poll(session=session, by=chair, question="Which first?", kind="single", options=["A", "B"])
    polls.open_poll(poll=poll, by=chair)
    option = poll.options.first()
    assert option is not None
    person = participant(session)
    return lambda: polls.vote(poll=poll, by=person, option_ids=[option.pk])


def _create_poll(session: Session) -> Callable[[], object]:
    chair = chair_of(session)
    return lambda: polls.create_poll(session=session, by=chair, question="Which?", kind="single", options=["A", "B"])


def _request_floor(session: Session) -> Callable[[], object]:
    person = participant(session)
    return lambda: floor.request_floor(session=session, by=person)


def _give_floor(session: Session) -> Callable[[], object]:
    chair = chair_of(session)
    request = floor.request_floor(session=session, by=participant(session))
    return lambda: floor.give_floor(request=request, by=chair)


def _caption(session: Session) -> Callable[[], object]:
    chair = chair_of(session)
    return lambda: captions.push_caption(session=session, by=chair, language="en", text="Good morning.")


def _rows() -> list[int]:
    models: list[Any] = [ChatMessage, Question, QuestionVote, Poll, PollVote, FloorRequest, CaptionLine]
    return [model.objects.count() for model in models] + [FloorRequest.objects.filter(status="speaking").count()]


INPUTS: dict[str, tuple[Callable[[Session], Callable[[], object]], str, str]] = {
    "chat message": (_chat, "text", "This session has ended: its chat is closed."),
    "question": (_ask, "text", "This session has ended: it takes no more questions."),
    "vote for a question": (_vote_question, "id", "This session has ended: its questions take no more votes."),
    "poll ballot": (_vote_poll, "options", "This session has ended: its polls are closed."),
    "new poll": (_create_poll, "question", "This session has ended: its polls are closed."),
    "request for the floor": (_request_floor, "floor", "This session has ended: its list of speakers is closed."),
    "giving the floor": (_give_floor, "id", "This session has ended: its list of speakers is closed."),
    "caption line": (_caption, "text", "This session has ended: its captions are closed."),
}


@pytest.mark.parametrize("kind", INPUTS)
def test_a_live_session_takes_input(kind: str) -> None:
    prepare, _field, _refusal = INPUTS[kind]
    session = LiveSessionFactory.create(languages=["en"])
    act = prepare(session)
    before = _rows()
    act()
    assert _rows() != before


@pytest.mark.parametrize("kind", INPUTS)
def test_an_ended_session_refuses_input_and_changes_nothing(kind: str, broker: MemoryBroker) -> None:
    prepare, field, refusal = INPUTS[kind]
    session = LiveSessionFactory.create(languages=["en"])
    act = prepare(session)
    end(session)
    before, history = _rows(), broker.kept(f"session:{session.pk}")
    with pytest.raises(ValidationError) as refused:
        act()
    assert refused.value.message_dict == {field: [refusal]}
    assert _rows() == before
    assert broker.kept(f"session:{session.pk}") == history


def test_has_ended_at_the_end_time_exactly() -> None:
    session = LiveSessionFactory.create()
    assert has_ended(session, now=session.ends_at - timedelta(seconds=1)) is False
    assert has_ended(session, now=session.ends_at) is True


def _page(client: Client, session: Session) -> str:
    response = client.get(f"/en/events/{session.event.slug}/sessions/{session.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _url(name: str, session: Session) -> str:
    return reverse(name, kwargs={"event_slug": session.event.slug, "session_slug": session.slug})


def _session_with_a_record() -> tuple[Session, Any]:
    session = LiveSessionFactory.create(languages=["en"])
    chair = chair_of(session)
    person = participant(session)
    chat.post_message(session=session, by=person, text="A word for the record.")
    poll = polls.create_poll(session=session, by=chair, question="Which first?", kind="single", options=["A", "B"])
    polls.open_poll(poll=poll, by=chair)
    floor.request_floor(session=session, by=participant(session))
    return session, person


def test_a_live_session_page_shows_the_forms(client: Client) -> None:
    session, person = _session_with_a_record()
    client.force_login(person)
    html = _page(client, session)
    for name in ["chat:send", "qa:ask", "floor:request"]:
        assert f'action="{_url(name, session)}"' in html
    assert 'class="poll-vote"' in html
    assert "build/live.js" in html
    assert "This session has ended:" not in html


def test_an_ended_session_page_shows_the_record_without_forms(client: Client) -> None:
    session, person = _session_with_a_record()
    end(session)
    client.force_login(person)
    html = _page(client, session)
    assert "A word for the record." in html
    assert "Which first?" in html
    for name in ["chat:send", "qa:ask", "floor:request"]:
        assert f'action="{_url(name, session)}"' not in html
    assert 'class="poll-vote"' not in html
    assert "build/live.js" not in html
    for refusal in [
        "This session has ended: its chat is closed.",
        "This session has ended: it takes no more questions.",
        "This session has ended: its polls are closed.",
        "This session has ended: its list of speakers is closed.",
    ]:
        assert refusal in html


def test_posting_to_an_ended_session_is_refused_with_the_reason(client: Client) -> None:
    session, person = _session_with_a_record()
    end(session)
    client.force_login(person)
    before = _rows()
    response = client.post(_url("chat:send", session), {"text": "Too late?"})
    assert response.status_code == 400
    assert "This session has ended: its chat is closed." in response.content.decode()
    response = client.post(_url("qa:ask", session), {"text": "Too late?"})
    assert response.status_code == 400
    assert "This session has ended: it takes no more questions." in response.content.decode()
    response = client.post(_url("floor:request", session), follow=True)
    assert "This session has ended: its list of speakers is closed." in response.content.decode()
    assert _rows() == before


def test_a_live_command_in_an_ended_session_gets_the_reason() -> None:
    session = LiveSessionFactory.create()
    person = participant(session)
    end(session)
    client = FeatureClient(person, part="chat")
    topic = f"session:{session.pk}"

    async def scenario() -> dict[str, Any]:
        await client.subscribe(topic)
        answer = await client.command(topic, "chat.send", {"text": "Anyone there?"})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["type"], answer["code"], answer["fields"]) == (
        "error",
        "invalid",
        {"text": "This session has ended: its chat is closed."},
    )
    assert not ChatMessage.objects.filter(session=session).exists()
