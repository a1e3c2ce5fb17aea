from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from pavilion.accounts.models import User
from pavilion.events.models import AgendaItem, Event, InterpretationChannel, Session, SessionSpeaker, SubGroup
from pavilion.events.organising import update_session
from pavilion.events.schemas import channel_label
from tests.factories import (
    CategoryFactory,
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _organiser(event: Event) -> User:
    user = UserFactory.create()
    event.organising_team.add(user)
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _slugs(response: Any) -> list[str]:
    assert response.status_code == 200
    return [item["slug"] for item in response.json()]


def _send(client: Client, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


# --- Reading -------------------------------------------------------------------------------------


def test_events_list_shows_unpublished_events_to_their_organisers_only(client: Client) -> None:
    EventFactory.create(slug="open-summit", start_date=datetime(2020, 10, 20).date())
    draft = EventFactory.create(slug="draft-summit", is_published=False)
    assert _slugs(client.get(f"{API}/events/")) == ["open-summit"]
    assert _slugs(_signed_in(UserFactory.create()).get(f"{API}/events/")) == ["open-summit"]
    assert _slugs(_signed_in(_organiser(draft)).get(f"{API}/events/")) == ["draft-summit", "open-summit"]


def test_event_detail_carries_translations_time_zone_and_themes(client: Client) -> None:
    host = OrganisationFactory.create(slug="mic", name={"en": "Ministry of ICT"}, acronym="MIC")
    event = EventFactory.create(
        slug="vdw-2020",
        name={"en": "Virtual Digital World", "vi": "Thế giới Số"},
        tagline={"en": "Connecting"},
        host=host,
        host_country="VN",
        ui_locales=["en", "vi"],
    )
    event.organising_bodies.set([host])
    TrackFactory.create(event=event, slug="5g", name={"en": "5G"})
    RoomFactory.create(event=event, slug="hall-a", name={"en": "Hall A"})
    SubGroup.objects.create(event=event, code="LSG", name={"en": "Liberalisation Steering Group"})
    response = client.get(f"{API}/events/vdw-2020/")
    assert response.status_code == 200
    organisation = {"slug": "mic", "name": {"en": "Ministry of ICT"}, "acronym": "MIC"}
    assert response.json() == {
        "slug": "vdw-2020",
        "kind": "summit",
        "name": {"en": "Virtual Digital World", "vi": "Thế giới Số"},
        "tagline": {"en": "Connecting"},
        "start_date": "2020-10-20",
        "end_date": "2020-10-22",
        "time_zone": "Asia/Ho_Chi_Minh",
        "is_online": True,
        "venue": {},
        "host_country": "VN",
        "content_locales": ["en", "vi"],
        "is_published": True,
        "is_schedule_published": True,
        "organisers": [organisation],
        "description": {},
        "ui_locales": ["en", "vi"],
        "host": organisation,
        "logo": None,
        "registered_access": "approved",
        "tracks": [{"slug": "5g", "name": {"en": "5G"}}],
        "rooms": [{"slug": "hall-a", "name": {"en": "Hall A"}}],
        "subgroups": [{"code": "LSG", "name": {"en": "Liberalisation Steering Group"}}],
    }


def test_unpublished_event_is_not_found_for_others_but_found_for_organisers(client: Client) -> None:
    event = EventFactory.create(is_published=False)
    for caller in (client, _signed_in(UserFactory.create())):
        for path in ("", "sessions/", "speakers/"):
            response = caller.get(f"{API}/events/{event.slug}/{path}")
            assert response.status_code == 404
            assert response.json() == {"detail": "Not found."}
    assert _signed_in(_organiser(event)).get(f"{API}/events/{event.slug}/").status_code == 200


def test_session_detail_in_utc_with_room_streams_and_speakers(client: Client) -> None:
    event = EventFactory.create(slug="vdw")
    room = RoomFactory.create(
        event=event, slug="hall-a", name={"en": "Hall A"}, stream_url="https://stream.example.org/a"
    )
    InterpretationChannel.objects.create(room=room, language="fr", stream_url="https://stream.example.org/a-fr")
    track = TrackFactory.create(event=event, slug="5g", name={"en": "5G"})
    session = SessionFactory.create(
        event=event,
        slug="opening",
        kind="opening",
        title={"en": "Opening", "vi": "Khai mạc"},
        room=room,
        track=track,
        languages=["en", "vi"],
    )
    chair = SpeakerFactory.create(event=event, slug="chair", name="Nguyen Manh Hung", country="VN", organisation="MIC")
    speaker = SpeakerFactory.create(event=event, slug="houlin", name="Houlin Zhao", organisation="ITU")
    SessionSpeakerFactory.create(session=session, speaker=chair, role="chair")
    SessionSpeakerFactory.create(session=session, speaker=speaker, role="speaker")
    response = client.get(f"{API}/events/vdw/sessions/opening/")
    assert response.status_code == 200
    assert response.json() == {
        "event": "vdw",
        "slug": "opening",
        "kind": "opening",
        "title": {"en": "Opening", "vi": "Khai mạc"},
        "abstract": {},
        "starts_at": "2020-10-20T06:00:00Z",
        "ends_at": "2020-10-20T07:00:00Z",
        "room": {
            "slug": "hall-a",
            "name": {"en": "Hall A"},
            "stream_url": "https://stream.example.org/a",
            "interpretation": [{"language": "fr", "stream_url": "https://stream.example.org/a-fr"}],
        },
        "track": {"slug": "5g", "name": {"en": "5G"}},
        "subgroup": None,
        "access_level": "public",
        "languages": ["en", "vi"],
        "speakers": [
            {
                "slug": "chair",
                "name": "Nguyen Manh Hung",
                "role": "chair",
                "position": {"en": "Minister"},
                "organisation": "MIC",
                "country": "VN",
            },
            {
                "slug": "houlin",
                "name": "Houlin Zhao",
                "role": "speaker",
                "position": {"en": "Minister"},
                "organisation": "ITU",
                "country": "",
            },
        ],
        "channels": [
            {
                "language": "floor",
                "kind": "video",
                "label": channel_label("floor", "video"),
                "url": "https://stream.example.org/a",
            },
            {
                "language": "fr",
                "kind": "audio",
                "label": channel_label("fr", "audio"),
                "url": "https://stream.example.org/a-fr",
            },
        ],
        "recordings": [],  # none given yet (tests/interpretation/test_team_and_recordings_views.py)
    }
    assert channel_label("fr", "audio")["en"] == "French"


def test_sessions_list_is_in_time_order_with_the_list_room(client: Client) -> None:
    event = EventFactory.create()
    room = RoomFactory.create(event=event, slug="hall-a", name={"en": "Hall A"})
    SessionFactory.create(
        event=event, slug="later", title={"en": "Later"}, starts_at=datetime(2020, 10, 21, 2, tzinfo=UTC)
    )
    SessionFactory.create(event=event, slug="earlier", room=room, starts_at=datetime(2020, 10, 20, 2, tzinfo=UTC))
    response = client.get(f"{API}/events/{event.slug}/sessions/")
    assert _slugs(response) == ["earlier", "later"]
    assert response.json()[0]["room"] == {"slug": "hall-a", "name": {"en": "Hall A"}}
    assert response.json()[1]["starts_at"] == "2020-10-21T02:00:00Z"
    assert response.json()[1]["title"] == {"en": "Later"}


def test_sessions_list_filters_by_theme_type_subgroup_and_language(client: Client) -> None:
    event = EventFactory.create()
    theme = TrackFactory.create(event=event, slug="5g")
    group = SubGroup.objects.create(event=event, code="DSG", name={"en": "Development Steering Group"})
    SessionFactory.create(event=event, slug="on-5g", track=theme, languages=["en"])
    SessionFactory.create(event=event, slug="dsg", kind="steering_group", subgroup=group, languages=["en", "ru"])
    SessionFactory.create(event=event, slug="other", kind="workshop", languages=["fr"])
    sessions = f"{API}/events/{event.slug}/sessions/"
    assert _slugs(client.get(sessions, {"track": "5g"})) == ["on-5g"]
    assert _slugs(client.get(sessions, {"kind": "steering_group"})) == ["dsg"]
    assert _slugs(client.get(sessions, {"subgroup": "DSG"})) == ["dsg"]
    assert _slugs(client.get(sessions, {"language": "en"})) == ["dsg", "on-5g"]
    assert _slugs(client.get(sessions, {"language": "en", "kind": "forum"})) == ["on-5g"]
    assert _slugs(client.get(sessions, {"track": "unknown"})) == []
    assert _slugs(client.get(sessions)) == ["dsg", "on-5g", "other"]


def _closed_event() -> tuple[Event, Session]:
    event = EventFactory.create()
    SessionFactory.create(event=event, slug="open-forum", title={"en": "Session open-forum"})
    closed = SessionFactory.create(event=event, slug="ministerial", access_level="accredited")
    return event, closed


def _sees_closed_session(client: Client, event: Event) -> bool:
    listed = "ministerial" in _slugs(client.get(f"{API}/events/{event.slug}/sessions/"))
    detail = client.get(f"{API}/events/{event.slug}/sessions/ministerial/")
    assert detail.status_code == (200 if listed else 404)
    return listed


def test_accredited_session_is_absent_for_anonymous_callers(client: Client) -> None:
    event, _closed = _closed_event()
    assert not _sees_closed_session(client, event)
    assert client.get(f"{API}/events/{event.slug}/sessions/ministerial/").json() == {"detail": "Not found."}


def test_accredited_session_is_absent_for_a_registration_awaiting_approval() -> None:
    event, _closed = _closed_event()
    pending = RegistrationFactory.create(event=event, status="pending")
    assert not _sees_closed_session(_signed_in(pending.user), event)


def test_accredited_session_is_absent_for_an_approved_non_accredited_participant() -> None:
    event, _closed = _closed_event()
    visitor = RegistrationFactory.create(event=event, category=CategoryFactory.create(event=event, is_accredited=False))
    assert not _sees_closed_session(_signed_in(visitor.user), event)


def test_accredited_session_is_shown_to_accredited_delegates_of_any_delegation() -> None:
    event, _closed = _closed_event()
    for country in ("VN", "TH"):
        delegate = RegistrationFactory.create(event=event, country=country)
        assert _sees_closed_session(_signed_in(delegate.user), event)


def test_accredited_session_of_another_event_is_absent_for_a_delegate() -> None:
    event, _closed = _closed_event()
    elsewhere = RegistrationFactory.create()
    assert not _sees_closed_session(_signed_in(elsewhere.user), event)


def test_invited_session_is_shown_to_invitees_only() -> None:
    event = EventFactory.create()
    roundtable = SessionFactory.create(event=event, slug="roundtable", access_level="invited")
    invited = RegistrationFactory.create(event=event, country="VN")
    not_invited = RegistrationFactory.create(event=event, country="TH")
    roundtable.invitees.add(invited.user)
    path = f"{API}/events/{event.slug}/sessions/"
    assert _slugs(_signed_in(not_invited.user).get(path)) == []
    assert _signed_in(not_invited.user).get(f"{path}roundtable/").status_code == 404
    assert _slugs(_signed_in(invited.user).get(path)) == ["roundtable"]
    assert _signed_in(invited.user).get(f"{path}roundtable/").status_code == 200


def test_hidden_schedule_is_empty_for_attendees_but_not_for_organisers(client: Client) -> None:
    event = EventFactory.create(is_schedule_published=False)
    SessionFactory.create(event=event, slug="opening")
    assert _slugs(client.get(f"{API}/events/{event.slug}/sessions/")) == []
    assert _slugs(_signed_in(_organiser(event)).get(f"{API}/events/{event.slug}/sessions/")) == ["opening"]


def test_speakers_list_only_speakers_of_visible_sessions(client: Client) -> None:
    event = EventFactory.create()
    public = SessionFactory.create(event=event, slug="forum")
    closed = SessionFactory.create(event=event, slug="ministerial", access_level="accredited")
    both = SpeakerFactory.create(event=event, slug="both", name="Anna", bio={"en": "Diplomat"})
    minister = SpeakerFactory.create(event=event, slug="minister", name="Boris")
    SpeakerFactory.create(event=event, slug="unscheduled", name="Chen")
    SessionSpeakerFactory.create(session=public, speaker=both, role="moderator")
    SessionSpeakerFactory.create(session=closed, speaker=both, role="chair")
    SessionSpeakerFactory.create(session=closed, speaker=minister)
    path = f"{API}/events/{event.slug}/speakers/"
    assert client.get(path).json() == [
        {
            "slug": "both",
            "name": "Anna",
            "position": {"en": "Minister"},
            "organisation": "",
            "country": "",
            "bio": {"en": "Diplomat"},
            "photo": None,
            "sessions": [{"session": "forum", "role": "moderator"}],
        }
    ]
    delegate = RegistrationFactory.create(event=event)
    listed = _signed_in(delegate.user).get(path).json()
    assert [(item["slug"], item["sessions"]) for item in listed] == [
        ("both", [{"session": "forum", "role": "moderator"}, {"session": "ministerial", "role": "chair"}]),
        ("minister", [{"session": "ministerial", "role": "speaker"}]),
    ]


# --- Query counts --------------------------------------------------------------------------------


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _event_with_sessions(count: int) -> Event:
    event = EventFactory.create()
    event.organising_bodies.set(OrganisationFactory.create_batch(2))
    room = RoomFactory.create(event=event)
    for _ in range(count):
        session = SessionFactory.create(event=event, room=room, track=TrackFactory.create(event=event))
        SessionSpeakerFactory.create(session=session)
        SessionSpeakerFactory.create(session=session, role="chair")
    return event


@pytest.mark.parametrize("path", ["", "sessions/", "speakers/"])
def test_event_reads_query_count_does_not_grow_with_sessions(client: Client, path: str) -> None:
    one, three = _event_with_sessions(1), _event_with_sessions(3)
    assert _queries(client, f"{API}/events/{one.slug}/{path}") == _queries(client, f"{API}/events/{three.slug}/{path}")
    user = UserFactory.create()
    RegistrationFactory.create(event=one, user=user)
    RegistrationFactory.create(event=three, user=user)
    delegate = _signed_in(user)
    assert _queries(delegate, f"{API}/events/{one.slug}/{path}") == _queries(
        delegate, f"{API}/events/{three.slug}/{path}"
    )


def test_events_list_query_count_does_not_grow_with_events(client: Client) -> None:
    _event_with_sessions(1)
    one = _queries(client, f"{API}/events/")
    _event_with_sessions(1)
    _event_with_sessions(1)
    assert _queries(client, f"{API}/events/") == one


def test_agenda_query_count_does_not_grow_with_sessions() -> None:
    user = UserFactory.create()
    client = _signed_in(user)
    counts = []
    for number in (1, 3):
        AgendaItem.objects.filter(user=user).delete()
        for session in _event_with_sessions(number).sessions.all():
            AgendaItem.objects.create(user=user, session=session)
        counts.append(_queries(client, f"{API}/me/agenda/"))
    assert counts[0] == counts[1]


# --- Cache ---------------------------------------------------------------------------------------


def test_anonymous_reads_are_cached_until_the_schedule_changes(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    session = SessionFactory.create(title={"en": "Broadband gap"})
    path = f"{API}/events/{session.event.slug}/sessions/"
    assert client.get(path).json()[0]["title"] == {"en": "Broadband gap"}
    # A write that bypasses the services (no signal, no version bump) is not seen: the list is cached.
    Session.objects.filter(pk=session.pk).update(title={"en": "Written behind the cache's back"})
    assert client.get(path).json()[0]["title"] == {"en": "Broadband gap"}
    with django_capture_on_commit_callbacks(execute=True):
        update_session(session=session, by=_organiser(session.event), title={"en": "5G for all"})
    assert client.get(path).json()[0]["title"] == {"en": "5G for all"}


def test_cached_read_costs_one_query(client: Client) -> None:
    event = _event_with_sessions(3)
    for path in ("", "sessions/", "speakers/"):
        client.get(f"{API}/events/{event.slug}/{path}")
        assert _queries(client, f"{API}/events/{event.slug}/{path}") == 1  # the event's visibility


def test_cache_keys_include_the_query_string(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, slug="forum")
    SessionFactory.create(event=event, slug="workshop", kind="workshop")
    path = f"{API}/events/{event.slug}/sessions/"
    assert _slugs(client.get(path, {"kind": "forum"})) == ["forum"]
    assert _slugs(client.get(path, {"kind": "workshop"})) == ["workshop"]
    assert _slugs(client.get(path)) == ["forum", "workshop"]


def test_signed_in_callers_are_never_served_from_or_stored_in_the_cache(client: Client) -> None:
    event, _closed = _closed_event()
    path = f"{API}/events/{event.slug}/sessions/"
    organiser = _signed_in(_organiser(event))
    assert _slugs(organiser.get(path)) == ["ministerial", "open-forum"]
    assert _slugs(client.get(path)) == ["open-forum"]
    # Written without a version bump: only a caller who bypasses the cache sees it.
    Session.objects.filter(slug="open-forum").update(title={"en": "Renamed"})
    assert organiser.get(path).json()[1]["title"] == {"en": "Renamed"}
    assert client.get(path).json()[0]["title"] == {"en": "Session open-forum"}
    assert _slugs(client.get(path)) == ["open-forum"]


def test_organiser_change_through_the_api_reaches_anonymous_readers(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    session = SessionFactory.create(slug="forum", title={"en": "Old title"})
    organiser = _signed_in(_organiser(session.event))
    path = f"{API}/events/{session.event.slug}/sessions/"
    assert client.get(path).json()[0]["title"] == {"en": "Old title"}
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(organiser, "patch", f"{path}forum/", {"title": {"en": "New title", "fr": ""}})
    assert response.status_code == 200
    assert client.get(path).json()[0]["title"] == {"en": "New title"}


# --- Personal agenda -----------------------------------------------------------------------------


def test_agenda_needs_sign_in(client: Client) -> None:
    session = SessionFactory.create()
    assert client.get(f"{API}/me/agenda/").status_code == 401
    response = _send(client, "post", f"{API}/me/agenda/", {"event": session.event.slug, "session": session.slug})
    assert (response.status_code, response.json()) == (401, {"detail": "Sign in first."})
    assert client.delete(f"{API}/me/agenda/{session.event.slug}/{session.slug}/").status_code == 401
    assert AgendaItem.objects.count() == 0


def test_agenda_add_list_and_remove() -> None:
    session = SessionFactory.create(slug="forum")
    other = SessionFactory.create(slug="elsewhere")
    user = UserFactory.create()
    client = _signed_in(user)
    added = _send(client, "post", f"{API}/me/agenda/", {"event": session.event.slug, "session": "forum"})
    assert (added.status_code, added.json()["event"], added.json()["slug"]) == (201, session.event.slug, "forum")
    _send(client, "post", f"{API}/me/agenda/", {"event": other.event.slug, "session": "elsewhere"})
    assert _slugs(client.get(f"{API}/me/agenda/")) == ["elsewhere", "forum"]  # same time: by slug
    assert _slugs(client.get(f"{API}/me/agenda/", {"event": other.event.slug})) == ["elsewhere"]
    removed = client.delete(f"{API}/me/agenda/{session.event.slug}/forum/")
    assert (removed.status_code, removed.content) == (204, b"")
    assert list(AgendaItem.objects.filter(user=user).values_list("session__slug", flat=True)) == ["elsewhere"]


def test_agenda_cannot_bookmark_a_session_the_caller_may_not_see() -> None:
    event, _closed = _closed_event()
    user = UserFactory.create()
    response = _send(_signed_in(user), "post", f"{API}/me/agenda/", {"event": event.slug, "session": "ministerial"})
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    assert AgendaItem.objects.count() == 0


def test_agenda_drops_sessions_whose_access_was_withdrawn() -> None:
    event, closed = _closed_event()
    registration = RegistrationFactory.create(event=event)
    client = _signed_in(registration.user)
    assert (
        _send(client, "post", f"{API}/me/agenda/", {"event": event.slug, "session": "ministerial"}).status_code == 201
    )
    assert _slugs(client.get(f"{API}/me/agenda/")) == ["ministerial"]
    registration.status = "rejected"
    registration.save()
    assert _slugs(client.get(f"{API}/me/agenda/")) == []
    assert AgendaItem.objects.filter(session=closed).count() == 1


def test_unsafe_requests_need_the_csrf_token() -> None:
    session = SessionFactory.create()
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory.create())
    response = _send(client, "post", f"{API}/me/agenda/", {"event": session.event.slug, "session": session.slug})
    assert response.status_code == 403
    assert AgendaItem.objects.count() == 0


# --- Organisers' writes --------------------------------------------------------------------------


def _session_body(**changes: Any) -> dict[str, Any]:
    return {
        "slug": "broadband-gap",
        "kind": "forum",
        "title": {"en": "Closing the broadband gap", "vi": "Thu hẹp khoảng cách băng thông rộng"},
        "starts_at": "2020-10-21T09:00:00",
        "ends_at": "2020-10-21T10:30:00+07:00",
        **changes,
    }


def test_organiser_creates_a_session_with_speakers() -> None:
    event = EventFactory.create()
    room = RoomFactory.create(event=event, slug="hall-b")
    SpeakerFactory.create(event=event, slug="moderator", name="Doreen")
    client = _signed_in(_organiser(event))
    body = _session_body(
        room="hall-b", access_level="accredited", speakers=[{"speaker": "moderator", "role": "moderator"}]
    )
    response = _send(client, "post", f"{API}/events/{event.slug}/sessions/", body)
    assert response.status_code == 201
    data = response.json()
    # Times without an offset are read in the event's time zone (UTC+7).
    assert (data["starts_at"], data["ends_at"]) == ("2020-10-21T02:00:00Z", "2020-10-21T03:30:00Z")
    assert (data["room"]["slug"], data["access_level"]) == ("hall-b", "accredited")
    assert [(part["slug"], part["role"]) for part in data["speakers"]] == [("moderator", "moderator")]
    session = Session.objects.get(event=event, slug="broadband-gap")
    assert (session.room, session.title.data["vi"]) == (room, "Thu hẹp khoảng cách băng thông rộng")


def test_session_validation_errors_are_reported_per_field_and_change_nothing() -> None:
    event = EventFactory.create()
    client = _signed_in(_organiser(event))
    path = f"{API}/events/{event.slug}/sessions/"
    response = _send(client, "post", path, _session_body(kind="party", title={"en": ""}))
    assert response.status_code == 422
    assert response.json() == {
        "detail": {"kind": ["Value 'party' is not a valid choice."], "title": ["This field cannot be blank."]}
    }
    response = _send(client, "post", path, _session_body(room="nowhere", track="nothing"))
    assert response.json() == {
        "detail": {
            "room": ["This event has nothing with this short name."],
            "track": ["This event has nothing with this short name."],
        }
    }
    response = _send(client, "post", path, _session_body(ends_at="2020-10-21T08:00:00"))
    assert response.json() == {"detail": {"ends_at": ["A session must end after it starts."]}}
    # Input of the wrong shape is refused before any service runs, in the same shape.
    response = _send(client, "post", path, _session_body(starts_at="soon"))
    assert (response.status_code, response.json()) == (
        422,
        {"detail": {"starts_at": ["Input should be a valid datetime or date, input is too short"]}},
    )
    assert Session.objects.filter(event=event).count() == 0


def test_unknown_speaker_leaves_no_session_behind() -> None:
    event = EventFactory.create()
    client = _signed_in(_organiser(event))
    response = _send(
        client, "post", f"{API}/events/{event.slug}/sessions/", _session_body(speakers=[{"speaker": "ghost"}])
    )
    assert response.json() == {"detail": {"speakers": ["This event has no speakers with these short names: ghost"]}}
    response = _send(
        client,
        "post",
        f"{API}/events/{event.slug}/sessions/",
        _session_body(speakers=[{"speaker": SpeakerFactory.create(event=event).slug, "role": "juggler"}]),
    )
    assert response.json() == {"detail": {"speakers": ["Choose chair, moderator or speaker."]}}
    assert Session.objects.filter(event=event).count() == 0


def test_organiser_updates_a_session_and_a_bad_update_changes_nothing() -> None:
    session = SessionFactory.create(slug="forum", title={"en": "Forum"})
    SessionSpeakerFactory.create(session=session)
    client = _signed_in(_organiser(session.event))
    path = f"{API}/events/{session.event.slug}/sessions/forum/"
    response = _send(client, "patch", path, {"title": {"en": "5G forum"}, "speakers": []})
    assert (response.status_code, response.json()["title"], response.json()["speakers"]) == (
        200,
        {"en": "5G forum"},
        [],
    )
    bad = _send(client, "patch", path, {"title": {"en": "Broken"}, "access_level": "secret"})
    assert bad.json() == {"detail": {"access_level": ["Value 'secret' is not a valid choice."]}}
    session.refresh_from_db()
    assert (session.title.data, session.access_level, SessionSpeaker.objects.filter(session=session).count()) == (
        {"en": "5G forum"},
        "public",
        0,
    )


def test_organiser_deletes_a_session() -> None:
    session = SessionFactory.create(slug="forum")
    response = _signed_in(_organiser(session.event)).delete(f"{API}/events/{session.event.slug}/sessions/forum/")
    assert (response.status_code, Session.objects.filter(pk=session.pk).exists()) == (204, False)


def test_non_organisers_cannot_change_sessions(client: Client) -> None:
    event, closed = _closed_event()
    delegate = _signed_in(RegistrationFactory.create(event=event, country="TH").user)
    stranger = _signed_in(UserFactory.create())
    sessions = f"{API}/events/{event.slug}/sessions/"
    forbidden = {"detail": "Only the event's organisers may change it."}
    for caller in (delegate, stranger):
        response = _send(caller, "patch", f"{sessions}open-forum/", {"title": {"en": "Hijacked"}})
        assert (response.status_code, response.json()) == (403, forbidden)
        assert caller.delete(f"{sessions}open-forum/").status_code == 403
        assert _send(caller, "post", sessions, _session_body()).status_code == 403
    # A closed session the caller cannot see does not exist for them.
    assert _send(stranger, "patch", f"{sessions}ministerial/", {"title": {"en": "x"}}).status_code == 404
    assert stranger.delete(f"{sessions}ministerial/").status_code == 404
    # The delegate is accredited: the session exists for them, but it is not theirs to change.
    assert delegate.delete(f"{sessions}ministerial/").status_code == 403
    assert client.delete(f"{sessions}open-forum/").status_code == 401
    assert sorted(Session.objects.filter(event=event).values_list("slug", flat=True)) == ["ministerial", "open-forum"]
    assert Session.objects.get(slug="open-forum").title.data != {"en": "Hijacked"}
    assert Session.objects.get(pk=closed.pk).title.data == {"en": closed.title["en"], "vi": closed.title["vi"]}


def test_unpublished_event_writes_are_not_found_for_non_organisers() -> None:
    event = EventFactory.create(is_published=False)
    SessionFactory.create(event=event, slug="forum")
    stranger = _signed_in(UserFactory.create())
    assert _send(stranger, "patch", f"{API}/events/{event.slug}/", {"is_published": True}).status_code == 404
    assert _send(stranger, "post", f"{API}/events/{event.slug}/sessions/", _session_body()).status_code == 404
    assert stranger.delete(f"{API}/events/{event.slug}/sessions/forum/").status_code == 404
    assert _send(stranger, "post", f"{API}/events/{event.slug}/schedule/", {"published": False}).status_code == 404
    event.refresh_from_db()
    assert (event.is_published, event.sessions.count()) == (False, 1)


def test_event_creation_needs_the_permission() -> None:
    host = OrganisationFactory.create(slug="itu")
    body = {
        "slug": "wtisd-2021",
        "kind": "campaign",
        "name": {"en": "World Telecommunication and Information Society Day", "fr": ""},
        "start_date": "2021-05-17",
        "end_date": "2021-05-17",
        "time_zone": "Europe/Zurich",
        "content_locales": ["en", "fr"],
        "organisers": ["itu"],
    }
    stranger = UserFactory.create()
    response = _send(_signed_in(stranger), "post", f"{API}/events/", body)
    assert (response.status_code, response.json()) == (403, {"detail": "You may not create events."})
    creator = UserFactory.create()
    creator.user_permissions.add(Permission.objects.get(codename="add_event"))
    response = _send(_signed_in(creator), "post", f"{API}/events/", body)
    assert response.status_code == 201
    assert response.json()["name"] == {"en": "World Telecommunication and Information Society Day"}
    event = Event.objects.get(slug="wtisd-2021")
    assert (list(event.organising_bodies.all()), list(event.organising_team.all())) == ([host], [creator])


def test_event_validation_errors_are_reported_per_field() -> None:
    creator = UserFactory.create(is_superuser=True)
    body = {
        "slug": "bad",
        "kind": "summit",
        "name": {"en": "Bad"},
        "start_date": "2021-05-17",
        "end_date": "2021-05-18",
        "time_zone": "Mars/Olympus",
        "content_locales": ["en"],
        "organisers": ["nobody"],
    }
    response = _send(_signed_in(creator), "post", f"{API}/events/", body)
    assert response.json() == {"detail": {"organisers": ["No organisation has these short names: nobody"]}}
    body["organisers"] = []
    response = _send(_signed_in(creator), "post", f"{API}/events/", body)
    assert response.json() == {"detail": {"time_zone": ["Mars/Olympus is not a known time zone."]}}
    assert not Event.objects.filter(slug="bad").exists()


def test_organiser_updates_an_event_and_others_may_not() -> None:
    event = EventFactory.create(slug="tel45", name={"en": "APEC TEL 45"})
    organiser = _signed_in(_organiser(event))
    response = _send(organiser, "patch", f"{API}/events/tel45/", {"venue": {"en": "Da Nang"}, "organisers": []})
    assert (response.status_code, response.json()["venue"], response.json()["name"]) == (
        200,
        {"en": "Da Nang"},
        {"en": "APEC TEL 45"},
    )
    stranger = _signed_in(UserFactory.create())
    response = _send(stranger, "patch", f"{API}/events/tel45/", {"venue": {"en": "Elsewhere"}})
    assert response.status_code == 403
    bad = _send(organiser, "patch", f"{API}/events/tel45/", {"end_date": "2020-01-01", "venue": {"en": "Hanoi"}})
    assert (bad.status_code, list(bad.json()["detail"])) == (422, ["end_date"])
    event.refresh_from_db()
    assert (event.venue.data, event.end_date.isoformat()) == ({"en": "Da Nang"}, "2020-10-22")


def test_who_counts_as_registered_is_set_through_the_api_too() -> None:
    event = EventFactory.create(slug="tel45")
    organiser = _signed_in(_organiser(event))
    assert organiser.get(f"{API}/events/tel45/").json()["registered_access"] == "approved"
    response = _send(organiser, "patch", f"{API}/events/tel45/", {"registered_access": "any"})
    assert (response.status_code, response.json()["registered_access"]) == (200, "any")
    refused = _send(organiser, "patch", f"{API}/events/tel45/", {"registered_access": "everyone"})
    assert (refused.status_code, list(refused.json()["detail"])) == (422, ["registered_access"])
    event.refresh_from_db()
    assert event.registered_access == "any"


def test_organiser_publishes_and_hides_the_schedule(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, slug="forum")
    organiser = _signed_in(_organiser(event))
    response = _send(organiser, "post", f"{API}/events/{event.slug}/schedule/", {"published": False})
    assert (response.status_code, response.json()) == (200, {"published": False})
    assert _slugs(client.get(f"{API}/events/{event.slug}/sessions/")) == []
    delegate = _signed_in(RegistrationFactory.create(event=event).user)
    assert _send(delegate, "post", f"{API}/events/{event.slug}/schedule/", {"published": True}).status_code == 403
    event.refresh_from_db()
    assert event.is_schedule_published is False


# --- Schema --------------------------------------------------------------------------------------


def test_openapi_schema_lists_the_endpoints(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {path: sorted(methods) for path, methods in schema["paths"].items()} == {
        "/api/v1/events/": ["get", "post"],
        "/api/v1/events/{slug}/": ["get", "patch"],
        "/api/v1/events/{slug}/sessions/": ["get", "post"],
        "/api/v1/events/{slug}/sessions/{session_slug}/": ["delete", "get", "patch"],
        "/api/v1/events/{slug}/speakers/": ["get"],
        "/api/v1/events/{slug}/schedule/": ["post"],
        "/api/v1/me/agenda/": ["get", "post"],
        "/api/v1/me/agenda/{event_slug}/{session_slug}/": ["delete"],
        "/api/v1/me/registrations/": ["get"],
        "/api/v1/events/{slug}/registrations/": ["get", "post"],
        "/api/v1/events/{slug}/registrations/{registration_id}/decision/": ["post"],
        "/api/v1/events/{slug}/exhibition": ["get"],
        "/api/v1/live/token": ["post"],
        "/api/v1/programmes/": ["get"],
        "/api/v1/programmes/{slug}/": ["get"],
        "/api/v1/programmes/{slug}/documents/": ["get"],
        "/api/v1/programmes/{slug}/commitments/": ["get"],
        "/api/v1/events/{slug}/documents/": ["get"],
        "/api/v1/events/{slug}/directory/": ["get"],
        "/api/v1/events/{slug}/me/meetings/": ["get"],
    }
    assert client.get("/api/docs").status_code == 200
