"""Organisers' writes: permissions both ways, validation that changes nothing."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.accounts.models import User
from pavilion.events.models import Event, Session
from pavilion.events.organising import (
    create_event,
    create_session,
    set_schedule_published,
    set_session_speakers,
    update_session,
)
from pavilion.events.services import find_conflicts
from tests.factories import (
    EventFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _organiser(event: Event) -> User:
    user = UserFactory.create()
    event.organising_team.add(user)
    return user


def test_creator_with_permission_joins_the_organising_team() -> None:
    user = UserFactory.create()
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    event = create_event(
        by=user,
        slug="tel-46",
        kind="working_group",
        name={"en": "TEL46"},
        start_date=date(2012, 7, 30),
        end_date=date(2012, 8, 3),
        time_zone="Europe/Moscow",
        content_locales=["en", "ru"],
    )
    assert list(event.organising_team.all()) == [user]


def test_account_without_permission_cannot_create_events() -> None:
    with pytest.raises(PermissionDenied):
        create_event(by=UserFactory.create(), slug="x", kind="forum", name={"en": "X"})
    assert not Event.objects.exists()


def test_bad_event_values_are_refused_and_nothing_is_saved() -> None:
    admin = UserFactory.create(is_superuser=True)
    with pytest.raises(ValidationError) as error:
        create_event(
            by=admin,
            slug="bad",
            kind="summit",
            name={"en": "Bad"},
            start_date=date(2020, 10, 22),
            end_date=date(2020, 10, 20),
            time_zone="Mars/Olympus_Mons",
            content_locales=["en"],
        )
    assert "time_zone" in error.value.message_dict
    assert not Event.objects.exists()


def test_organiser_creates_and_updates_a_session() -> None:
    event = EventFactory.create()
    organiser = _organiser(event)
    session = create_session(
        event=event,
        by=organiser,
        slug="roundtable",
        kind="ministerial_roundtable",
        title={"en": "Roundtable"},
        starts_at=datetime(2020, 10, 20, 14, 30, tzinfo=HANOI),
        ends_at=datetime(2020, 10, 20, 16, 0, tzinfo=HANOI),
        access_level="accredited",
    )
    update_session(session=session, by=organiser, title={"en": "Ministerial roundtable"})
    session.refresh_from_db()
    assert session.title.localize("en") == "Ministerial roundtable"
    assert session.starts_at.isoformat() == "2020-10-20T07:30:00+00:00"


def test_non_organiser_cannot_change_sessions() -> None:
    session = SessionFactory.create(title={"en": "Kept"})
    with pytest.raises(PermissionDenied):
        update_session(session=session, by=UserFactory.create(), title={"en": "Changed"})
    session.refresh_from_db()
    assert session.title.localize("en") == "Kept"


def test_session_ending_before_it_starts_is_refused() -> None:
    session = SessionFactory.create()
    organiser = _organiser(session.event)
    with pytest.raises(ValidationError):
        update_session(session=session, by=organiser, ends_at=session.starts_at)
    session.refresh_from_db()
    assert session.ends_at > session.starts_at


def test_room_of_another_event_is_refused() -> None:
    session = SessionFactory.create()
    organiser = _organiser(session.event)
    with pytest.raises(ValidationError) as error:
        update_session(session=session, by=organiser, room=RoomFactory.create())
    assert error.value.message_dict == {"room": ["This belongs to another event."]}


def test_unknown_fields_are_refused() -> None:
    session = SessionFactory.create()
    with pytest.raises(ValidationError) as error:
        update_session(session=session, by=_organiser(session.event), event_id=999)
    assert error.value.message_dict == {"event_id": ["This field cannot be set."]}


def test_schedule_publishing_needs_an_organiser() -> None:
    event = EventFactory.create()
    with pytest.raises(PermissionDenied):
        set_schedule_published(event=event, by=UserFactory.create(), published=False)
    set_schedule_published(event=event, by=_organiser(event), published=False)
    event.refresh_from_db()
    assert event.is_schedule_published is False


def test_session_speakers_are_replaced_in_order() -> None:
    session = SessionFactory.create()
    organiser = _organiser(session.event)
    chair = SpeakerFactory.create(event=session.event, name="Chair Person")
    speaker = SpeakerFactory.create(event=session.event, name="Speaker Person")
    SessionSpeakerFactory.create(session=session)
    set_session_speakers(session=session, by=organiser, parts=[(chair, "chair"), (speaker, "speaker")])
    assert list(session.session_speakers.values_list("speaker__name", "role", "position")) == [
        ("Chair Person", "chair", 0),
        ("Speaker Person", "speaker", 1),
    ]


def test_conflicts_name_double_booked_rooms_and_speakers() -> None:
    event = EventFactory.create()
    room = RoomFactory.create(event=event, name={"en": "Main stage"})
    start = datetime(2020, 10, 20, 13, 0, tzinfo=HANOI)
    first = SessionFactory.create(event=event, slug="a", room=room, starts_at=start)
    SessionFactory.create(event=event, slug="b", room=room, starts_at=start.replace(minute=30))
    SessionFactory.create(event=event, slug="c", room=room, starts_at=start.replace(hour=15))
    speaker = SpeakerFactory.create(event=event, name="Busy Speaker")
    third = SessionFactory.create(event=event, slug="d", starts_at=start.replace(minute=45))
    SessionSpeakerFactory.create(session=first, speaker=speaker)
    SessionSpeakerFactory.create(session=third, speaker=speaker)
    found = {(c.first.slug, c.second.slug, c.reason, c.detail) for c in find_conflicts(event=event)}
    assert found == {("a", "b", "room", "Main stage"), ("a", "d", "speaker", "Busy Speaker")}
    assert Session.objects.count() == 4
