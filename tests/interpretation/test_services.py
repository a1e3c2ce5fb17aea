"""Interpretation's rules: a session's own channels, interpreters, on air, the listener's kept choice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pavilion.events.channels import session_channels
from pavilion.events.models import ChannelRecording, SessionChannel
from pavilion.interpretation import services
from pavilion.interpretation.models import ListeningChoice, OnAir
from tests.factories import RegistrationFactory, UserFactory
from tests.interpretation.conftest import interpreted_session, interpreter_of, organiser_of

pytestmark = pytest.mark.django_db


def keys(session: object) -> list[tuple[str, str]]:
    return [(channel.key, channel.url) for channel in session_channels(session)]  # type: ignore[arg-type]


def test_a_session_adds_replaces_and_hides_its_rooms_channels() -> None:
    session = interpreted_session()
    organiser = organiser_of(session)
    services.add_session_channel(
        session=session, by=organiser, language="ru", kind="audio", stream_url="https://stream.example.org/ru.m3u8"
    )
    services.add_session_channel(
        session=session, by=organiser, language="fr", kind="audio", stream_url="https://other.example.org/fr.m3u8"
    )
    services.hide_room_channel(session=session, by=organiser, language="es", kind="audio")
    assert keys(session) == [
        ("floor", "https://stream.example.org/main.m3u8"),
        ("fr:audio", "https://other.example.org/fr.m3u8"),
        ("ru:audio", "https://stream.example.org/ru.m3u8"),
    ]
    change = SessionChannel.objects.get(session=session, language="es")
    services.remove_session_channel(change=change, by=organiser)
    assert [key for key, _url in keys(session)] == ["floor", "es:audio", "fr:audio", "ru:audio"]


def test_session_channel_changes_are_refused_when_they_make_no_sense() -> None:
    session = interpreted_session()
    organiser = organiser_of(session)
    with pytest.raises(ValidationError) as hidden:
        services.hide_room_channel(session=session, by=organiser, language="ar", kind="audio")
    assert hidden.value.message_dict == {"language": ["The session's room has no channel in this language and type."]}
    with pytest.raises(ValidationError) as bare:
        services.add_session_channel(session=session, by=organiser, language="ar", kind="audio", stream_url="")
    assert bare.value.message_dict == {"stream_url": ["Give the https address of the channel's stream."]}
    with pytest.raises(ValidationError) as plain:
        services.add_session_channel(
            session=session, by=organiser, language="ar", kind="audio", stream_url="http://stream.example.org/ar"
        )
    assert plain.value.message_dict == {"stream_url": ["Enter an https:// address."]}
    services.hide_room_channel(session=session, by=organiser, language="fr", kind="audio")
    with pytest.raises(ValidationError):
        services.add_session_channel(
            session=session, by=organiser, language="fr", kind="audio", stream_url="https://stream.example.org/x"
        )
    assert SessionChannel.objects.count() == 1


def test_only_organisers_change_a_sessions_channels() -> None:
    session = interpreted_session()
    for outsider in (UserFactory.create(), interpreter_of(session)):
        with pytest.raises(PermissionDenied):
            services.hide_room_channel(session=session, by=outsider, language="fr", kind="audio")
    assert SessionChannel.objects.count() == 0


def test_interpreters_cover_a_channel_the_session_offers_within_its_times() -> None:
    session = interpreted_session()
    organiser = organiser_of(session)
    person = UserFactory.create()
    with pytest.raises(ValidationError) as missing:
        services.add_interpreter(session=session, by=organiser, user=person, language="ru")
    assert missing.value.message_dict == {"language": ["This session has no channel in this language and type."]}
    with pytest.raises(ValidationError) as outside:
        services.add_interpreter(
            session=session,
            by=organiser,
            user=person,
            language="fr",
            starts_at=session.starts_at - timedelta(minutes=5),
            ends_at=session.starts_at + timedelta(minutes=30),
        )
    assert outside.value.message_dict == {"ends_at": ["A turn starts before it ends, within the session's times."]}
    turn = services.add_interpreter(
        session=session,
        by=organiser,
        user=person,
        language="fr",
        starts_at=session.starts_at,
        ends_at=session.starts_at + timedelta(minutes=30),
    )
    assert (turn.language, turn.kind, turn.channel_key) == ("fr", "audio", "fr:audio")
    with pytest.raises(ValidationError):
        services.add_interpreter(session=session, by=organiser, user=person, language="fr")
    with pytest.raises(PermissionDenied):
        services.add_interpreter(session=session, by=person, user=UserFactory.create(), language="es")


def test_an_interpreter_puts_their_own_channel_on_air_and_no_other() -> None:
    session = interpreted_session()
    interpreter = interpreter_of(session, "fr")
    assert services.interpreting_channels(session=session, user=interpreter) == ["fr:audio"]
    assert services.set_on_air(session=session, by=interpreter, channel="fr:audio", on=True) is True
    assert services.set_on_air(session=session, by=interpreter, channel="fr:audio", on=True) is False
    assert services.on_air(session=session) == ["fr:audio"]
    with pytest.raises(PermissionDenied):
        services.set_on_air(session=session, by=interpreter, channel="es:audio", on=True)
    assert services.on_air(session=session) == ["fr:audio"]
    assert services.set_on_air(session=session, by=interpreter, channel="fr:audio", on=False) is True
    assert OnAir.objects.count() == 0


def test_listeners_and_visitors_cannot_put_a_channel_on_air_organisers_can() -> None:
    session = interpreted_session()
    delegate = RegistrationFactory.create(event=session.event).user
    assert services.interpreting_channels(session=session, user=delegate) == []
    with pytest.raises(PermissionDenied):
        services.set_on_air(session=session, by=delegate, channel="fr:audio", on=True)
    with pytest.raises(PermissionDenied):
        services.set_on_air(session=session, by=None, channel="fr:audio", on=True)
    organiser = organiser_of(session)
    assert services.interpreting_channels(session=session, user=organiser) == ["es:audio", "fr:audio"]
    assert services.set_on_air(session=session, by=organiser, channel="es:audio", on=True) is True
    assert services.on_air(session=session) == ["es:audio"]


def test_an_interpreter_of_a_closed_session_they_may_not_see_is_refused() -> None:
    session = interpreted_session(access_level="accredited")
    interpreter = interpreter_of(session, "fr")
    with pytest.raises(PermissionDenied):
        services.set_on_air(session=session, by=interpreter, channel="fr:audio", on=True)
    assert OnAir.objects.count() == 0


def test_no_channel_goes_on_air_after_the_session_ended() -> None:
    session = interpreted_session()
    interpreter = interpreter_of(session, "fr")
    session.ends_at = timezone.now() - timedelta(minutes=1)
    session.save()
    with pytest.raises(ValidationError):
        services.set_on_air(session=session, by=interpreter, channel="fr:audio", on=True)
    assert OnAir.objects.count() == 0


def test_a_listeners_choice_is_kept_and_checked() -> None:
    listener = UserFactory.create()
    services.remember_choice(user=listener, channel="fr:audio")
    services.remember_choice(user=listener, channel="floor")
    assert services.remembered_choice(user=listener) == "floor"
    with pytest.raises(ValidationError):
        services.remember_choice(user=listener, channel="xx:audio")
    with pytest.raises(ValidationError):
        services.remember_choice(user=listener, channel="fr:radio")
    assert list(ListeningChoice.objects.values_list("channel", flat=True)) == ["floor"]
    assert services.remembered_choice(user=None) == ""


def test_recordings_are_given_by_organisers_for_the_sessions_channels_only() -> None:
    session = interpreted_session()
    organiser = organiser_of(session)
    with pytest.raises(PermissionDenied):
        services.set_recording(
            session=session, by=interpreter_of(session, "fr"), channel="fr:audio", url="https://r.example.org/fr"
        )
    with pytest.raises(ValidationError) as unknown:
        services.set_recording(session=session, by=organiser, channel="ru:audio", url="https://r.example.org/ru")
    assert unknown.value.message_dict == {"channel": ["This session has no such channel."]}
    with pytest.raises(ValidationError) as plain:
        services.set_recording(session=session, by=organiser, channel="floor", url="http://r.example.org/floor")
    assert plain.value.message_dict == {"url": ["Enter an https:// address."]}
    assert ChannelRecording.objects.count() == 0
    first = services.set_recording(session=session, by=organiser, channel="floor", url="https://r.example.org/a")
    again = services.set_recording(session=session, by=organiser, channel="floor", url="https://r.example.org/b")
    assert (again.pk, list(ChannelRecording.objects.values_list("channel", "url"))) == (
        first.pk,
        [("floor", "https://r.example.org/b")],
    )
    with pytest.raises(PermissionDenied):
        services.remove_recording(recording=again, by=UserFactory.create())
    services.remove_recording(recording=again, by=organiser)
    assert ChannelRecording.objects.count() == 0
