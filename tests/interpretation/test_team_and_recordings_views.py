"""Pages: the interpreters' chat on the session page (booth team only, works without JavaScript), and the
recordings of the channels (organisers' form, the session's record, the transcript pages, the API)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pavilion.events.models import ChannelRecording, InterpretationChannel, Session
from pavilion.interpretation.models import TeamMessage
from tests.factories import RegistrationFactory, UserFactory
from tests.interpretation.conftest import interpreted_session, interpreter_of, organiser_of
from tests.live.features import chair_of

pytestmark = pytest.mark.django_db


def page(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def manage(session: Session) -> str:
    return f"/en/manage/{session.event.slug}/interpretation/{session.slug}/"


def ended(session: Session) -> Session:
    session.starts_at = timezone.now() - timedelta(hours=3)
    session.ends_at = timezone.now() - timedelta(hours=1)
    session.save()
    return session


def test_the_booth_team_sees_its_chat_and_the_roster_listeners_do_not(client: Client) -> None:
    session = interpreted_session()
    interpreter = interpreter_of(session, "fr")
    TeamMessage.objects.create(session=session, author=interpreter, text="Handing over at 10:30")
    for member in (interpreter, organiser_of(session), chair_of(session)):
        client.force_login(member)
        html = client.get(page(session)).content.decode()
        assert f'data-topic="interpreters:{session.pk}"' in html
        assert "Handing over at 10:30" in html
        assert "Interpreters and handover times" in html
    for outsider in (RegistrationFactory.create(event=session.event).user, UserFactory.create()):
        client.force_login(outsider)
        html = client.get(page(session)).content.decode()
        assert "interpreters:" not in html
        assert "Handing over at 10:30" not in html
        assert "Interpreters and handover times" not in html
    client.logout()
    assert "Handing over at 10:30" not in client.get(page(session)).content.decode()


def test_the_team_chat_form_posts_for_the_team_only(client: Client) -> None:
    session = interpreted_session()
    url = f"{page(session)}interpretation/team/"
    anonymous = client.post(url, {"text": "hello"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert client.post(url, {"text": "hello"}).status_code == 403
    assert TeamMessage.objects.count() == 0
    interpreter = interpreter_of(session, "es")
    client.force_login(interpreter)
    assert client.post(url, {"text": ""}).status_code == 400
    answer = client.post(url, {"text": "  Ready in booth 2  "})
    assert (answer.status_code, answer["Location"]) == (302, f"{page(session)}#interpreters-chat")
    assert list(TeamMessage.objects.values_list("author", "text")) == [(interpreter.pk, "Ready in booth 2")]


def test_a_session_without_channels_gets_a_hidden_panel_that_channels_added_live_can_fill(client: Client) -> None:
    session = interpreted_session()
    InterpretationChannel.objects.filter(room=session.room).delete()
    html = client.get(page(session)).content.decode()
    assert 'id="interpretation" class="interpretation stage-languages"' in html
    assert 'data-sign-language="sign language" hidden>' in html
    assert '<script id="interpretation-languages" type="application/json">' in html
    assert '"fr": "fran\\u00e7ais"' in html


def test_organisers_give_each_channels_recording_with_a_validated_form(client: Client) -> None:
    session = interpreted_session()
    client.force_login(organiser_of(session))
    url = f"{manage(session)}recordings/"
    plain = client.post(url, {"channel": "fr:audio", "url": "http://rec.example.org/fr.mp3"})
    assert plain.status_code == 400
    assert "Enter an https:// address." in plain.content.decode()
    garbage = client.post(url, {"channel": "fr:audio", "url": "not an address"})
    assert garbage.status_code == 400
    empty = client.post(url, {"channel": "fr:audio", "url": ""})
    assert "Give the https address of the recording." in empty.content.decode()
    unknown = client.post(url, {"channel": "ru:audio", "url": "https://rec.example.org/ru.mp3"})
    assert unknown.status_code == 400
    assert "Select a valid choice." in unknown.content.decode()
    assert ChannelRecording.objects.count() == 0
    for channel, address in (
        ("floor", "https://rec.example.org/floor.mp4"),
        ("fr:audio", "https://rec.example.org/fr-old.mp3"),
        ("fr:audio", "https://rec.example.org/fr.mp3"),  # replaces the first
    ):
        assert client.post(url, {"channel": channel, "url": address}).status_code == 302
    assert sorted(ChannelRecording.objects.values_list("channel", "url")) == [
        ("floor", "https://rec.example.org/floor.mp4"),
        ("fr:audio", "https://rec.example.org/fr.mp3"),
    ]
    html = client.get(manage(session)).content.decode()
    assert "https://rec.example.org/fr.mp3" in html
    french = ChannelRecording.objects.get(channel="fr:audio")
    assert client.post(f"{manage(session)}recordings/{french.pk}/remove/").status_code == 302
    assert list(ChannelRecording.objects.values_list("channel", flat=True)) == ["floor"]


def test_recording_pages_are_not_found_for_others(client: Client) -> None:
    session = interpreted_session()
    recording = ChannelRecording.objects.create(session=session, channel="floor", url="https://rec.example.org/f.mp4")
    client.force_login(interpreter_of(session, "fr"))
    given = {"channel": "fr:audio", "url": "https://x.example.org/a"}
    assert client.post(f"{manage(session)}recordings/", given).status_code == 404
    assert client.post(f"{manage(session)}recordings/{recording.pk}/remove/").status_code == 404
    assert list(ChannelRecording.objects.values_list("channel", "url")) == [("floor", "https://rec.example.org/f.mp4")]


def test_the_ended_sessions_record_and_transcript_pages_list_the_recordings(client: Client) -> None:
    session = interpreted_session(languages=["en", "fr"])
    ChannelRecording.objects.create(session=session, channel="fr:audio", url="https://rec.example.org/fr.mp3")
    ChannelRecording.objects.create(session=session, channel="floor", url="https://rec.example.org/floor.mp4")
    running = client.get(page(session)).content.decode()
    assert "rec.example.org" not in running  # while it runs, the switcher plays the streams
    ended(session)
    html = client.get(page(session)).content.decode()
    assert "Recordings of the channels" in html
    floor, french = html.index("https://rec.example.org/floor.mp4"), html.index("https://rec.example.org/fr.mp3")
    assert floor < french
    assert '<a href="https://rec.example.org/fr.mp3" hreflang="fr" lang="fr">français</a>' in html
    transcript = client.get(f"{page(session)}captions/transcript/fr/").content.decode()
    assert '<a href="https://rec.example.org/floor.mp4">Original</a>' in transcript
    assert '<a href="https://rec.example.org/fr.mp3" hreflang="fr" lang="fr">français</a>' in transcript


def test_the_session_detail_api_lists_the_recordings(client: Client) -> None:
    session = interpreted_session()
    ChannelRecording.objects.create(session=session, channel="fr:audio", url="https://rec.example.org/fr.mp3")
    ChannelRecording.objects.create(session=session, channel="floor", url="https://rec.example.org/floor.mp4")
    body = client.get(f"/api/v1/events/{session.event.slug}/sessions/{session.slug}/").json()
    assert [(item["channel"], item["language"], item["kind"], item["url"]) for item in body["recordings"]] == [
        ("floor", "floor", "video", "https://rec.example.org/floor.mp4"),
        ("fr:audio", "fr", "audio", "https://rec.example.org/fr.mp3"),
    ]
    assert body["recordings"][1]["label"]["fr"] == "Français"
    assert body["recordings"][0]["label"]["en"] == "Original"
