"""A moderator changes when a poll's results are shown after creating it: validated, published, and
the followers of the counts authorised again."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pavilion.events.models import Session
from pavilion.live.broker import MemoryBroker
from pavilion.polls import services
from pavilion.polls.models import Poll
from tests.factories import LiveSessionFactory, UserFactory
from tests.live.features import FeatureClient, chair_of, published
from tests.polls.conftest import open_poll, option_ids

pytestmark = pytest.mark.django_db(transaction=True)


def results_url(poll: Poll) -> str:
    session = poll.session
    kwargs = {"event_slug": session.event.slug, "session_slug": session.slug, "poll_id": poll.pk}
    return reverse("polls:show_results", kwargs=kwargs)


def test_moderator_hides_live_results_until_closing_and_the_session_topic_loses_the_counts(
    broker: MemoryBroker,
) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    poll = open_poll(session, chair, show_results="live")
    services.vote(poll=poll, by=UserFactory.create(), option_ids=option_ids(poll)[:1])
    before = len(published(broker, session))

    services.change_show_results(poll=poll, by=chair, show_results="closed")

    assert Poll.objects.get(pk=poll.pk).show_results == "closed"
    [event] = published(broker, session)[before:]
    assert event["polls"]["poll"]["show_results"] == "closed"
    assert [option["votes"] for option in event["polls"]["poll"]["options"]] == [None, None, None]
    # The counts of this change go to the moderators' own topics, never to poll:<id>, where a voter
    # may still be until the access check has run.
    assert published(broker, services.results_topic(poll)) == []
    counted = published(broker, f"user:{chair.pk}")[-1]  # after the draft's
    assert [option["votes"] for option in counted["polls"]["poll"]["options"]] == [1, 0, 0]
    assert counted["polls"]["poll"]["show_results"] == "closed"
    # The same choice again changes nothing and publishes nothing.
    services.change_show_results(poll=poll, by=chair, show_results="closed")
    assert len(published(broker, session)) == before + 1


def test_only_moderators_change_it_to_a_known_choice_before_the_poll_closes_or_the_session_ends() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    poll = open_poll(session, chair, show_results="voted")
    with pytest.raises(PermissionDenied):
        services.change_show_results(poll=poll, by=UserFactory.create(), show_results="live")
    with pytest.raises(ValidationError) as unknown:
        services.change_show_results(poll=poll, by=chair, show_results="never")
    assert unknown.value.message_dict == {"show_results": ["Choose when the results are shown."]}
    services.close_poll(poll=poll, by=chair)
    with pytest.raises(ValidationError) as closed:
        services.change_show_results(poll=poll, by=chair, show_results="live")
    assert closed.value.message_dict == {"show_results": ["This poll is closed: its results are shown to everyone."]}
    assert Poll.objects.get(pk=poll.pk).show_results == "voted"

    other = open_poll(session, chair, show_results="voted")
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=5), ends_at=timezone.now() - timedelta(hours=1)
    )
    other.session.refresh_from_db()
    with pytest.raises(ValidationError):
        services.change_show_results(poll=other, by=chair, show_results="live")
    assert Poll.objects.get(pk=other.pk).show_results == "voted"


def test_the_form_on_the_session_page_changes_it_for_moderators_and_refuses_others() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    poll = open_poll(session, chair, show_results="voted")
    client = Client()
    client.force_login(chair)
    page = client.get(f"/en/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert (
        f'<form method="post" action="{results_url(poll)}" class="poll-show-results" '
        f'data-command="polls.show_results" data-id="{poll.pk}">'
    ) in page
    assert f'<label for="poll-{poll.pk}-show-results">Show the results</label>' in page
    assert '<option value="voted" selected>' in page

    response = client.post(results_url(poll), {"show_results": "live"})
    assert response.status_code == 302
    assert Poll.objects.get(pk=poll.pk).show_results == "live"
    response = client.post(results_url(poll), {"show_results": "sometimes"}, follow=True)
    assert "Choose when the results are shown." in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).show_results == "live"

    delegate = Client()
    delegate.force_login(UserFactory.create())
    assert delegate.post(results_url(poll), {"show_results": "closed"}).status_code == 403
    assert Poll.objects.get(pk=poll.pk).show_results == "live"
    page = delegate.get(f"/en/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert "poll-show-results" not in page


def test_the_live_command_changes_it_for_moderators_and_is_forbidden_to_others() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, delegate = chair_of(session), UserFactory.create()
    poll = open_poll(session, chair, show_results="voted")

    clients = [(FeatureClient(user, part="polls"), value) for user, value in ((delegate, "live"), (chair, "bogus"))]
    clients.append((FeatureClient(chair, part="polls"), "closed"))

    async def scenario() -> list[dict[str, Any]]:
        answers = []
        for client, value in clients:
            await client.subscribe(topic)
            answers.append(await client.command(topic, "polls.show_results", {"id": poll.pk, "show_results": value}))
            await client.close()
        return answers

    forbidden, invalid, done = asyncio.run(scenario())
    assert (forbidden["type"], forbidden["code"]) == ("error", "forbidden")
    assert (invalid["type"], invalid["code"]) == ("error", "invalid")
    assert done == {"type": "ack", "data": {"id": poll.pk}, "ref": "polls.show_results"}
    assert Poll.objects.get(pk=poll.pk).show_results == "closed"
