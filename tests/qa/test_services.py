"""Q&A rules: asking, voting, moderation and the events each change publishes after its commit."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pavilion.events.models import SessionRole
from pavilion.live.broker import MemoryBroker
from pavilion.qa import services
from pavilion.qa.models import Question, QuestionVote
from tests.factories import CategoryFactory, LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of, published

pytestmark = pytest.mark.django_db
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def approved(session: Any, text: str = "What about spectrum?", author: Any = None) -> Question:
    question = services.ask(session=session, by=author or UserFactory.create(), text=text)
    return services.moderate(question=question, by=chair_of(session), status="approved")


def test_ask_stores_a_pending_question_and_tells_only_its_author_and_the_moderators(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    organiser, chair, bystander = UserFactory.create(), chair_of(session), UserFactory.create()
    session.event.organising_team.add(organiser)
    author = UserFactory.create(full_name="Nguyễn Thị Lan", honorific="ms")
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask(session=session, by=author, text="  How will the fund be governed?  ")
    stored = Question.objects.get()
    assert (stored.pk, stored.session, stored.author, stored.text, stored.status) == (
        question.pk,
        session,
        author,
        "How will the fund be governed?",
        "pending",
    )
    event = {
        "qa": {
            "session": session.pk,
            "question": {
                "id": question.pk,
                "author": "Nguyễn Thị Lan",
                "author_id": author.pk,
                "anonymous": False,
                "text": "How will the fund be governed?",
                "status": "pending",
                "votes": 0,
                "at": stored.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        }
    }
    assert published(broker, f"session:{session.pk}") == []
    for person in [author, organiser, chair]:
        assert published(broker, f"user:{person.pk}") == [event]
    assert published(broker, f"user:{bystander.pk}") == []


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write your question first."),
        ("  \n ", "Write your question first."),
        ("x" * 301, "A question can have at most 300 characters (it has 301)."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_empty_or_too_long_question_is_refused_and_nothing_is_stored(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit, text: str, error: str
) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        services.ask(session=session, by=author, text=text)
    assert refused.value.message_dict == {"text": [error]}
    assert Question.objects.count() == 0
    assert published(broker, f"user:{author.pk}") == []


def test_exactly_300_characters_are_accepted() -> None:
    question = services.ask(session=LiveSessionFactory.create(), by=UserFactory.create(), text="é" * 300)
    assert len(question.text) == 300


def test_anonymous_visitor_cannot_ask_or_vote() -> None:
    session = LiveSessionFactory.create()
    question = approved(session)
    with pytest.raises(PermissionDenied) as refused:
        services.ask(session=session, by=None, text="hello")
    assert str(refused.value) == "Sign in to ask a question."
    with pytest.raises(PermissionDenied) as refused:
        services.vote(question=question, by=None)
    assert str(refused.value) == "Sign in to vote."
    assert (Question.objects.count(), QuestionVote.objects.count()) == (1, 0)


def test_rate_limit_allows_three_questions_a_minute() -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    for number in range(3):
        services.ask(session=session, by=author, text=f"question {number}")
    with pytest.raises(ValidationError) as refused:
        services.ask(session=session, by=author, text="one more")
    assert refused.value.message_dict == {
        "text": ["You are asking questions too quickly. Wait a minute and try again."]
    }
    services.ask(session=session, by=UserFactory.create(), text="someone else may")
    services.ask(session=LiveSessionFactory.create(event=session.event), by=author, text="another session")
    Question.objects.filter(author=author).update(created_at=timezone.now() - timedelta(seconds=61))
    services.ask(session=session, by=author, text="after a pause")
    assert Question.objects.filter(session=session, author=author).count() == 4


def test_vote_once_counts_and_publishes_the_new_count(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    question = approved(session)
    voter = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        services.vote(question=question, by=voter)
    with pytest.raises(ValidationError) as refused:
        services.vote(question=question, by=voter)
    assert refused.value.message_dict == {"id": ["You have already voted for this question."]}
    assert list(QuestionVote.objects.values_list("question", "voter")) == [(question.pk, voter.pk)]
    events = published(broker, f"session:{session.pk}")
    assert [(event["qa"]["question"]["id"], event["qa"]["question"]["votes"]) for event in events] == [(question.pk, 1)]
    assert published(broker, f"user:{voter.pk}") == [{"qa": {"session": session.pk, "voted": question.pk}}]
    assert services.voted_ids(session=session, user=voter) == [question.pk]


def test_no_vote_for_your_own_question() -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    question = approved(session, author=author)
    with pytest.raises(ValidationError) as refused:
        services.vote(question=question, by=author)
    assert refused.value.message_dict == {"id": ["You cannot vote for your own question."]}
    assert QuestionVote.objects.count() == 0


@pytest.mark.parametrize("status", ["pending", "hidden", "answered"])
def test_only_approved_questions_take_votes(status: str) -> None:
    session = LiveSessionFactory.create()
    question = services.ask(session=session, by=UserFactory.create(), text="Is this open?")
    Question.objects.filter(pk=question.pk).update(status=status)
    with pytest.raises(ValidationError) as refused:
        services.vote(question=question, by=UserFactory.create())
    assert refused.value.message_dict == {"id": ["You can only vote for approved questions."]}
    assert QuestionVote.objects.count() == 0


def test_pending_questions_are_seen_by_their_author_and_moderators_only() -> None:
    session = LiveSessionFactory.create()
    author, other, chair = UserFactory.create(), UserFactory.create(), chair_of(session)
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    pending = services.ask(session=session, by=author, text="Still waiting")
    public = approved(session, text="Already approved")
    hidden = services.moderate(
        question=services.ask(session=session, by=author, text="Off topic"), by=chair, status="hidden"
    )

    def seen(user: Any) -> list[int]:
        return [question.pk for question in services.visible_questions(session=session, user=user)]

    assert seen(author) == [public.pk, pending.pk]
    assert seen(chair) == seen(organiser) == [public.pk, pending.pk]
    assert seen(other) == seen(None) == [public.pk]
    assert hidden.pk not in seen(chair)


def test_questions_are_sorted_by_votes_then_oldest_first_then_pending() -> None:
    session = LiveSessionFactory.create()
    first, second, third = (approved(session, text=f"question {number}") for number in range(3))
    pending = services.ask(session=session, by=UserFactory.create(), text="later")
    for voter in [UserFactory.create(), UserFactory.create()]:
        services.vote(question=third, by=voter)
    services.vote(question=second, by=UserFactory.create())
    services.moderate(question=second, by=chair_of(session), status="answered")
    shown = services.visible_questions(session=session, user=None, moderator=True)
    assert [(question.pk, services.question_data(question)["votes"]) for question in shown] == [
        (third.pk, 2),
        (second.pk, 1),
        (first.pk, 0),
        (pending.pk, 0),
    ]


def test_moderation_by_moderators_only_and_nothing_changes_otherwise(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    author, delegate = UserFactory.create(), UserFactory.create()
    speaker = chair_of(session, role=SessionRole.SPEAKER)
    chair_elsewhere = chair_of(LiveSessionFactory.create(event=session.event))
    question = services.ask(session=session, by=author, text="Who pays?")
    with django_capture_on_commit_callbacks(execute=True):
        for person in [author, delegate, speaker, chair_elsewhere, None]:
            with pytest.raises(PermissionDenied):
                services.moderate(question=question, by=person, status="approved")
    question.refresh_from_db()
    assert question.status == "pending"
    assert published(broker, f"session:{session.pk}") == []


def test_moderators_approve_answer_and_hide_and_events_go_where_the_question_is_seen(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    author, chair = UserFactory.create(), chair_of(session)
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.ask(session=session, by=author, text="Kept")
        dropped = services.ask(session=session, by=author, text="Dropped")
        services.moderate(question=dropped, by=organiser, status="hidden")  # never public: private event
        services.moderate(question=kept, by=chair, status="approved")
        services.moderate(question=kept, by=chair, status="approved")  # no change, no event
        services.moderate(question=kept, by=organiser, status="answered")
        with pytest.raises(ValidationError) as refused:
            services.moderate(question=kept, by=chair, status="pending")
    assert refused.value.message_dict == {"status": ["Choose approve, hide or mark as answered."]}
    public = [
        (event["qa"]["question"]["id"], event["qa"]["question"]["status"])
        for event in published(broker, f"session:{session.pk}")
    ]
    assert public == [(kept.pk, "approved"), (kept.pk, "answered")]
    private = [
        (event["qa"]["question"]["id"], event["qa"]["question"]["status"])
        for event in published(broker, f"user:{author.pk}")
    ]
    assert private == [(kept.pk, "pending"), (dropped.pk, "pending"), (dropped.pk, "hidden")]
    assert dict(Question.objects.values_list("pk", "status")) == {kept.pk: "answered", dropped.pk: "hidden"}


def test_closed_session_refuses_a_non_accredited_person_and_admits_an_accredited_one() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    question = Question.objects.create(session=session, author=UserFactory.create(), text="Closed?", status="approved")
    observer = RegistrationFactory.create(
        event=session.event, category=CategoryFactory.create(event=session.event, is_accredited=False)
    ).user
    delegate = RegistrationFactory.create(event=session.event).user
    for outsider in [observer, UserFactory.create()]:
        with pytest.raises(PermissionDenied) as refused:
            services.ask(session=session, by=outsider, text="may I ask?")
        assert str(refused.value) == "You cannot take part in this session's questions."
        with pytest.raises(PermissionDenied):
            services.vote(question=question, by=outsider)
    assert (Question.objects.count(), QuestionVote.objects.count()) == (1, 0)
    services.ask(session=session, by=delegate, text="Viet Nam asks about the draft.")
    services.vote(question=question, by=delegate)
    assert (Question.objects.count(), QuestionVote.objects.count()) == (2, 1)
