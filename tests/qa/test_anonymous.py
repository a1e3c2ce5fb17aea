"""Anonymous questions: the session's moderators allow them; then nobody sees who asked, moderators
included, on the page, in snapshots and in events. Only the author learns which are theirs."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from pavilion.live.broker import MemoryBroker
from pavilion.qa import services
from pavilion.qa.models import Question
from tests.factories import LiveSessionFactory, UserFactory
from tests.live.features import FeatureClient, chair_of, published
from tests.qa.test_live import apply


def page(client: Client, session: Any) -> str:
    response = client.get(f"/en/events/{session.event.slug}/sessions/{session.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_anonymous_questions_need_the_moderators_permission() -> None:
    session = LiveSessionFactory.create()
    chair, author = chair_of(session), UserFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.ask(session=session, by=author, text="Who pays?", anonymous=True)
    assert refused.value.message_dict == {"anonymous": ["This session does not take anonymous questions."]}
    with pytest.raises(PermissionDenied):
        services.allow_anonymous(session=session, by=author, allowed=True)
    assert services.anonymous_allowed(session=session) is False
    services.allow_anonymous(session=session, by=chair, allowed=True)
    question = services.ask(session=session, by=author, text="Who pays?", anonymous=True)
    assert (question.author, question.anonymous) == (author, True)
    services.allow_anonymous(session=session, by=chair, allowed=False)
    with pytest.raises(ValidationError):
        services.ask(session=session, by=author, text="And who audits?", anonymous=True)
    assert list(Question.objects.values_list("text", "anonymous")) == [("Who pays?", True)]


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_no_reader_learns_who_asked_and_only_the_author_learns_it_is_theirs(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    organiser, chair = UserFactory.create(), chair_of(session)
    session.event.organising_team.add(organiser)
    author = UserFactory.create(full_name="Trần Văn Minh")
    services.allow_anonymous(session=session, by=chair, allowed=True)
    question = services.ask(session=session, by=author, text="Who pays?", anonymous=True)
    services.moderate(question=question, by=chair, status="approved")
    services.ask(session=session, by=author, text="Named one")
    frames = {
        topic: published(broker, topic)
        for topic in (f"session:{session.pk}", f"user:{author.pk}", f"user:{chair.pk}", f"user:{organiser.pk}")
    }
    everything = json.dumps(frames, ensure_ascii=False)
    assert everything.count("Trần Văn Minh") == 3  # the named question, to its author and two moderators
    anonymous_data = [
        event["qa"]["question"]
        for events in frames.values()
        for event in events
        if event["qa"].get("question", {}).get("id") == question.pk
    ]
    assert {(data["author"], data["author_id"], data["anonymous"]) for data in anonymous_data} == {(None, None, True)}
    assert [event["qa"].get("asked") for event in frames[f"user:{author.pk}"]] == [question.pk, None]
    assert all("asked" not in event["qa"] for event in frames[f"user:{chair.pk}"])
    assert frames[f"session:{session.pk}"][0] == {"qa": {"session": session.pk, "anonymous_allowed": True}}
    for viewer in (organiser, chair, UserFactory.create(), None):
        state = services.state(session=session, user=viewer)
        shown = {data["id"]: data for data in state["questions"]}
        assert (shown[question.pk]["author"], shown[question.pk]["author_id"]) == (None, None)
        assert state["asked"] == []
    assert services.state(session=session, user=author)["asked"] == [question.pk]


@pytest.mark.django_db
def test_page_offers_the_choice_where_allowed_and_names_nobody(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair, author = chair_of(session), UserFactory.create(full_name="Trần Văn Minh")
    client.force_login(author)
    assert '<div class="field qa-anonymous" hidden>' in page(client, session)
    url = f"/en/events/{session.event.slug}/sessions/{session.slug}/questions/"
    refused = client.post(url, {"text": "Who pays?", "anonymous": "on"})
    assert refused.status_code == 400
    assert "This session does not take anonymous questions." in refused.content.decode()
    client.force_login(chair)
    html = page(client, session)
    assert "Questions are asked with a name." in html
    assert client.post(f"{url}anonymous/", {"allowed": "1"}).status_code == 302
    assert "Anonymous questions are allowed in this session." in page(client, session)
    client.force_login(author)
    html = page(client, session)
    assert '<div class="field qa-anonymous">' in html
    assert '<input type="checkbox" name="anonymous" aria-describedby="qa-anonymous_helptext" id="qa-anonymous">' in html
    assert 'class="qa-anonymous-setting"' not in html  # not a moderator
    assert client.post(url, {"text": "Who pays?", "anonymous": "on"}).status_code == 302
    question = Question.objects.get()
    assert (question.author, question.anonymous) == (author, True)
    client.force_login(chair)
    html = page(client, session)
    start = html.index(f'id="qa-question-{question.pk}"')
    item = html[start : html.index("</li>", start)]
    assert '<span class="qa-author">Anonymous</span>' in item
    assert "Trần Văn Minh" not in html


@pytest.mark.django_db(transaction=True)
def test_live_ask_anonymously_and_snapshot_plus_events_holds() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, author, reader = chair_of(session), UserFactory.create(), UserFactory.create()
    clients = [FeatureClient(person, part="qa", follow_user=True) for person in (chair, author, reader)]
    fresh = [FeatureClient(person, part="qa", follow_user=True) for person in (chair, author, reader)]

    async def scenario() -> tuple[Any, ...]:
        states = [await client.subscribe(topic) for client in clients]
        refused = await clients[1].command(topic, "qa.ask", {"text": "Too early?", "anonymous": True})
        await sync_to_async(lambda: services.allow_anonymous(session=session, by=chair, allowed=True))()
        asked = await clients[1].command(topic, "qa.ask", {"text": "Who pays?", "anonymous": True})
        approved = await clients[0].command(topic, "qa.moderate", {"id": asked["data"]["id"], "status": "approved"})
        own_vote = await clients[1].command(topic, "qa.vote", {"id": asked["data"]["id"]})
        # chair: allowed, pending, approved; author: the same (pending with "asked"); reader: allowed, approved.
        events = [await client.wait_for_events(count) for client, count in zip(clients, [3, 3, 2], strict=True)]
        for state, client_events in zip(states, events, strict=True):
            for frame in client_events:
                apply(state, frame["event"])
        snapshots = [await client.subscribe(topic) for client in fresh]
        for client in clients + fresh:
            await client.close()
        return states, snapshots, refused, approved, own_vote

    states, snapshots, refused, approved, own_vote = asyncio.run(scenario())
    assert (refused["code"], refused["fields"]) == (
        "invalid",
        {"anonymous": "This session does not take anonymous questions."},
    )
    assert approved["type"] == "ack"
    assert own_vote["fields"] == {"id": "You cannot vote for your own question."}
    assert states == snapshots
    question = Question.objects.get()
    assert [state["asked"] for state in snapshots] == [[], [question.pk], []]
    assert all(state["anonymous_allowed"] for state in snapshots)
    assert {(data["author"], data["author_id"]) for state in snapshots for data in state["questions"]} == {(None, None)}
