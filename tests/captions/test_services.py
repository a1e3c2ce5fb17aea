"""Caption rules: who captions in which language, what a line may hold, the transcript and the published events."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.captions import services
from pavilion.captions.models import Captioner, CaptionLine
from pavilion.events.models import Session, SessionRole
from pavilion.live.broker import MemoryBroker
from tests.captions.conftest import captioner_of
from tests.factories import EventFactory, LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of, published

pytestmark = pytest.mark.django_db(transaction=True)


def push(session: Session, by: Any, text: str, language: str = "en") -> CaptionLine:
    return services.push_caption(session=session, by=by, language=language, text=text)


def test_caption_languages_are_the_sessions_else_the_events_content_languages() -> None:
    event = EventFactory.create(content_locales=["en", "vi"])
    assert services.caption_languages(session=LiveSessionFactory.create(event=event)) == ["en", "vi"]
    spoken = LiveSessionFactory.create(event=event, languages=["fr", "ru", "en"])
    assert services.caption_languages(session=spoken) == ["fr", "ru", "en"]


def test_captioner_pushes_lines_numbered_per_language_and_published_after_commit(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    captioner = captioner_of(session)
    first = push(session, captioner, "  Good morning,   excellencies.\n ")
    second = push(session, captioner, "Chào buổi sáng.", language="vi")
    third = push(session, captioner, "Welcome to the forum.")
    assert [(line.language, line.sequence, line.text) for line in (first, second, third)] == [
        ("en", 1, "Good morning, excellencies."),
        ("vi", 1, "Chào buổi sáng."),
        ("en", 2, "Welcome to the forum."),
    ]
    assert first.author == captioner
    assert published(broker, session) == [
        {"captions": {"line": services.line_data(line)}} for line in (first, second, third)
    ]
    assert services.line_data(first) == {
        "id": first.pk,
        "language": "en",
        "seq": 1,
        "text": "Good morning, excellencies.",
        "at": first.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


@pytest.mark.parametrize("role", ["organiser", "chair", "moderator", "captioner", "event captioner", "superuser"])
def test_people_who_may_caption(role: str) -> None:
    session = LiveSessionFactory.create()
    if role == "organiser":
        person = UserFactory.create()
        session.event.organising_team.add(person)
    elif role in {"chair", "moderator"}:
        person = chair_of(session, role=role)
    elif role == "superuser":
        person = UserFactory.create(is_superuser=True)
    else:
        person = captioner_of(session, whole_event=role == "event captioner")
    assert services.may_caption(session=session, user=person) is True
    line = push(session, person, "Thank you, Chair.")
    assert CaptionLine.objects.get() == line


@pytest.mark.parametrize("role", ["anonymous", "visitor", "delegate", "speaker", "captioner elsewhere"])
def test_people_who_may_not_caption_and_nothing_is_stored(role: str, broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    person: Any = None
    if role == "visitor":
        person = UserFactory.create()
    elif role == "delegate":
        person = RegistrationFactory.create(event=session.event).user
    elif role == "speaker":
        person = chair_of(session, role=SessionRole.SPEAKER)
    elif role == "captioner elsewhere":
        # Assigned to another session of the same event, and to every session of another event.
        person = captioner_of(LiveSessionFactory.create(event=session.event))
        Captioner.objects.create(event=EventFactory.create(), user=person)
    assert services.may_caption(session=session, user=person) is False
    with pytest.raises(PermissionDenied) as refusal:
        push(session, person, "Let me caption")
    expected = (
        "Sign in to caption."
        if person is None
        else "Only the session's captioners and moderators and the event's organisers may caption it."
    )
    assert str(refusal.value) == expected
    assert CaptionLine.objects.count() == 0
    assert published(broker, session) == []


def test_captioner_who_cannot_see_a_closed_session_may_not_caption_it() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    captioner = captioner_of(session)
    assert services.may_caption(session=session, user=captioner) is False
    with pytest.raises(PermissionDenied, match=r"^You cannot take part in this session\.$"):
        push(session, captioner, "Confidential")
    assert CaptionLine.objects.count() == 0


def test_language_must_be_one_of_the_sessions_and_of_the_captioners(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create(languages=["en", "fr", "vi"])
    captioner = captioner_of(session, languages=["fr"])
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    refusals = []
    for person, language in [(organiser, "ar"), (organiser, ""), (captioner, "en"), (captioner, "de")]:
        with pytest.raises(ValidationError) as refusal:
            push(session, person, "Bonjour", language=language)
        refusals.append(refusal.value.message_dict)
    assert refusals == [
        {"language": ["This session is captioned in: English, French, Vietnamese."]},
        {"language": ["This session is captioned in: English, French, Vietnamese."]},
        {"language": ["You caption this session in: French."]},
        {"language": ["This session is captioned in: English, French, Vietnamese."]},
    ]
    assert CaptionLine.objects.count() == 0
    assert published(broker, session) == []
    assert services.captioning_languages(session=session, user=captioner) == ["fr"]
    assert services.captioning_languages(session=session, user=organiser) == ["en", "fr", "vi"]
    assert push(session, captioner, "Bonjour", language="fr").language == "fr"


def test_captioner_languages_combine_their_assignments_within_the_sessions_languages() -> None:
    session = LiveSessionFactory.create(languages=["en", "ru", "zh-hans"])
    captioner = captioner_of(session, languages=["zh-hans", "ar"])
    Captioner.objects.create(event=session.event, user=captioner, languages=["ru"])
    assert services.captioning_languages(session=session, user=captioner) == ["ru", "zh-hans"]
    Captioner.objects.filter(session=None).update(languages=[])  # the whole event, every language
    assert services.captioning_languages(session=session, user=captioner) == ["en", "ru", "zh-hans"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write a caption first."),
        (" \n\t ", "Write a caption first."),
        ("y" * 501, "A caption line can have at most 500 characters (it has 501)."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_empty_or_too_long_lines_are_refused_and_nothing_is_stored(text: str, error: str, broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    with pytest.raises(ValidationError) as refusal:
        push(session, chair_of(session), text)
    assert refusal.value.message_dict == {"text": [error]}
    assert CaptionLine.objects.count() == 0
    assert published(broker, session) == []


def test_a_line_of_exactly_500_characters_after_trimming_is_kept() -> None:
    session = LiveSessionFactory.create()
    line = push(session, chair_of(session), "  " + "y" * 500 + "  ")
    assert len(line.text) == 500


def test_transcript_is_every_line_of_one_language_in_order() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    texts = [f"line {number}" for number in range(1, 26)]
    for text in texts:
        push(session, chair, text)
        push(session, chair, f"{text} (vi)", language="vi")
    assert [line.text for line in services.transcript(session=session, language="en")] == texts
    assert [line.sequence for line in services.transcript(session=session, language="vi")] == list(range(1, 26))
    assert services.transcript(session=session, language="fr") == []


def test_recent_lines_are_the_last_twenty_per_language_in_two_queries() -> None:
    session = LiveSessionFactory.create(languages=["en", "vi", "fr"])
    chair = chair_of(session)
    for number in range(1, 24):
        push(session, chair, f"en {number}")
    push(session, chair, "vi 1", language="vi")
    with CaptureQueriesContext(connection) as queries:
        recent = services.recent_lines(session=session, languages=["en", "vi", "fr"])
    assert len(queries) == 2
    assert [line.text for line in recent["en"]] == [f"en {number}" for number in range(4, 24)]
    assert [line.text for line in recent["vi"]] == ["vi 1"]
    assert recent["fr"] == []


def test_transcript_languages_keep_lines_of_a_language_the_session_no_longer_lists() -> None:
    session = LiveSessionFactory.create(languages=["en", "fr"])
    push(session, chair_of(session), "Bonjour", language="fr")
    Session.objects.filter(pk=session.pk).update(languages=["en"])
    session.refresh_from_db()
    assert services.caption_languages(session=session) == ["en"]
    assert services.transcript_languages(session=session) == ["en", "fr"]


def test_state_of_an_attendee_and_of_a_captioner() -> None:
    session = LiveSessionFactory.create(languages=["en", "vi"])
    captioner = captioner_of(session, languages=["vi"])
    line = push(session, captioner, "Xin chào", language="vi")
    attendee = services.state(session=session, user=UserFactory.create())
    assert attendee == {
        "languages": ["en", "vi"],
        "lines": {"en": [], "vi": [services.line_data(line)]},
        "may_caption": False,
        "captioning_languages": [],
    }
    assert services.state(session=session, user=captioner) == {
        **attendee,
        "may_caption": True,
        "captioning_languages": ["vi"],
    }
    assert services.state(session=session, user=None) == attendee


def test_organisers_add_and_remove_captioners() -> None:
    session = LiveSessionFactory.create()
    event = session.event
    organiser, person = UserFactory.create(), UserFactory.create()
    event.organising_team.add(organiser)
    whole = services.add_captioner(event=event, by=organiser, user=person, languages=["vi", "en"])
    assert (whole.session, whole.languages, whole.added_by) == (None, ["en", "vi"], organiser)
    one = services.add_captioner(event=event, by=organiser, user=person, session=session)
    assert list(services.event_captioners(event=event)) == [whole, one]
    with pytest.raises(ValidationError) as twice:
        services.add_captioner(event=event, by=organiser, user=person)
    assert twice.value.message_dict == {"email": ["This account already captions every session of this event."]}
    with pytest.raises(ValidationError) as elsewhere:
        services.add_captioner(event=event, by=organiser, user=person, session=LiveSessionFactory.create())
    assert elsewhere.value.message_dict == {"session": ["Choose a session of this event."]}
    with pytest.raises(ValidationError) as unknown:
        services.add_captioner(event=event, by=organiser, user=UserFactory.create(), languages=["de"])
    assert unknown.value.message_dict == {"languages": ["Unknown language: de."]}
    services.remove_captioner(captioner=whole, by=organiser)
    assert list(Captioner.objects.all()) == [one]


def test_only_organisers_manage_captioners() -> None:
    session = LiveSessionFactory.create()
    chair, person = chair_of(session), UserFactory.create()
    captioner = Captioner.objects.create(event=session.event, user=person)
    with pytest.raises(PermissionDenied):
        services.add_captioner(event=session.event, by=chair, user=UserFactory.create())
    with pytest.raises(PermissionDenied):
        services.remove_captioner(captioner=captioner, by=chair)
    assert list(Captioner.objects.all()) == [captioner]


def test_lines_stay_in_the_transcript_when_the_captioner_goes() -> None:
    session = LiveSessionFactory.create()
    captioner = captioner_of(session)
    push(session, captioner, "For the record.")
    Captioner.objects.all().delete()
    captioner.delete()
    assert [(line.text, line.author) for line in services.transcript(session=session, language="en")] == [
        ("For the record.", None)
    ]
