"""Interpretation channels in the API: the floor first, then each language's channel, with labels."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.events.models import ChannelKind, InterpretationChannel, SessionChannel
from tests.factories import EventFactory, RoomFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_sessions_list_gives_the_floor_first_then_the_channels(client: Client) -> None:
    event = EventFactory.create()
    room = RoomFactory.create(event=event, stream_url="https://stream.example.org/main")
    InterpretationChannel.objects.create(room=room, language="fr", stream_url="https://stream.example.org/fr")
    InterpretationChannel.objects.create(
        room=room, language="fr", kind=ChannelKind.SIGN, stream_url="https://stream.example.org/lsf"
    )
    InterpretationChannel.objects.create(room=room, language="ar", stream_url="https://stream.example.org/ar")
    SessionFactory.create(event=event, room=room, slug="opening")
    SessionFactory.create(event=event, room=None, slug="offline")
    sessions = {item["slug"]: item for item in client.get(f"{API}/events/{event.slug}/sessions/").json()}
    channels = sessions["opening"]["channels"]
    assert [(channel["language"], channel["kind"], channel["url"]) for channel in channels] == [
        ("floor", "video", "https://stream.example.org/main"),
        ("ar", "audio", "https://stream.example.org/ar"),
        ("fr", "audio", "https://stream.example.org/fr"),
        ("fr", "sign", "https://stream.example.org/lsf"),
    ]
    assert channels[0]["label"]["en"] == "Original"
    assert channels[0]["label"]["fr"] == "Original"
    assert channels[2]["label"]["en"] == "French"
    assert channels[2]["label"]["fr"] == "Français"
    assert channels[3]["label"]["en"] == "French (sign language)"
    assert sessions["offline"]["channels"] == []
    detail = client.get(f"{API}/events/{event.slug}/sessions/opening/").json()
    assert detail["channels"] == channels


def test_sessions_list_query_count_does_not_grow_with_channels(client: Client) -> None:
    counts = []
    for number in (1, 3):
        event = EventFactory.create()
        for index in range(number):
            room = RoomFactory.create(event=event, stream_url="https://stream.example.org/main")
            for language in ("fr", "es", "ru")[:number]:
                InterpretationChannel.objects.create(
                    room=room, language=language, stream_url=f"https://stream.example.org/{language}"
                )
            session = SessionFactory.create(event=event, room=room, slug=f"session-{index}")
            SessionChannel.objects.create(session=session, language="ar", stream_url="https://stream.example.org/ar")
        signed_in = Client()
        signed_in.force_login(UserFactory.create())  # signed in: not answered from the public cache
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(f"{API}/events/{event.slug}/sessions/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_room_form_adds_a_sign_language_channel_beside_the_spoken_one(client: Client) -> None:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    room = RoomFactory.create(event=event)
    InterpretationChannel.objects.create(room=room, language="fr", stream_url="https://stream.example.org/fr")
    client.force_login(organiser)
    url = f"/en/manage/{event.slug}/rooms/{room.pk}/channels/"
    response = client.post(url, {"language": "fr", "kind": "sign", "stream_url": "https://stream.example.org/lsf"})
    assert response.status_code == 302
    again = client.post(url, {"language": "fr", "kind": "sign", "stream_url": "https://stream.example.org/lsf2"})
    assert again.status_code == 400
    assert sorted(room.interpretation_channels.values_list("language", "kind")) == [("fr", "audio"), ("fr", "sign")]


def test_a_sessions_own_channels_change_its_rooms_in_the_api(client: Client) -> None:
    event = EventFactory.create()
    room = RoomFactory.create(event=event, stream_url="https://stream.example.org/main")
    for language in ("fr", "es"):
        InterpretationChannel.objects.create(
            room=room, language=language, stream_url=f"https://stream.example.org/{language}"
        )
    changed = SessionFactory.create(event=event, room=room, slug="changed")
    SessionFactory.create(event=event, room=room, slug="as-the-room")
    roomless = SessionFactory.create(event=event, room=None, slug="roomless")
    SessionChannel.objects.create(session=changed, language="es", hidden=True)
    SessionChannel.objects.create(session=changed, language="fr", stream_url="https://other.example.org/fr")
    SessionChannel.objects.create(
        session=changed, language="ru", kind=ChannelKind.VIDEO, stream_url="https://stream.example.org/ru"
    )
    SessionChannel.objects.create(session=roomless, language="ar", stream_url="https://stream.example.org/ar")
    sessions = {item["slug"]: item for item in client.get(f"{API}/events/{event.slug}/sessions/").json()}
    assert [(item["language"], item["kind"], item["url"]) for item in sessions["changed"]["channels"]] == [
        ("floor", "video", "https://stream.example.org/main"),
        ("fr", "audio", "https://other.example.org/fr"),
        ("ru", "video", "https://stream.example.org/ru"),
    ]
    assert [item["language"] for item in sessions["as-the-room"]["channels"]] == ["floor", "es", "fr"]
    assert [(item["language"], item["url"]) for item in sessions["roomless"]["channels"]] == [
        ("ar", "https://stream.example.org/ar")
    ]
    detail = client.get(f"{API}/events/{event.slug}/sessions/changed/").json()
    assert detail["channels"] == sessions["changed"]["channels"]
