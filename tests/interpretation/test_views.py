"""The session page's switcher and interpreters' desk, the on-air and choice posts, the organisers' pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pavilion.events.models import SessionChannel
from pavilion.interpretation.models import Interpreter, ListeningChoice, OnAir, TeamMessage
from tests.factories import RegistrationFactory, UserFactory
from tests.interpretation.conftest import interpreted_session, interpreter_of, organiser_of

pytestmark = pytest.mark.django_db


def page(session: object) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"  # type: ignore[attr-defined]


def test_listeners_get_the_switcher_and_links_but_no_desk(client: Client) -> None:
    session = interpreted_session()
    OnAir.objects.create(session=session, channel="fr:audio")
    client.force_login(RegistrationFactory.create(event=session.event).user)
    html = client.get(page(session)).content.decode()
    assert 'name="listen" value="floor"' in html
    assert 'name="listen" value="fr:audio" data-kind="audio" data-url="https://stream.example.org/fr.m3u8"' in html
    assert '<a href="https://stream.example.org/es.m3u8" hreflang="es" lang="es">' in html
    assert html.count('data-on-air-for="fr:audio">On air</span>') == 2  # the link list and the switcher
    assert 'data-on-air-for="es:audio" hidden>' in html
    assert "Interpreters' desk" not in html
    assert 'class="channel-choice"' in html  # signed in: the choice is kept on the server too


def test_interpreters_get_their_desk_with_the_roster(client: Client) -> None:
    session = interpreted_session()
    interpreter = interpreter_of(session, "fr")
    Interpreter.objects.create(
        session=session,
        user=UserFactory.create(full_name="Second Interpreter"),
        language="fr",
        starts_at=session.starts_at + timedelta(minutes=30),
        ends_at=session.starts_at + timedelta(minutes=60),
    )
    client.force_login(interpreter)
    html = client.get(page(session)).content.decode()
    assert "Interpreters' desk" in html
    assert 'data-channel="fr:audio"' in html
    assert 'data-channel="es:audio"' not in html
    assert "Second Interpreter" in html
    assert "Go on air" in html


def test_no_switcher_before_the_stage_opens(client: Client) -> None:
    session = interpreted_session()
    session.starts_at = timezone.now() + timedelta(days=1)
    session.ends_at = session.starts_at + timedelta(hours=1)
    session.save()
    html = client.get(page(session)).content.decode()
    assert 'name="listen"' not in html
    assert "fr.m3u8" not in html


def test_on_air_form_works_for_the_interpreter_and_is_refused_to_others(client: Client) -> None:
    session = interpreted_session()
    url = f"{page(session)}interpretation/on-air/"
    anonymous = client.post(url, {"channel": "fr:audio", "on": "1"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert client.post(url, {"channel": "fr:audio", "on": "1"}).status_code == 403
    assert OnAir.objects.count() == 0
    client.force_login(interpreter_of(session, "fr"))
    answer = client.post(url, {"channel": "fr:audio", "on": "1"})
    assert (answer.status_code, answer["Location"]) == (302, f"{page(session)}#interpretation")
    assert list(OnAir.objects.values_list("channel", flat=True)) == ["fr:audio"]
    client.post(url, {"channel": "fr:audio"})
    assert OnAir.objects.count() == 0


def test_the_choice_is_kept_for_signed_in_listeners_only(client: Client) -> None:
    url = "/en/interpretation/choice/"
    assert client.post(url, {"channel": "fr:audio"}).status_code == 403
    listener = UserFactory.create()
    client.force_login(listener)
    assert client.post(url, {"channel": "fr:audio"}).status_code == 204
    assert client.post(url, {"channel": "<script>"}).status_code == 400
    assert client.get(url).status_code == 405
    assert list(ListeningChoice.objects.values_list("user", "channel")) == [(listener.pk, "fr:audio")]


def test_the_kept_choice_reaches_the_page(client: Client) -> None:
    session = interpreted_session()
    listener = RegistrationFactory.create(event=session.event).user
    ListeningChoice.objects.create(user=listener, channel="es:audio")
    client.force_login(listener)
    assert 'data-saved="es:audio"' in client.get(page(session)).content.decode()


def test_organiser_pages_are_not_found_for_others(client: Client) -> None:
    session = interpreted_session()
    client.force_login(interpreter_of(session))
    base = f"/en/manage/{session.event.slug}/interpretation/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}{session.slug}/").status_code == 404
    answer = client.post(f"{base}{session.slug}/channels/", {"change": "hide", "language": "fr", "kind": "audio"})
    assert answer.status_code == 404
    assert SessionChannel.objects.count() == 0


def test_organiser_changes_channels_with_a_validated_form(client: Client) -> None:
    session = interpreted_session()
    client.force_login(organiser_of(session))
    base = f"/en/manage/{session.event.slug}/interpretation/{session.slug}/"
    assert client.get(f"/en/manage/{session.event.slug}/interpretation/").status_code == 200
    missing = client.post(f"{base}channels/", {"change": "add", "language": "ru", "kind": "audio"})
    assert missing.status_code == 400
    assert "Give the https address of the channel&#x27;s stream." in missing.content.decode()
    plain = client.post(
        f"{base}channels/", {"change": "add", "language": "ru", "kind": "audio", "stream_url": "http://x.example.org/"}
    )
    assert plain.status_code == 400
    assert "Enter an https:// address." in plain.content.decode()
    nothing = client.post(f"{base}channels/", {"change": "hide", "language": "ar", "kind": "audio"})
    assert nothing.status_code == 400
    assert "The session&#x27;s room has no channel in this language and type." in nothing.content.decode()
    assert SessionChannel.objects.count() == 0
    added = client.post(
        f"{base}channels/",
        {"change": "add", "language": "ru", "kind": "audio", "stream_url": "https://stream.example.org/ru.m3u8"},
    )
    assert added.status_code == 302
    hidden = client.post(f"{base}channels/", {"change": "hide", "language": "es", "kind": "audio"})
    assert hidden.status_code == 302
    assert sorted(SessionChannel.objects.values_list("language", "hidden", "stream_url")) == [
        ("es", True, ""),
        ("ru", False, "https://stream.example.org/ru.m3u8"),
    ]
    html = client.get(base).content.decode()
    assert "this session only" in html
    change = SessionChannel.objects.get(language="es")
    assert client.post(f"{base}channels/{change.pk}/undo/").status_code == 302
    assert list(SessionChannel.objects.values_list("language", flat=True)) == ["ru"]


def test_organiser_names_an_interpreter_for_a_channel_of_the_session(client: Client) -> None:
    session = interpreted_session()
    client.force_login(organiser_of(session))
    person = UserFactory.create(email="interpreter@example.org")
    base = f"/en/manage/{session.event.slug}/interpretation/{session.slug}/"
    unknown = client.post(f"{base}interpreters/", {"email": "nobody@example.org", "channel": "fr:audio"})
    assert unknown.status_code == 400
    other = client.post(f"{base}interpreters/", {"email": person.email, "channel": "ru:audio"})
    assert other.status_code == 400
    assert client.post(f"{base}interpreters/", {"email": person.email, "channel": "fr:audio"}).status_code == 302
    interpreter = Interpreter.objects.get()
    assert (interpreter.user, interpreter.language, interpreter.kind, interpreter.starts_at) == (
        person,
        "fr",
        "audio",
        None,
    )
    assert client.post(f"{base}interpreters/{interpreter.pk}/remove/").status_code == 302
    assert Interpreter.objects.count() == 0


def test_interpreting_turns_and_the_choice_are_in_the_persons_download_only(client: Client) -> None:
    session = interpreted_session(slug="broadband-forum")
    interpreter = interpreter_of(session, "fr")
    other = interpreter_of(session, "es")
    ListeningChoice.objects.create(user=interpreter, channel="es:audio")
    TeamMessage.objects.create(session=session, author=interpreter, text="Ready in booth 1")
    TeamMessage.objects.create(session=session, author=other, text="Ready in booth 2")
    client.force_login(interpreter)
    data = client.get("/en/accounts/my-data/pavilion-personal-data.json").json()
    assert [(row["session__slug"], row["language"], row["kind"]) for row in data["sessions"]["interpreting"]] == [
        ("broadband-forum", "fr", "audio")
    ]
    assert [row["channel"] for row in data["sessions"]["listening_choice"]] == ["es:audio"]
    assert [(row["session__slug"], row["text"]) for row in data["sessions"]["interpreters_chat"]] == [
        ("broadband-forum", "Ready in booth 1")
    ]
    client.force_login(other)
    assert client.get("/en/accounts/my-data/pavilion-personal-data.json").json()["sessions"]["listening_choice"] == []
