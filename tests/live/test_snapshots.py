"""A session topic's snapshot, answered for a crowd at once, is what each person would get alone.

Joins are answered in batches (live/joins.py): each snapshot part reads what is the same for
everyone once and what differs per person in one query for the whole batch. These tests hold the
batched parts to the per-person rules of each feature's services (the rules the pages use), for
every role: organiser, chair, delegate, a muted delegate, a captioner, a registered outsider of
the closed session, and an anonymous visitor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.captions import services as captions
from pavilion.captions.models import Captioner
from pavilion.chat import services as chat
from pavilion.events.models import InterpretationChannel, Session
from pavilion.floor import services as floor
from pavilion.interpretation import services as interpretation
from pavilion.interpretation.models import Interpreter
from pavilion.live.broker import MemoryBroker
from pavilion.live.joins import Join, answer_joins
from pavilion.live.registry import registry
from pavilion.live.topics import parse_topic
from pavilion.polls import services as polls
from pavilion.programmes.access import viewer_for as programme_viewer_for
from pavilion.programmes.access import visible_programmes
from pavilion.programmes.outcome_models import OutcomeText
from pavilion.programmes.outcomes import may_see_outcome, outcome_data
from pavilion.programmes.services import document_record
from pavilion.programmes.sessions import session_documents
from pavilion.qa import services as qa
from pavilion.qa.models import QuestionStatus
from tests.factories import (
    CategoryFactory,
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.live.features import fresh_broker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


@dataclass
class Room:
    session: Session
    people: dict[str, User | None]


def _room(access_level: str = "public") -> Room:
    """A live session with something in every feature, and one person of each role."""
    organiser = UserFactory.create()
    # The outsider registers as a visitor (no approval) and counts as a registered participant.
    event = EventFactory.create(registered_access="any")
    event.organising_team.add(organiser)
    now = timezone.now()
    stage = RoomFactory.create(event=event, stream_url="https://stream.example.org/main.m3u8")
    for language in ("fr", "es"):
        InterpretationChannel.objects.create(
            room=stage, language=language, stream_url=f"https://x.example.org/{language}"
        )
    session = SessionFactory.create(
        event=event,
        room=stage,
        access_level=access_level,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
        languages=["en", "fr"],
    )
    chair = UserFactory.create()
    SessionSpeakerFactory.create(session=session, role="chair", speaker=SpeakerFactory.create(event=event, user=chair))
    accredited = CategoryFactory.create(event=event, is_accredited=True)
    visitors = CategoryFactory.create(event=event, is_accredited=False, requires_approval=False)
    RegistrationFactory.create(event=event, category=accredited, country="SG", user=chair)
    delegate = RegistrationFactory.create(event=event, category=accredited, country="VN").user
    muted = RegistrationFactory.create(event=event, category=accredited, country="FR").user
    outsider = RegistrationFactory.create(event=event, category=visitors, country="KE").user
    captioner = UserFactory.create()
    Captioner.objects.create(event=event, session=session, user=captioner, languages=["fr"])
    # The captioner interprets into French too, and has put it on air.
    Interpreter.objects.create(session=session, user=captioner, language="fr")
    interpretation.set_on_air(session=session, by=organiser, channel="fr:audio", on=True)

    chat.post_message(session=session, by=delegate, text="Good morning from Hanoi")
    gone = chat.post_message(session=session, by=muted, text="To be deleted")
    chat.delete_message(message=gone, by=organiser)
    chat.mute(session=session, user=muted, by=organiser)
    approved = qa.ask(session=session, by=delegate, text="When is the next meeting?")
    qa.moderate(question=approved, by=organiser, status=QuestionStatus.APPROVED)
    qa.ask(session=session, by=delegate, text="A pending question of the delegate")
    qa.ask(session=session, by=muted, text="A pending question of someone else")
    hidden = qa.ask(session=session, by=muted, text="Hidden")
    qa.moderate(question=hidden, by=organiser, status=QuestionStatus.HIDDEN)
    qa.vote(question=approved, by=muted)
    qa.allow_anonymous(session=session, by=organiser, allowed=True)
    qa.ask(session=session, by=delegate, text="An anonymous pending question", anonymous=True)
    anonymous = qa.ask(session=session, by=muted, text="An anonymous approved question", anonymous=True)
    qa.moderate(question=anonymous, by=organiser, status=QuestionStatus.APPROVED)
    draft = polls.create_poll(session=session, by=organiser, question="Draft?", kind="single", options=["A", "B"])
    open_poll = polls.create_poll(session=session, by=chair, question="Open?", kind="multiple", options=["X", "Y"])
    polls.open_poll(poll=open_poll, by=chair)
    polls.vote(poll=open_poll, by=delegate, option_ids=[open_poll.options.first().pk])  # type: ignore[union-attr]
    assert draft.pk
    floor.request_floor(session=session, by=delegate)
    captions.push_caption(session=session, by=chair, language="fr", text="Bonjour à toutes et à tous")
    people: dict[str, User | None] = {
        "organiser": organiser,
        "chair": chair,
        "delegate": delegate,
        "muted": muted,
        "outsider": outsider,
        "captioner": captioner,
        "anonymous": None,
    }
    return Room(session=session, people=people)


def _alone(name: str, session: Session, user: User | None) -> Any:
    """The part ``name`` as the feature's services give it to one person (the pages' rules)."""
    if name == "session":
        return {"id": session.pk, "slug": session.slug, "event": session.event.slug}
    if name == "chat":
        moderator = chat.is_moderator(session=session, user=user)
        return {
            "messages": [chat.message_data(message) for message in chat.recent_messages(session=session)],
            "muted": chat.muted_ids(session=session) if moderator else [],
            "is_moderator": moderator,
            "is_muted": chat.is_muted(session=session, user=user),
        }
    if name == "qa":
        return qa.state(session=session, user=user)
    if name == "polls":
        return polls.state(session=session, user=user)
    if name == "floor":
        return floor.viewer_state(session=session, user=user)
    if name == "captions":
        return captions.state(session=session, user=user)
    if name == "interpretation":
        return interpretation.state(session=session, user=user)
    if name == "documents":
        return [document_record(document) for document in session_documents(session=session, user=user)]
    if name == "outcomes":
        drafted = []
        for outcome in OutcomeText.objects.filter(drafting_session=session).order_by("pk"):
            if not visible_programmes(user=user).filter(pk=outcome.programme_id).exists():
                continue
            if may_see_outcome(outcome=outcome, viewer=programme_viewer_for(programme=outcome.programme, user=user)):
                drafted.append(outcome_data(outcome))
        return drafted
    raise AssertionError(f"no per-person rule known for the snapshot part {name!r}: add it here")


def _without_clock(part: str, value: Any) -> Any:
    return {key: item for key, item in value.items() if key != "now"} if part == "floor" else value


@pytest.mark.parametrize("access_level", ["public", "accredited"])
def test_batched_snapshot_equals_each_persons_own_for_every_role(access_level: str) -> None:
    room = _room(access_level)
    topic = parse_topic(f"session:{room.session.pk}")
    names = list(room.people)
    answers = answer_joins(registry, [Join(topic=topic, user=user) for user in room.people.values()])
    allowed = {
        name: not isinstance(answer, BaseException) and answer.allowed
        for name, answer in zip(names, answers, strict=True)
    }
    if access_level == "public":
        assert all(allowed.values())
    else:
        # Closed to those without an accredited registration, except who runs it.
        assert allowed == {
            "organiser": True,
            "chair": True,
            "delegate": True,
            "muted": True,
            "outsider": False,
            "captioner": False,
            "anonymous": False,
        }
    for name, answer in zip(names, answers, strict=True):
        assert not isinstance(answer, BaseException)
        if not answer.allowed:
            assert answer.data is None
            continue
        assert answer.data is not None
        assert set(answer.data) == set(registry.kinds["session"].snapshot_parts)
        for part, value in answer.data.items():
            expected = _alone(part, room.session, room.people[name])
            assert _without_clock(part, value) == _without_clock(part, expected), (name, part)


def test_roles_see_what_their_role_allows_in_the_batch() -> None:
    room = _room()
    topic = parse_topic(f"session:{room.session.pk}")
    answers = answer_joins(registry, [Join(topic=topic, user=user) for user in room.people.values()])
    data: dict[str, dict[str, Any]] = {}
    for name, answer in zip(room.people, answers, strict=True):
        assert not isinstance(answer, BaseException)
        assert answer.data is not None
        data[name] = answer.data
    muted = room.people["muted"]
    assert muted is not None
    assert data["organiser"]["chat"]["muted"] == [muted.pk]
    assert data["delegate"]["chat"]["muted"] == []
    assert data["muted"]["chat"]["is_muted"] is True
    pending = {
        name: [question["text"] for question in part["qa"]["questions"] if question["status"] == "pending"]
        for name, part in data.items()
    }
    assert pending["organiser"] == [
        "A pending question of the delegate",
        "A pending question of someone else",
        "An anonymous pending question",
    ]
    assert pending["delegate"] == ["A pending question of the delegate", "An anonymous pending question"]
    assert pending["muted"] == ["A pending question of someone else"]
    assert pending["anonymous"] == []
    assert data["delegate"]["qa"]["asked"] == [
        question["id"]
        for question in data["organiser"]["qa"]["questions"]
        if question["text"].endswith("pending question")
    ]
    assert {question["author_id"] for question in data["organiser"]["qa"]["questions"] if question["anonymous"]} == {
        None
    }
    drafts = {
        name: [poll["question"] for poll in part["polls"]["polls"] if poll["status"] == "draft"]
        for name, part in data.items()
    }
    assert drafts["chair"] == ["Draft?"]
    assert drafts["delegate"] == []
    assert data["captioner"]["captions"]["captioning_languages"] == ["fr"]
    offered = [
        {"key": "es:audio", "url": "https://x.example.org/es"},
        {"key": "fr:audio", "url": "https://x.example.org/fr"},
    ]
    assert data["captioner"]["interpretation"] == {
        "channels": offered,
        "on_air": ["fr:audio"],
        "interpreting": ["fr:audio"],
    }
    assert data["organiser"]["interpretation"]["interpreting"] == ["es:audio", "fr:audio"]
    assert data["delegate"]["interpretation"] == {"channels": offered, "on_air": ["fr:audio"], "interpreting": []}
    assert data["chair"]["captions"]["captioning_languages"] == ["en", "fr"]
    assert data["delegate"]["floor"]["mine"]["position"] == 1
    assert data["outsider"]["floor"]["can_request"] is True
    assert data["anonymous"]["floor"]["can_request"] is False


@pytest.mark.parametrize("crowd", [1, 3])
def test_a_batch_costs_the_same_queries_whatever_its_size(crowd: int) -> None:
    room = _room()
    topic = parse_topic(f"session:{room.session.pk}")
    base = [Join(topic=topic, user=room.people["delegate"])]
    answer_joins(registry, base)  # warm caches of content types and the like
    counts = {}
    for size in (1, crowd * 10):
        people = [
            Join(topic=topic, user=RegistrationFactory.create(event=room.session.event).user) for _ in range(size)
        ]
        with CaptureQueriesContext(connection) as queries:
            answers = answer_joins(registry, people)
        assert all(not isinstance(answer, BaseException) and answer.allowed for answer in answers)
        counts[size] = len(queries)
    assert counts[1] == counts[crowd * 10]
