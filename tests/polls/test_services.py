"""Poll rules: who creates, opens, closes and votes, and the events each change publishes after its commit."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.events.models import SessionRole
from pavilion.live.broker import MemoryBroker
from pavilion.polls import services
from pavilion.polls.models import Poll, PollOption, PollStatus, PollVote
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of, published
from tests.polls.conftest import open_poll, option_ids

pytestmark = pytest.mark.django_db
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
MODERATORS_ONLY = "Only the session's moderators and the event's organisers may do this."


def statuses(broker: MemoryBroker, topic: Any) -> list[str]:
    return [event["polls"]["poll"]["status"] for event in published(broker, topic)]


def test_organiser_creates_a_draft_poll_published_after_the_commit(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        poll = services.create_poll(
            session=session,
            by=organiser,
            question="  Should the plan include satellite?  ",
            kind="multiple",
            options=[" Yes ", "No", "Only for islands"],
        )
        assert published(broker, session) == []  # not before the commit
    stored = Poll.objects.get()
    assert (stored.pk, stored.session, stored.question, stored.kind, stored.status, stored.created_by) == (
        poll.pk,
        session,
        "Should the plan include satellite?",
        "multiple",
        "draft",
        organiser,
    )
    options = list(PollOption.objects.filter(poll=poll).order_by("position"))
    assert [(option.text, option.position) for option in options] == [
        ("Yes", 1),
        ("No", 2),
        ("Only for islands", 3),
    ]
    assert published(broker, session) == []  # a draft is for moderators' eyes only
    assert published(broker, f"user:{organiser.pk}") == [
        {
            "polls": {
                "session": session.pk,
                "poll": {
                    "id": poll.pk,
                    "question": "Should the plan include satellite?",
                    "kind": "multiple",
                    "status": "draft",
                    "show_results": "voted",
                    "options": [{"id": option.pk, "text": option.text, "votes": 0} for option in options],
                    "ballots": 0,
                },
            }
        }
    ]


@pytest.mark.django_db(transaction=True)  # publishes on each commit
@pytest.mark.parametrize("role", [SessionRole.CHAIR, SessionRole.MODERATOR])
def test_chairs_and_moderators_create_open_and_close(broker: MemoryBroker, role: str) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session, role)
    poll = services.create_poll(session=session, by=chair, question="Ready?", kind="single", options=["Yes", "No"])
    assert services.open_poll(poll=poll, by=chair).status == "open"
    assert services.close_poll(poll=poll, by=chair).status == "closed"
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    assert statuses(broker, session) == ["open", "closed"]
    assert statuses(broker, f"user:{chair.pk}") == ["draft"]


@pytest.mark.django_db(transaction=True)  # publishes on each commit
@pytest.mark.parametrize("who", ["delegate", "speaker", "anonymous", "organiser of another event"])
def test_others_cannot_create_open_or_close_and_nothing_changes(broker: MemoryBroker, who: str) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    draft = services.create_poll(session=session, by=chair, question="Draft?", kind="single", options=["A", "B"])
    running = open_poll(session, chair)
    before = published(broker, session)
    if who == "delegate":
        person: Any = UserFactory.create()
    elif who == "speaker":
        person = chair_of(session, SessionRole.SPEAKER)
    elif who == "anonymous":
        person = None
    else:
        person = UserFactory.create()
        LiveSessionFactory.create().event.organising_team.add(person)
    expected = "Sign in to do this." if who == "anonymous" else MODERATORS_ONLY
    for attempt in [
        lambda: services.create_poll(session=session, by=person, question="Mine?", kind="single", options=["A", "B"]),
        lambda: services.open_poll(poll=draft, by=person),
        lambda: services.close_poll(poll=running, by=person),
    ]:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert str(refused.value) == expected
    assert Poll.objects.count() == 2
    assert dict(Poll.objects.values_list("pk", "status")) == {draft.pk: "draft", running.pk: "open"}
    assert published(broker, session) == before


@pytest.mark.parametrize(
    ("question", "kind", "options", "errors"),
    [
        ("  ", "single", ["A", "B"], {"question": ["Write a question first."]}),
        ("q" * 201, "single", ["A", "B"], {"question": ["A question can have at most 200 characters (it has 201)."]}),
        ("Which?", "ranked", ["A", "B"], {"kind": ["Choose single or multiple choice."]}),
        ("Which?", "single", ["Only one"], {"options": ["A poll needs 2 to 10 options (it has 1)."]}),
        ("Which?", "single", [str(n) for n in range(11)], {"options": ["A poll needs 2 to 10 options (it has 11)."]}),
        ("Which?", "single", ["A", "  "], {"options": ["Every option needs a text."]}),
        (
            "Which?",
            "single",
            ["A", "o" * 101],
            {"options": ["An option can have at most 100 characters (one has 101)."]},
        ),
        ("Which?", "single", ["Yes", " yes"], {"options": ["Each option must be different."]}),
    ],
    ids=[
        "blank-question",
        "long-question",
        "kind",
        "one-option",
        "eleven-options",
        "blank-option",
        "long-option",
        "same",
    ],
)
def test_invalid_polls_are_refused_and_nothing_is_stored(
    broker: MemoryBroker, question: str, kind: str, options: list[str], errors: dict[str, list[str]]
) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    with pytest.raises(ValidationError) as refused:
        services.create_poll(session=session, by=chair, question=question, kind=kind, options=options)
    assert refused.value.message_dict == errors
    assert (Poll.objects.count(), PollOption.objects.count()) == (0, 0)
    assert published(broker, session) == []


def test_ten_options_and_200_characters_are_accepted() -> None:
    session = LiveSessionFactory.create()
    poll = services.create_poll(
        session=session,
        by=chair_of(session),
        question="é" * 200,
        kind="single",
        options=[f"Option {n}" for n in range(10)],
    )
    assert (len(poll.question), poll.options.count()) == (200, 10)


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_status_changes_follow_draft_open_closed(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    poll = services.create_poll(session=session, by=chair, question="Order?", kind="single", options=["A", "B"])
    with pytest.raises(ValidationError) as refused:
        services.close_poll(poll=poll, by=chair)
    assert refused.value.message_dict == {"id": ["Only an open poll can be closed."]}
    services.open_poll(poll=poll, by=chair)
    services.open_poll(poll=poll, by=chair)  # again: nothing changes, nothing is published
    services.close_poll(poll=poll, by=chair)
    services.close_poll(poll=poll, by=chair)
    with pytest.raises(ValidationError) as reopened:
        services.open_poll(poll=poll, by=chair)
    assert reopened.value.message_dict == {"id": ["A closed poll cannot be opened again."]}
    poll.refresh_from_db()
    assert poll.status == "closed"
    assert statuses(broker, session) == ["open", "closed"]
    assert statuses(broker, f"user:{chair.pk}") == ["draft"]


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_a_person_votes_once_and_the_counts_are_published(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session))
    first, second, _third = option_ids(poll)
    lan, omar = UserFactory.create(), UserFactory.create()
    services.vote(poll=poll, by=lan, option_ids=[second])
    ballot = services.vote(poll=poll, by=omar, option_ids=[second])
    assert (ballot.poll, ballot.voter, list(ballot.options.values_list("pk", flat=True))) == (poll, omar, [second])
    with pytest.raises(ValidationError) as again:
        services.vote(poll=poll, by=lan, option_ids=[first])
    assert again.value.message_dict == {"options": ["You have already voted in this poll."]}
    assert PollVote.objects.filter(voter=lan).count() == 1
    last = published(broker, session)[-1]["polls"]["poll"]
    assert len(published(broker, session)) == 3  # open, two ballots (the draft went to the chair only)
    assert [option["votes"] for option in last["options"]] == [0, 2, 0]
    assert (last["ballots"], last["status"]) == (2, "open")
    assert services.voted_ids(session=session, user=lan) == [poll.pk]
    assert services.voted_ids(session=session, user=UserFactory.create()) == []


@pytest.mark.django_db(transaction=True)  # publishes on each commit
@pytest.mark.parametrize(
    ("kind", "pick", "error"),
    [
        ("single", [], "Choose an option."),
        ("single", [0, 1], "Choose only one option in this poll."),
        ("multiple", [], "Choose an option."),
    ],
)
def test_single_takes_exactly_one_option_and_multiple_at_least_one(
    broker: MemoryBroker, kind: str, pick: list[int], error: str
) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session), kind=kind)
    ids = option_ids(poll)
    with pytest.raises(ValidationError) as refused:
        services.vote(poll=poll, by=UserFactory.create(), option_ids=[ids[index] for index in pick])
    assert refused.value.message_dict == {"options": [error]}
    assert PollVote.objects.count() == 0
    assert statuses(broker, session) == ["open"]


def test_multiple_choice_counts_each_option_once_per_ballot() -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session), kind="multiple")
    first, _second, third = option_ids(poll)
    services.vote(poll=poll, by=UserFactory.create(), option_ids=[first, third, first])
    services.vote(poll=poll, by=UserFactory.create(), option_ids=[third])
    data = services.polls_data([Poll.objects.get()])[0]
    assert [option["votes"] for option in data["options"]] == [1, 0, 2]
    assert data["ballots"] == 2


def test_closed_and_draft_polls_refuse_votes() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    closed = services.close_poll(poll=open_poll(session, chair), by=chair)
    draft = services.create_poll(session=session, by=chair, question="Later?", kind="single", options=["A", "B"])
    for poll in [closed, draft]:
        with pytest.raises(ValidationError) as refused:
            services.vote(poll=poll, by=UserFactory.create(), option_ids=option_ids(poll)[:1])
        assert refused.value.message_dict == {"options": ["This poll is not open for voting."]}
    assert PollVote.objects.count() == 0


def test_options_of_another_poll_are_refused() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    poll, other = open_poll(session, chair), open_poll(session, chair, question="Another?")
    with pytest.raises(ValidationError) as refused:
        services.vote(poll=poll, by=UserFactory.create(), option_ids=option_ids(other)[:1])
    assert refused.value.message_dict == {"options": ["Choose among this poll's options."]}
    with pytest.raises(ValidationError):
        services.vote(poll=poll, by=UserFactory.create(), option_ids=[999_999])
    assert PollVote.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_signed_out_visitors_and_outsiders_of_a_closed_session_cannot_vote(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    poll = open_poll(session, organiser)
    with pytest.raises(PermissionDenied) as anonymous:
        services.vote(poll=poll, by=None, option_ids=option_ids(poll)[:1])
    assert str(anonymous.value) == "Sign in to vote."
    with pytest.raises(PermissionDenied) as outsider:
        services.vote(poll=poll, by=UserFactory.create(), option_ids=option_ids(poll)[:1])
    assert str(outsider.value) == "You cannot take part in this session's polls."
    assert PollVote.objects.count() == 0
    assert statuses(broker, session) == ["open"]
    # An accredited delegate may vote.
    services.vote(poll=poll, by=RegistrationFactory.create(event=session.event).user, option_ids=option_ids(poll)[:1])
    assert PollVote.objects.count() == 1


def test_state_lists_drafts_for_moderators_only() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    running = open_poll(session, chair)
    draft = services.create_poll(session=session, by=chair, question="Draft?", kind="single", options=["A", "B"])
    delegate = UserFactory.create()
    services.vote(poll=running, by=delegate, option_ids=option_ids(running)[:1])
    moderator_view = services.state(session=session, user=chair)
    delegate_view = services.state(session=session, user=delegate)
    assert [poll["id"] for poll in moderator_view["polls"]] == [running.pk, draft.pk]
    assert (moderator_view["is_moderator"], moderator_view["voted"]) == (True, [])
    assert delegate_view == {
        "polls": services.polls_data([Poll.objects.get(pk=running.pk)]),
        "is_moderator": False,
        "voted": [running.pk],
    }
    assert services.state(session=session, user=None)["voted"] == []
