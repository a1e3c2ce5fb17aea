"""The organiser area's own services: organisers only, validated, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory
from pavilion.events.models import Event, InterpretationChannel, Room, Session, Speaker, SubGroup, Track
from pavilion.organising import services
from tests.factories import EventFactory, RoomFactory, SessionFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATIONS: dict[str, tuple[Callable[..., Any], dict[str, Any], type[Any]]] = {
    "theme": (services.create_theme, {"slug": "5g", "name": {"en": "5G"}}, Track),
    "sub-group": (services.create_subgroup, {"code": "DSG", "name": {"en": "Development"}}, SubGroup),
    "room": (services.create_room, {"slug": "hall", "name": {"en": "Hall"}}, Room),
    "speaker": (services.create_speaker, {"slug": "lan", "name": "Lan"}, Speaker),
    "category": (services.create_category, {"slug": "media", "name": {"en": "Media"}}, ParticipantCategory),
}


def organised_event() -> tuple[Event, User]:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    return event, organiser


@pytest.mark.parametrize("kind", CREATIONS)
def test_organisers_create_and_others_may_not(kind: str) -> None:
    create, values, model = CREATIONS[kind]
    event, organiser = organised_event()
    with pytest.raises(PermissionDenied):
        create(event=event, by=UserFactory.create(), **values)
    assert model.objects.filter(event=event).count() == 0
    item = create(event=event, by=organiser, **values)
    assert list(model.objects.filter(event=event)) == [item]


def test_fields_outside_the_list_cannot_be_set() -> None:
    event, organiser = organised_event()
    other = EventFactory.create()
    with pytest.raises(ValidationError) as caught:
        services.create_theme(event=event, by=organiser, slug="x", name={"en": "X"}, event_id=other.pk)
    assert caught.value.message_dict == {"event_id": ["This field cannot be set."]}
    assert not Track.objects.exists()


def test_room_update_is_validated_before_saving() -> None:
    event, organiser = organised_event()
    room = RoomFactory.create(event=event, stream_url="https://stream.example.org/a")
    with pytest.raises(ValidationError) as caught:
        services.update_room(room=room, by=organiser, stream_url="http://stream.example.org/b")
    assert caught.value.message_dict == {"stream_url": ["Enter an https:// address."]}
    room.refresh_from_db()
    assert room.stream_url == "https://stream.example.org/a"


def test_interpretation_channel_only_by_organisers_and_over_https() -> None:
    event, organiser = organised_event()
    room = RoomFactory.create(event=event)
    with pytest.raises(PermissionDenied):
        services.add_interpretation_channel(
            room=room, by=UserFactory.create(), language="ru", stream_url="https://a.example.org/ru"
        )
    with pytest.raises(ValidationError):
        services.add_interpretation_channel(room=room, by=organiser, language="ru", stream_url="ftp://a.example.org/")
    assert not InterpretationChannel.objects.exists()
    channel = services.add_interpretation_channel(
        room=room, by=organiser, language="ru", stream_url="https://a.example.org/ru"
    )
    with pytest.raises(PermissionDenied):
        services.remove_interpretation_channel(channel=channel, by=UserFactory.create())
    services.remove_interpretation_channel(channel=channel, by=organiser)
    assert not InterpretationChannel.objects.exists()


def test_save_session_is_all_or_nothing() -> None:
    event, organiser = organised_event()
    foreign_speaker = SpeakerFactory.create()  # of another event
    values: dict[str, Any] = {
        "slug": "opening",
        "kind": "opening",
        "title": {"en": "Opening"},
        "starts_at": datetime.fromisoformat("2020-10-20T02:00+00:00"),
        "ends_at": datetime.fromisoformat("2020-10-20T03:00+00:00"),
    }
    with pytest.raises(ValidationError) as caught:
        services.save_session(event=event, by=organiser, parts=[(foreign_speaker, "speaker")], **values)
    assert caught.value.message_dict == {"speakers": ["This speaker belongs to another event."]}
    assert not Session.objects.filter(event=event).exists()


def test_save_session_refuses_a_session_of_another_event() -> None:
    event, organiser = organised_event()
    session = SessionFactory.create(title={"en": "Elsewhere"})
    session.event.organising_team.add(organiser)
    with pytest.raises(ValidationError):
        services.save_session(event=event, by=organiser, session=session, title={"en": "Moved"})
    session.refresh_from_db()
    assert str(session.title) == "Elsewhere"


def test_session_invitees_only_by_organisers() -> None:
    session = SessionFactory.create()
    guest = UserFactory.create()
    with pytest.raises(PermissionDenied):
        services.set_session_invitees(session=session, by=guest, invitees=[guest])
    assert list(session.invitees.all()) == []


def test_speaker_photo_that_is_not_a_picture_is_refused_and_nothing_saved() -> None:
    event, organiser = organised_event()
    fake = SimpleUploadedFile("photo.jpg", b"GIF89a but not really", content_type="image/jpeg")
    with pytest.raises(ValidationError) as caught:
        services.create_speaker(event=event, by=organiser, slug="lan", name="Lan", photo=fake)
    assert caught.value.message_dict == {"photo": ["Upload a JPEG, PNG, WebP or GIF picture."]}
    assert not Speaker.objects.filter(event=event).exists()


def test_speaker_photo_is_re_encoded_and_can_be_removed() -> None:
    event, organiser = organised_event()
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(picture, format="BMP")
    bmp = SimpleUploadedFile("photo.bmp", picture.getvalue(), content_type="image/bmp")
    with pytest.raises(ValidationError):
        services.create_speaker(event=event, by=organiser, slug="lan", name="Lan", photo=bmp)
    picture = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Taken at home, 12 Example Street"  # ImageDescription
    Image.new("RGB", (64, 48), "teal").save(picture, format="JPEG", exif=exif)
    speaker = services.create_speaker(
        event=event, by=organiser, slug="lan", name="Lan", photo=SimpleUploadedFile("p.jpg", picture.getvalue())
    )
    with Image.open(speaker.photo) as stored:
        assert (stored.format, stored.size, stored.getexif().get(0x010E)) == ("JPEG", (64, 48), None)
    services.update_speaker(speaker=speaker, by=organiser, photo=False)
    speaker.refresh_from_db()
    assert speaker.photo.name == ""


def test_deletions_only_by_organisers() -> None:
    event, organiser = organised_event()
    theme = Track.objects.create(event=event, slug="t", name={"en": "T"})
    with pytest.raises(PermissionDenied):
        services.delete_theme(theme=theme, by=UserFactory.create())
    assert Track.objects.filter(pk=theme.pk).exists()
    services.delete_theme(theme=theme, by=organiser)
    assert not Track.objects.filter(pk=theme.pk).exists()


def test_managed_events_are_the_team_s_events_or_all_for_admins() -> None:
    event, organiser = organised_event()
    other = EventFactory.create()
    assert list(services.managed_events(user=organiser)) == [event]
    admin = UserFactory.create(is_superuser=True)
    assert set(services.managed_events(user=admin)) == {event, other}
