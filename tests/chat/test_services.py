"""Chat rules: posting, moderation and the events each change publishes after its commit."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pavilion.chat import services
from pavilion.chat.models import ChatMessage, ChatMute
from pavilion.events.models import SessionRole
from pavilion.live.broker import MemoryBroker
from tests.factories import CategoryFactory, LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of, published

pytestmark = pytest.mark.django_db
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def test_post_stores_the_message_and_publishes_it_after_the_commit(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create(full_name="Nguyễn Thị Lan", honorific="ms")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.post_message(session=session, by=author, text="  Xin chào from Hanoi  ")
        assert published(broker, session) == []  # not before the commit
    stored = ChatMessage.objects.get()
    assert (stored.pk, stored.session, stored.author, stored.text) == (
        message.pk,
        session,
        author,
        "Xin chào from Hanoi",
    )
    assert published(broker, session) == [
        {
            "chat": {
                "added": {
                    "id": message.pk,
                    "author": "Nguyễn Thị Lan",
                    "author_id": author.pk,
                    "text": "Xin chào from Hanoi",
                    "at": stored.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
            }
        }
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write a message first."),
        ("   \n ", "Write a message first."),
        ("x" * 501, "A message can have at most 500 characters (it has 501)."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_empty_or_too_long_text_is_refused_and_nothing_is_stored(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit, text: str, error: str
) -> None:
    session = LiveSessionFactory.create()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        services.post_message(session=session, by=UserFactory.create(), text=text)
    assert refused.value.message_dict == {"text": [error]}
    assert ChatMessage.objects.count() == 0
    assert published(broker, session) == []


def test_exactly_500_characters_are_accepted() -> None:
    session = LiveSessionFactory.create()
    message = services.post_message(session=session, by=UserFactory.create(), text="é" * 500)
    assert len(message.text) == 500


def test_anonymous_visitor_cannot_post() -> None:
    session = LiveSessionFactory.create()
    with pytest.raises(PermissionDenied) as refused:
        services.post_message(session=session, by=None, text="hello")
    assert str(refused.value) == "Sign in to chat."
    assert ChatMessage.objects.count() == 0


def test_muted_user_cannot_post_and_may_again_once_unmuted(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    delegate, organiser = UserFactory.create(), UserFactory.create()
    session.event.organising_team.add(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        services.mute(session=session, user=delegate, by=organiser)
    with pytest.raises(PermissionDenied) as refused:
        services.post_message(session=session, by=delegate, text="let me speak")
    assert str(refused.value) == "You are muted in this chat."
    assert ChatMessage.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.unmute(session=session, user=delegate, by=organiser)
        services.post_message(session=session, by=delegate, text="thank you, chair")
    assert list(ChatMessage.objects.values_list("text", flat=True)) == ["thank you, chair"]
    # Who is muted is for the moderators and that person only, not for everyone following the session.
    told = [
        {"chat": {"session": session.pk, "muted": delegate.pk}},
        {"chat": {"session": session.pk, "unmuted": delegate.pk}},
    ]
    assert published(broker, f"user:{delegate.pk}") == told
    assert published(broker, f"user:{organiser.pk}") == told
    events = published(broker, session)
    assert len(events) == 1
    assert events[0]["chat"]["added"]["text"] == "thank you, chair"


def test_delegate_cannot_delete_or_mute_and_nothing_changes(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    author, delegate = UserFactory.create(), UserFactory.create()
    speaker = chair_of(session, role=SessionRole.SPEAKER)  # a speaker does not moderate
    message = services.post_message(session=session, by=author, text="hello")
    for person in [delegate, speaker, None]:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(PermissionDenied):
                services.delete_message(message=message, by=person)
            with pytest.raises(PermissionDenied):
                services.mute(session=session, user=author, by=person)
            with pytest.raises(PermissionDenied):
                services.unmute(session=session, user=author, by=person)
    message.refresh_from_db()
    assert (message.deleted_at, message.deleted_by) == (None, None)
    assert ChatMute.objects.count() == 0
    assert published(broker, session) == []


@pytest.mark.parametrize("moderator_kind", ["chair", "moderator", "organiser", "platform admin"])
def test_moderators_delete_and_mute(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit, moderator_kind: str
) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    if moderator_kind in ("chair", "moderator"):
        moderator = chair_of(session, role=moderator_kind)
    elif moderator_kind == "organiser":
        moderator = UserFactory.create()
        session.event.organising_team.add(moderator)
    else:
        moderator = UserFactory.create(is_superuser=True)
    message = services.post_message(session=session, by=author, text="off-topic advertising")
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_message(message=message, by=moderator)
        services.mute(session=session, user=author, by=moderator)
    message.refresh_from_db()
    assert message.deleted_by == moderator
    assert message.deleted_at is not None
    mute = ChatMute.objects.get()
    assert (mute.session, mute.user, mute.muted_by) == (session, author, moderator)
    assert published(broker, session) == [{"chat": {"deleted": message.pk}}]
    assert published(broker, f"user:{author.pk}") == [{"chat": {"session": session.pk, "muted": author.pk}}]
    assert services.recent_messages(session=session) == []


def test_a_chair_of_another_session_does_not_moderate_this_one() -> None:
    session = LiveSessionFactory.create()
    other_chair = chair_of(LiveSessionFactory.create(event=session.event))
    message = services.post_message(session=session, by=UserFactory.create(), text="hello")
    with pytest.raises(PermissionDenied):
        services.delete_message(message=message, by=other_chair)
    assert services.is_moderator(session=session, user=other_chair) is False


def test_moderators_cannot_be_muted(broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit) -> None:
    session = LiveSessionFactory.create()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    chair = chair_of(session)
    with django_capture_on_commit_callbacks(execute=True):
        for target in [chair, organiser]:
            with pytest.raises(ValidationError) as refused:
                services.mute(session=session, user=target, by=organiser)
            assert refused.value.message_dict == {"user_id": ["Moderators and organisers cannot be muted."]}
    assert ChatMute.objects.count() == 0
    assert published(broker, session) == []


def test_muting_twice_and_deleting_twice_publish_once(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    author, chair = UserFactory.create(), chair_of(session)
    message = services.post_message(session=session, by=author, text="hello")
    with django_capture_on_commit_callbacks(execute=True):
        services.mute(session=session, user=author, by=chair)
        services.mute(session=session, user=author, by=chair)
        services.delete_message(message=message, by=chair)
        services.delete_message(message=message, by=chair)
        services.unmute(session=session, user=author, by=chair)
        services.unmute(session=session, user=author, by=chair)
    assert published(broker, session) == [{"chat": {"deleted": message.pk}}]
    assert published(broker, f"user:{chair.pk}") == [
        {"chat": {"session": session.pk, "muted": author.pk}},
        {"chat": {"session": session.pk, "unmuted": author.pk}},
    ]


def test_rate_limit_allows_five_messages_in_ten_seconds(
    broker: MemoryBroker, django_capture_on_commit_callbacks: OnCommit
) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            services.post_message(session=session, by=author, text=f"message {number}")
        with pytest.raises(ValidationError) as refused:
            services.post_message(session=session, by=author, text="one too many")
    assert refused.value.message_dict == {
        "text": ["You are sending messages too quickly. Wait a few seconds and try again."]
    }
    assert ChatMessage.objects.count() == 5
    assert len(published(broker, session)) == 5
    # Someone else, and the same person in another session, are not held back.
    services.post_message(session=session, by=UserFactory.create(), text="my turn")
    services.post_message(session=LiveSessionFactory.create(event=session.event), by=author, text="elsewhere")
    # Ten seconds later the author may write again.
    ChatMessage.objects.filter(author=author).update(created_at=timezone.now() - timedelta(seconds=11))
    services.post_message(session=session, by=author, text="after a pause")
    assert ChatMessage.objects.filter(session=session, author=author).count() == 6


def test_closed_session_refuses_a_non_accredited_poster_and_admits_an_accredited_one() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    observer = RegistrationFactory.create(
        event=session.event, category=CategoryFactory.create(event=session.event, is_accredited=False)
    ).user
    delegate = RegistrationFactory.create(event=session.event).user
    for outsider in [observer, UserFactory.create()]:
        with pytest.raises(PermissionDenied) as refused:
            services.post_message(session=session, by=outsider, text="may I join?")
        assert str(refused.value) == "You cannot take part in this session's chat."
    assert ChatMessage.objects.count() == 0
    services.post_message(session=session, by=delegate, text="Viet Nam supports the draft.")
    assert list(ChatMessage.objects.values_list("author", flat=True)) == [delegate.pk]


def test_unpublished_event_refuses_posts_even_in_a_public_session() -> None:
    session = LiveSessionFactory.create(event__is_published=False)
    with pytest.raises(PermissionDenied):
        services.post_message(session=session, by=UserFactory.create(), text="hello")
    assert ChatMessage.objects.count() == 0


def test_recent_messages_are_the_last_ones_oldest_first_without_deleted() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    messages = [
        services.post_message(session=session, by=UserFactory.create(), text=f"message {number}") for number in range(6)
    ]
    services.delete_message(message=messages[5], by=chair)
    assert [message.text for message in services.recent_messages(session=session, limit=3)] == [
        "message 2",
        "message 3",
        "message 4",
    ]
