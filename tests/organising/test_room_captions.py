"""Organisers upload a room's captions as WebVTT files, one a language: checked on upload, stored
under media, given to the session page's player by their address on this site, and removed again."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from pavilion.core.uploads import CAPTIONS_MAX_BYTES
from pavilion.events.models import Room
from tests.exhibition import files
from tests.factories import EventFactory, RoomFactory, SessionFactory, UserFactory
from tests.organising.test_views import organiser_of

pytestmark = pytest.mark.django_db
GOOD = "WEBVTT\n\n00:00.500 --> 00:04.000\nGood morning, and welcome.\n"
ADDRESS = re.compile(r"^/media/events/captions/(\d+)-[0-9a-f]{32}\.vtt$")


def vtt(text: str = GOOD) -> SimpleUploadedFile:
    return files.vtt(text, name="en.vtt")


def _stored() -> set[Path]:
    return files.stored_under("events/captions")


def _room(**fields: object) -> Room:
    return RoomFactory.create(
        event=EventFactory.create(is_published=False, content_locales=["en"]),
        slug="plenary",
        stream_url="/static/pavilion/demo/stage.webm",
        **fields,
    )


def test_organisers_upload_a_rooms_captions_and_the_session_player_uses_them(
    client: Client, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    room = _room(caption_tracks={"fr": "https://captions.example.org/plenary.fr.vtt"})
    event = room.event
    organiser_of(client, event)
    edit = f"/en/manage/{event.slug}/rooms/{room.pk}/"
    page = client.get(edit).content.decode()
    assert '<input type="file" name="captions-file" accept="text/vtt,.vtt"' in page
    response = client.post(f"{edit}captions/", {"captions-language": "en", "captions-file": vtt()}, follow=True)
    assert "Captions in English added." in response.content.decode()
    room.refresh_from_db()
    assert sorted(room.caption_tracks) == ["en", "fr"]
    assert room.caption_tracks["fr"] == "https://captions.example.org/plenary.fr.vtt"  # an address still works
    address = room.caption_tracks["en"]
    match = ADDRESS.match(address)
    assert match is not None
    assert int(match.group(1)) == room.pk
    assert (
        f'<a href="{address}" hreflang="en" type="text/vtt">captions in English</a>'
        in client.get(edit).content.decode()
    )

    # While the event is unpublished only its organisers fetch the file; then everyone.
    served = client.get(address)
    assert (served.status_code, served["Content-Type"]) == (200, "text/vtt")
    assert b"".join(served.streaming_content) == GOOD.encode()  # type: ignore[attr-defined]
    assert Client().get(address).status_code == 404
    event.is_published = True
    event.save()
    assert Client().get(address).status_code == 200
    now = timezone.now()
    session = SessionFactory.create(
        event=event, room=room, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    stage = Client().get(f"/en/events/{event.slug}/sessions/{session.slug}/").content.decode()
    assert f'<track kind="captions" src="{address}" srclang="en" label="English" default>' in stage

    # Uploading English again replaces the file; removing the captions deletes it.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        client.post(f"{edit}captions/", {"captions-language": "en", "captions-file": vtt(GOOD.replace("Good", "Fine"))})
    room.refresh_from_db()
    assert room.caption_tracks["en"] != address
    assert not (Path(settings.MEDIA_ROOT) / address.removeprefix("/media/")).exists()
    assert client.get(address).status_code == 404
    current = Path(settings.MEDIA_ROOT) / room.caption_tracks["en"].removeprefix("/media/")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        removed = client.post(f"{edit}captions/en/delete/", follow=True)
    assert "The captions have been removed." in removed.content.decode()
    room.refresh_from_db()
    assert room.caption_tracks == {"fr": "https://captions.example.org/plenary.fr.vtt"}
    assert not current.exists()


@pytest.mark.parametrize(
    ("language", "upload", "field", "message"),
    [
        ("en", lambda: vtt("Hello\n"), "file", "This is not a WebVTT file: its first line must be WEBVTT."),
        (
            "en",
            lambda: vtt("WEBVTT\n\n00:04.000 --> 00:01.000\nBackwards\n"),
            "file",
            "Line 3 of this WebVTT file is not a valid cue timing",
        ),
        (
            "en",
            lambda: vtt("WEBVTT\n\n00:00.000 --> 00:01.000\n" + "x" * CAPTIONS_MAX_BYTES),
            "file",
            "This file is too large (at most 512.0\xa0KB).",
        ),
        ("xx", vtt, "language", "Select a valid choice. xx is not one of the available choices."),
        ("", vtt, "language", "This field is required."),
    ],
    ids=["not-webvtt", "bad-timings", "too-large", "unknown-language", "no-language"],
)
def test_bad_room_captions_are_refused_beside_the_field(
    client: Client, language: str, upload: Callable[[], SimpleUploadedFile], field: str, message: str
) -> None:
    room = _room()
    organiser_of(client, room.event)
    before = _stored()
    response = client.post(
        f"/en/manage/{room.event.slug}/rooms/{room.pk}/captions/",
        {"captions-language": language, "captions-file": upload()},
    )
    files.refused_beside(response, f"id_captions-{field}", message)
    room.refresh_from_db()
    assert (room.caption_tracks, _stored()) == ({}, before)


@pytest.mark.parametrize("who", ["organiser-of-another-event", "visitor", "anonymous"])
def test_only_the_events_organisers_upload_or_remove_room_captions(client: Client, who: str) -> None:
    room = _room(caption_tracks={"fr": "https://captions.example.org/plenary.fr.vtt"})
    if who == "organiser-of-another-event":
        organiser_of(client, EventFactory.create())
    elif who == "visitor":
        client.force_login(UserFactory.create())
    before = _stored()
    base = f"/en/manage/{room.event.slug}/rooms/{room.pk}/captions/"
    added = client.post(base, {"captions-language": "en", "captions-file": vtt()})
    removed = client.post(f"{base}fr/delete/")
    for response in (added, removed):
        if who == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/en/accounts/login/")
        else:
            assert response.status_code == 404
    room.refresh_from_db()
    assert (room.caption_tracks, _stored()) == ({"fr": "https://captions.example.org/plenary.fr.vtt"}, before)
