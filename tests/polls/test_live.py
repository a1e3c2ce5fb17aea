"""Polls over /live: the snapshot part, the polls.* commands and their error frames."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import sync_to_async

from pavilion.accounts.models import User
from pavilion.live.auth import issue_ticket
from pavilion.polls import services
from pavilion.polls.models import Poll, PollVote
from tests.factories import LiveSessionFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import FeatureClient, chair_of, first_seq
from tests.polls.conftest import open_poll, option_ids

pytestmark = pytest.mark.django_db(transaction=True)


def poll_client(user: User | None = None) -> FeatureClient:
    """Follows the session and, when signed in, the user's own topic (where moderators get drafts)."""
    return FeatureClient(user, part="polls", follow_user=user is not None)


def apply(state: dict[str, Any], event: dict[str, Any]) -> None:
    """What a client does with one polls event (frontend/src/state/polls.js does the same): replace by id."""
    poll = event["polls"]["poll"]
    known = [item["id"] for item in state["polls"]]
    if poll["id"] in known:
        state["polls"][known.index(poll["id"])] = poll
    else:
        state["polls"] = [*state["polls"], poll]


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, delegate = chair_of(session), UserFactory.create()
    earlier = open_poll(session, chair, question="Earlier poll?")
    services.vote(poll=earlier, by=UserFactory.create(), option_ids=option_ids(earlier)[:1])
    chair_client, delegate_client = poll_client(chair), poll_client(delegate)
    fresh_chair, fresh_delegate = poll_client(chair), poll_client(delegate)

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[dict[str, Any]]]]:
        states = [await chair_client.subscribe(topic), await delegate_client.subscribe(topic)]
        answers = [
            await chair_client.command(
                topic,
                "polls.create",
                {
                    "question": "Which targets matter most?",
                    "kind": "multiple",
                    "options": ["Rural", "Schools", "Clinics"],
                    "show_results": "live",
                },
            ),
            await chair_client.command(
                topic, "polls.create", {"question": "Draft only", "kind": "single", "options": ["A", "B"]}
            ),
        ]
        created = answers[0]["data"]["id"]
        answers.append(await chair_client.command(topic, "polls.open", {"id": created}))
        options = await sync_to_async(lambda: option_ids(Poll.objects.get(pk=created)))()
        answers.append(await delegate_client.command(topic, "polls.vote", {"id": created, "options": options[:2]}))
        answers.append(await chair_client.command(topic, "polls.vote", {"id": created, "options": [options[1]]}))
        answers.append(await chair_client.command(topic, "polls.close", {"id": earlier.pk}))
        # The chair also receives the two drafts on user:<chair>; the delegate never sees them.
        events = [await chair_client.wait_for_events(6), await delegate_client.wait_for_events(4)]
        for state, client_events in zip(states, events, strict=True):
            for frame in client_events:
                apply(state, frame["event"])
        # What polls.js does with a polls.vote acknowledgement.
        states[0]["voted"] = sorted({*states[0]["voted"], created})
        states[1]["voted"] = sorted({*states[1]["voted"], created})
        fresh = [await fresh_chair.subscribe(topic), await fresh_delegate.subscribe(topic)]
        for client in (chair_client, delegate_client, fresh_chair, fresh_delegate):
            await client.close()
        return states, fresh, [answers, *events]

    states, fresh, (answers, chair_events, delegate_events) = asyncio.run(scenario())
    assert states == fresh
    assert [answer["type"] for answer in answers] == ["ack"] * 6
    own, first = first_seq(f"user:{chair.pk}"), first_seq(topic)
    assert [(frame["topic"], frame["seq"]) for frame in chair_events] == [
        (f"user:{chair.pk}", own + 1),  # the earlier poll's draft was the first
        (f"user:{chair.pk}", own + 2),
        (topic, first + 2),  # the earlier poll opened (first) and got a vote (first + 1) before
        (topic, first + 3),
        (topic, first + 4),
        (topic, first + 5),
    ]
    assert chair_events[2:] == delegate_events
    assert all(frame["event"]["polls"]["poll"]["status"] != "draft" for frame in delegate_events)
    created, draft = Poll.objects.exclude(pk=earlier.pk).order_by("pk")
    assert [poll["id"] for poll in fresh[0]["polls"]] == [earlier.pk, created.pk, draft.pk]
    assert fresh[1] == {
        "polls": services.polls_data([Poll.objects.get(pk=earlier.pk), Poll.objects.get(pk=created.pk)]),
        "is_moderator": False,
        "voted": [created.pk],
    }
    results = fresh[1]["polls"][1]
    assert (results["status"], results["ballots"]) == ("open", 2)
    assert [option["votes"] for option in results["options"]] == [1, 2, 0]
    assert fresh[1]["polls"][0]["status"] == "closed"
    assert fresh[0]["is_moderator"] is True


def test_invalid_command_data_gets_an_invalid_error_frame_with_fields() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    poll = open_poll(session, organiser)
    elsewhere = LiveSessionFactory.create()
    other = open_poll(elsewhere, chair_of(elsewhere))
    ours, theirs = option_ids(poll), option_ids(other)
    client = poll_client(organiser)

    async def scenario() -> list[dict[str, Any]]:
        await client.subscribe(topic)
        answers = [
            await client.command(
                topic, "polls.create", {"question": "q" * 201, "kind": "single", "options": ["A", "B"]}
            ),
            await client.command(
                topic, "polls.create", {"question": "Which?", "kind": "ranked", "options": ["A", "B"]}
            ),
            await client.command(topic, "polls.create", {"question": "Which?", "kind": "single", "options": ["A"]}),
            await client.command(topic, "polls.create", {"question": " ", "kind": "single", "options": ["A", "B"]}),
            await client.command(topic, "polls.open", {"id": other.pk}),
            await client.command(topic, "polls.vote", {"id": poll.pk, "options": theirs[:1]}),
            await client.command(topic, "polls.vote", {"id": poll.pk, "options": ours[:2]}),
            await client.command(topic, "polls.vote", {"id": poll.pk, "options": ["1"]}),
        ]
        await client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["type"], answer["code"], answer["fields"]) for answer in answers] == [
        ("error", "invalid", {"question": "String should have at most 200 characters"}),
        ("error", "invalid", {"kind": "Input should be 'single' or 'multiple'"}),
        ("error", "invalid", {"options": "A poll needs 2 to 10 options (it has 1)."}),
        ("error", "invalid", {"question": "Write a question first."}),
        ("error", "invalid", {"id": "There is no such poll in this session."}),
        ("error", "invalid", {"options": "Choose among this poll's options."}),
        ("error", "invalid", {"options": "Choose only one option in this poll."}),
        ("error", "invalid", {"options.0": "Input should be a valid integer"}),
    ]
    assert Poll.objects.filter(session=session).count() == 1
    assert PollVote.objects.count() == 0
    assert Poll.objects.get(pk=other.pk).status == "open"


def test_delegate_moderation_commands_are_forbidden_and_a_second_vote_is_refused() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, delegate = chair_of(session), UserFactory.create()
    poll = open_poll(session, chair)
    draft = services.create_poll(session=session, by=chair, question="Secret?", kind="single", options=["A", "B"])
    ours, drafted = option_ids(poll), option_ids(draft)
    client = poll_client(delegate)

    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        snapshot = await client.subscribe(topic)
        answers = [
            await client.command(topic, "polls.create", {"question": "Mine?", "kind": "single", "options": ["A", "B"]}),
            await client.command(topic, "polls.open", {"id": draft.pk}),
            await client.command(topic, "polls.close", {"id": poll.pk}),
            await client.command(topic, "polls.vote", {"id": draft.pk, "options": drafted[:1]}),
            await client.command(topic, "polls.vote", {"id": poll.pk, "options": ours[:1]}),
            await client.command(topic, "polls.vote", {"id": poll.pk, "options": ours[1:2]}),
        ]
        await client.close()
        return snapshot, answers

    snapshot, answers = asyncio.run(scenario())
    assert [poll_data["id"] for poll_data in snapshot["polls"]] == [poll.pk]  # not the draft
    moderators_only = "Only the session's moderators and the event's organisers may do this."
    assert [(answer["type"], answer.get("code"), answer.get("message")) for answer in answers[:3]] == [
        ("error", "forbidden", moderators_only)
    ] * 3
    assert answers[3]["fields"] == {"id": "There is no such poll in this session."}
    assert answers[4] == {"type": "ack", "data": {"id": poll.pk}, "ref": "polls.vote"}
    assert (answers[5]["code"], answers[5]["fields"]) == (
        "invalid",
        {"options": "You have already voted in this poll."},
    )
    assert dict(Poll.objects.values_list("pk", "status")) == {poll.pk: "open", draft.pk: "draft"}
    assert PollVote.objects.filter(voter=delegate).count() == 1


def test_anonymous_visitor_sees_results_but_voting_needs_an_account() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    poll = open_poll(session, chair_of(session))
    ours, expected = option_ids(poll), services.polls_data([poll])
    client = poll_client()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        snapshot = await client.subscribe(topic)
        answer = await client.command(topic, "polls.vote", {"id": poll.pk, "options": ours[:1]})
        await client.close()
        return snapshot, answer

    snapshot, answer = asyncio.run(scenario())
    assert snapshot == {"polls": expected, "is_moderator": False, "voted": []}
    assert answer == {"type": "error", "code": "sign_in", "message": "Sign in to do this.", "ref": "polls.vote"}
    assert PollVote.objects.count() == 0


def test_closed_session_polls_are_not_found_for_outsiders() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    poll = open_poll(session, organiser, question="Confidential question?")
    client = LiveClient(query=f"token={issue_ticket(UserFactory.create())}".encode())

    async def scenario() -> dict[str, Any]:
        await client.connect()
        answer = await client.request({"type": "subscribe", "topic": f"session:{session.pk}"})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["type"], answer["code"]) == ("error", "not_found")
    assert poll.question not in str(answer)
