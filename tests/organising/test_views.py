"""The organiser area under /<lang>/manage/: pages, permissions both ways, validation, import/export."""

from __future__ import annotations

import io
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory
from pavilion.events.models import Event, InterpretationChannel, Room, Session, SessionSpeaker, Speaker, SubGroup, Track
from pavilion.events.transfer import export_sessions_csv
from tests.factories import (
    CategoryFactory,
    EventFactory,
    FocalPointFactory,
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

HO_CHI_MINH = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Per-language inputs are numbered by the language's place in settings.LANGUAGES.
LANGUAGE_INDEX = {"ar": 0, "en": 1, "es": 2, "fr": 3, "ru": 4, "zh-hans": 5, "vi": 6}


def texts(field: str, **by_language: str) -> dict[str, str]:
    """Form data for a translated field: texts(name, en="…", vi="…")."""
    return {f"{field}_{LANGUAGE_INDEX[code.replace('_', '-')]}": text for code, text in by_language.items()}


def organiser_of(client: Client, event: Event, **user_fields: Any) -> User:
    user = UserFactory.create(**user_fields)
    event.organising_team.add(user)
    client.force_login(user)
    return user


def event_creator(client: Client) -> User:
    user = UserFactory.create()
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    client.force_login(user)
    return user


def parts_data(rows: list[tuple[int | str, str]], *, initial: int = 0, extra: int = 3) -> dict[str, str]:
    """The people rows of the session form as a browser posts them (empty rows included)."""
    rows = rows + [("", "speaker")] * extra
    data = {
        "parts-TOTAL_FORMS": str(len(rows)),
        "parts-INITIAL_FORMS": str(initial),
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for index, (speaker, role) in enumerate(rows):
        data[f"parts-{index}-speaker"] = str(speaker)
        data[f"parts-{index}-role"] = role
    return data


def session_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **texts("title", en="Bridging the broadband gap", vi="Thu hẹp khoảng cách băng rộng"),
        "slug": "broadband-gap",
        "kind": "forum",
        "starts_at": "2020-10-20T14:00",
        "ends_at": "2020-10-20T15:30",
        "access_level": "public",
        "invitee_emails": "",
        **parts_data([]),
    }
    data.update(overrides)
    return data


def page(response: Any) -> str:
    return str(response.content.decode())


# --- The events I organise ------------------------------------------------------------------------


def test_index_lists_only_my_events_with_publication_state(client: Client) -> None:
    mine = EventFactory.create(name={"en": "Digital World"}, is_published=False)
    EventFactory.create(name={"en": "Someone else's summit"})
    organiser_of(client, mine)
    html = page(client.get("/en/manage/"))
    assert "Digital World" in html
    assert "Someone else&#x27;s summit" not in html
    assert '<span class="badge pending">Not published</span>' in html
    assert "Create an event" not in html


def test_index_offers_creation_to_those_who_may_create_events(client: Client) -> None:
    event_creator(client)
    html = page(client.get("/en/manage/"))
    assert '<a class="button primary" href="/en/manage/new/">Create an event</a>' in html
    assert "You do not organise any event yet." in html


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    event = EventFactory.create()
    for path in ["/en/manage/", f"/en/manage/{event.slug}/", "/en/manage/no-such-event/sessions/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")


# --- Creating and editing an event ----------------------------------------------------------------


def event_data(**overrides: Any) -> dict[str, Any]:
    host = OrganisationFactory.create()
    data: dict[str, Any] = {
        "slug": "vdw-2021",
        **texts("name", en="Virtual Digital World 2021", vi="Thế giới Số Ảo 2021"),
        **texts("venue", en="Online"),
        "kind": "summit",
        "content_locales": ["en", "vi"],
        "ui_locales": ["en", "vi", "fr"],
        "start_date": "2021-09-07",
        "end_date": "2021-09-10",
        "time_zone": "Asia/Ho_Chi_Minh",
        "is_online": "on",
        "host_country": "VN",
        "host": str(host.pk),
        "organising_bodies": [str(host.pk)],
        "is_schedule_published": "on",
        "registered_access": "approved",
    }
    data.update(overrides)
    return data


def test_creator_creates_an_event_and_joins_its_team(client: Client) -> None:
    creator = event_creator(client)
    logo = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(logo, format="PNG")
    data = event_data(logo=SimpleUploadedFile("logo.png", logo.getvalue(), content_type="image/png"))
    response = client.post("/en/manage/new/", data, follow=True)
    assert response.redirect_chain == [("/en/manage/vdw-2021/", 302)]
    assert "The event has been created." in page(response)
    event = Event.objects.get(slug="vdw-2021")
    assert event.name.data == {"en": "Virtual Digital World 2021", "vi": "Thế giới Số Ảo 2021"}
    assert (event.start_date, event.end_date, event.time_zone) == (
        date(2021, 9, 7),
        date(2021, 9, 10),
        "Asia/Ho_Chi_Minh",
    )
    assert (event.content_locales, event.ui_locales) == (
        ["en", "vi"],
        ["en", "fr", "vi"],
    )  # in the order of settings.LANGUAGES
    assert (event.is_online, event.is_published, event.is_schedule_published) == (True, False, True)
    assert event.host is not None
    assert list(event.organising_bodies.all()) == [event.host]
    assert list(event.organising_team.all()) == [creator]
    assert str(event.logo.name).startswith("events/logos/")
    assert str(event.logo.name).endswith(".jpg")  # re-encoded: only the pixels are kept


def test_event_creation_needs_the_permission(client: Client) -> None:
    client.force_login(UserFactory.create())
    assert client.get("/en/manage/new/").status_code == 403
    assert client.post("/en/manage/new/", event_data()).status_code == 403
    assert not Event.objects.filter(slug="vdw-2021").exists()


def test_event_form_rejects_last_day_before_first_and_saves_nothing(client: Client) -> None:
    event_creator(client)
    response = client.post("/en/manage/new/", event_data(start_date="2021-09-10", end_date="2021-09-07"))
    assert response.status_code == 400
    html = page(response)
    assert "The last day cannot be before the first day." in html
    assert 'role="alert"' in html
    assert not Event.objects.filter(slug="vdw-2021").exists()


def test_event_form_has_one_input_per_content_language_with_a_label(client: Client) -> None:
    event = EventFactory.create(content_locales=["en", "vi"])
    organiser_of(client, event)
    html = page(client.get(f"/en/manage/{event.slug}/edit/"))
    assert '<label for="id_name_1">English</label>' in html
    assert '<label for="id_name_6">Vietnamese</label>' in html
    assert 'id="id_name_3"' not in html  # French is not a content language of this event
    assert "<legend>Name</legend>" in html


def test_organiser_edits_the_event(client: Client) -> None:
    event = EventFactory.create(content_locales=["en", "vi"], name={"en": "Old name", "vi": "Tên cũ"})
    organiser_of(client, event)
    data = event_data(**texts("name", en="New name", vi="Tên mới"))
    del data["slug"]
    response = client.post(f"/en/manage/{event.slug}/edit/", data, follow=True)
    assert "The event has been saved." in page(response)
    event.refresh_from_db()
    assert (str(event.name.localize("en")), str(event.name.localize("vi"))) == ("New name", "Tên mới")
    assert event.start_date == date(2021, 9, 7)


def test_event_edit_with_errors_changes_nothing(client: Client) -> None:
    event = EventFactory.create(name={"en": "Kept name"})
    organiser_of(client, event)
    data = event_data(**texts("name", en="Changed"), time_zone="Mars/Olympus_Mons")
    response = client.post(f"/en/manage/{event.slug}/edit/", data)
    assert response.status_code == 400
    assert "Select a valid choice. Mars/Olympus_Mons is not one of the available choices." in page(response)
    event.refresh_from_db()
    assert str(event.name.localize("en")) == "Kept name"


# --- Permissions: nobody but the event's organisers ----------------------------------------------


def event_with_everything() -> Event:
    event = EventFactory.create(is_published=False)
    room = RoomFactory.create(
        event=event, slug="plenary", caption_tracks={"fr": "https://captions.example.org/plenary.fr.vtt"}
    )
    InterpretationChannel.objects.create(room=room, language="fr", stream_url="https://stream.example.org/fr")
    TrackFactory.create(event=event)
    SubGroup.objects.create(event=event, code="SG1", name={"en": "Steering group"})
    speaker = SpeakerFactory.create(event=event)
    CategoryFactory.create(event=event)
    session = SessionFactory.create(event=event, slug="opening", room=room)
    SessionSpeakerFactory.create(session=session, speaker=speaker)
    return event


def manage_paths(event: Event) -> list[str]:
    room = event.rooms.get()
    channel = room.interpretation_channels.get()
    base = f"/en/manage/{event.slug}"
    paths = [
        f"{base}/",
        f"{base}/edit/",
        f"{base}/schedule/publish/",
        f"{base}/sessions/",
        f"{base}/sessions/new/",
        f"{base}/sessions/opening/",
        f"{base}/sessions/opening/delete/",
        f"{base}/transfer/",
        f"{base}/export/sessions.csv",
        f"{base}/export/sessions.json",
        f"{base}/rooms/{room.pk}/channels/",
        f"{base}/rooms/{room.pk}/channels/{channel.pk}/delete/",
        f"{base}/rooms/{room.pk}/captions/",
        f"{base}/rooms/{room.pk}/captions/fr/delete/",
    ]
    items = {
        "themes": event.tracks.get().pk,
        "subgroups": event.subgroups.get().pk,
        "rooms": room.pk,
        "speakers": event.speakers.get().pk,
        "categories": event.participant_categories.get().pk,
    }
    for key, pk in items.items():
        paths += [f"{base}/{key}/", f"{base}/{key}/{pk}/", f"{base}/{key}/{pk}/delete/"]
    return paths


def snapshot(event: Event) -> dict[str, Any]:
    event.refresh_from_db()
    return {
        "event": (str(event.name), event.is_schedule_published, event.is_published),
        "sessions": list(Session.objects.filter(event=event).values_list("slug", "title", "starts_at")),
        "parts": SessionSpeaker.objects.filter(session__event=event).count(),
        "rooms": list(Room.objects.filter(event=event).values_list("slug", "stream_url", "caption_tracks")),
        "channels": InterpretationChannel.objects.filter(room__event=event).count(),
        "themes": Track.objects.filter(event=event).count(),
        "subgroups": SubGroup.objects.filter(event=event).count(),
        "speakers": Speaker.objects.filter(event=event).count(),
        "categories": ParticipantCategory.objects.filter(event=event).count(),
    }


def test_organiser_reaches_every_manage_page(client: Client) -> None:
    event = event_with_everything()
    organiser_of(client, event)
    for path in manage_paths(event):
        post_only = "/schedule/publish/" in path or "/channels/" in path or "/captions/" in path
        assert (path, client.get(path).status_code) == (path, 405 if post_only else 200)


@pytest.mark.parametrize("who", ["stranger", "organiser of another event", "focal point"])
def test_non_organisers_get_404_on_every_manage_page_and_change_nothing(client: Client, who: str) -> None:
    event = event_with_everything()
    user = UserFactory.create()
    if who == "organiser of another event":
        EventFactory.create().organising_team.add(user)
    elif who == "focal point":
        FocalPointFactory.create(event=event, user=user)
    client.force_login(user)
    before = snapshot(event)
    data = {
        **session_data(slug="opening"),
        **texts("name", en="Taken over"),
        "published": "0",
        "stream_url": "https://evil.example.org/",
        "language": "ar",
        "code": "X1",
        "slug": "taken-over",
    }
    for path in manage_paths(event):
        assert (path, client.get(path).status_code) == (path, 404)
        assert (path, client.post(path, data).status_code) == (path, 404)
    upload = SimpleUploadedFile("sessions.csv", b"slug,kind,title_en,starts_at,ends_at,access_level\r\n")
    assert client.post(f"/en/manage/{event.slug}/transfer/", {"file": upload}).status_code == 404
    assert snapshot(event) == before
    assert event.name != "Taken over"
    assert "Taken over" not in page(client.get("/en/manage/"))


def test_unknown_event_is_404_for_organisers_too(client: Client) -> None:
    organiser_of(client, EventFactory.create())
    assert client.get("/en/manage/no-such-event/").status_code == 404


def test_platform_admin_manages_any_event(client: Client) -> None:
    event = EventFactory.create(name={"en": "Any summit"})
    client.force_login(UserFactory.create(is_superuser=True))
    assert "Any summit" in page(client.get("/en/manage/"))
    assert client.get(f"/en/manage/{event.slug}/sessions/").status_code == 200


# --- Sessions -------------------------------------------------------------------------------------


def test_organiser_creates_a_session_in_the_event_time_zone(client: Client) -> None:
    event = EventFactory.create(time_zone="Asia/Ho_Chi_Minh", content_locales=["en", "vi"])
    # The organiser's own zone must not matter: times are typed in the event's zone.
    organiser_of(client, event, time_zone="America/New_York")
    room = RoomFactory.create(event=event)
    theme = TrackFactory.create(event=event)
    chair, speaker = SpeakerFactory.create(event=event, name="Chair"), SpeakerFactory.create(event=event, name="Minh")
    guest = UserFactory.create(email="guest@example.org")
    data = session_data(
        room=str(room.pk),
        track=str(theme.pk),
        languages=["en", "vi"],
        access_level="invited",
        invitee_emails="GUEST@example.org",
        **parts_data([(chair.pk, "chair"), (speaker.pk, "speaker")]),
    )
    response = client.post(f"/en/manage/{event.slug}/sessions/new/", data, follow=True)
    assert response.redirect_chain == [(f"/en/manage/{event.slug}/sessions/", 302)]
    assert "“Bridging the broadband gap” has been saved." in page(response)
    session = Session.objects.get(event=event, slug="broadband-gap")
    assert session.starts_at == datetime(2020, 10, 20, 7, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2020, 10, 20, 8, 30, tzinfo=UTC)
    assert (session.room, session.track, session.languages) == (room, theme, ["en", "vi"])
    assert str(session.title.localize("vi")) == "Thu hẹp khoảng cách băng rộng"
    assert list(session.session_speakers.values_list("speaker__name", "role", "position")) == [
        ("Chair", "chair", 0),
        ("Minh", "speaker", 1),
    ]
    assert list(session.invitees.all()) == [guest]
    # Shown again in the event's zone when edited.
    html = page(client.get(f"/en/manage/{event.slug}/sessions/broadband-gap/"))
    assert 'value="2020-10-20T14:00"' in html
    assert "guest@example.org" in html


def test_organiser_edits_a_session_and_its_speakers(client: Client) -> None:
    session = SessionFactory.create(slug="keynote", starts_at=datetime(2020, 10, 20, 9, 0, tzinfo=HO_CHI_MINH))
    event = session.event
    organiser_of(client, event)
    old = SessionSpeakerFactory.create(session=session, role="speaker").speaker
    new = SpeakerFactory.create(event=event, name="New moderator")
    data = session_data(
        slug="keynote",
        starts_at="2020-10-21T09:00",
        ends_at="2020-10-21T10:00",
        **parts_data([("", "speaker"), (new.pk, "moderator")], initial=1),
    )
    data["parts-0-speaker"] = ""  # the old speaker's row set to nobody
    response = client.post(f"/en/manage/{event.slug}/sessions/keynote/", data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime(2020, 10, 21, 2, 0, tzinfo=UTC)
    assert list(session.session_speakers.values_list("speaker", "role")) == [(new.pk, "moderator")]
    assert Speaker.objects.filter(pk=old.pk).exists()


def test_session_ending_before_it_starts_is_refused_and_nothing_saved(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    response = client.post(
        f"/en/manage/{event.slug}/sessions/new/", session_data(starts_at="2020-10-20T15:00", ends_at="2020-10-20T14:00")
    )
    assert response.status_code == 400
    html = page(response)
    assert '<div class="errors" role="alert"><ul class="errorlist" id="id_ends_at_error">' in html
    assert "The end must be after the start." in html
    assert not Session.objects.filter(event=event).exists()


def test_session_time_skipped_by_a_clock_change_is_refused(client: Client) -> None:
    event = EventFactory.create(time_zone="Europe/Paris")
    organiser_of(client, event)
    data = session_data(starts_at="2021-03-28T02:30", ends_at="2021-03-28T04:00")
    response = client.post(f"/en/manage/{event.slug}/sessions/new/", data)
    assert response.status_code == 400
    assert "This time does not exist in Europe/Paris (the clocks change)." in page(response)
    assert not Session.objects.filter(event=event).exists()


def test_session_with_unknown_invitee_or_taken_slug_is_refused(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, slug="taken")
    organiser_of(client, event)
    response = client.post(
        f"/en/manage/{event.slug}/sessions/new/", session_data(slug="taken", invitee_emails="nobody@example.org")
    )
    assert response.status_code == 400
    html = page(response)
    assert "No account uses these addresses: nobody@example.org" in html
    assert "Another session in this event already uses this." in html
    assert Session.objects.filter(event=event).count() == 1


def test_session_form_offers_only_this_events_rooms_and_speakers(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    other = EventFactory.create()
    foreign_room = RoomFactory.create(event=other, name={"en": "Foreign room"})
    foreign_speaker = SpeakerFactory.create(event=other, name="Foreign speaker")
    assert "Foreign" not in page(client.get(f"/en/manage/{event.slug}/sessions/new/"))
    data = session_data(room=str(foreign_room.pk), **parts_data([(foreign_speaker.pk, "speaker")]))
    response = client.post(f"/en/manage/{event.slug}/sessions/new/", data)
    assert response.status_code == 400
    assert "Select a valid choice." in page(response)
    assert not Session.objects.filter(event=event).exists()


def test_session_form_without_speakers_in_the_event(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    html = page(client.get(f"/en/manage/{event.slug}/sessions/new/"))
    assert '<input type="hidden" name="parts-TOTAL_FORMS" value="0" id="id_parts-TOTAL_FORMS">' in html
    assert "This event has no speakers yet." in html
    data = session_data(**parts_data([], extra=0))
    assert client.post(f"/en/manage/{event.slug}/sessions/new/", data).status_code == 302
    assert Session.objects.filter(event=event).count() == 1


def test_session_listing_the_same_person_twice_in_one_role_is_refused(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    speaker = SpeakerFactory.create(event=event)
    data = session_data(**parts_data([(speaker.pk, "speaker"), (speaker.pk, "speaker")]))
    response = client.post(f"/en/manage/{event.slug}/sessions/new/", data)
    assert response.status_code == 400
    assert "The same person is listed twice in the same role." in page(response)
    assert not Session.objects.filter(event=event).exists()


def test_session_delete_asks_first_then_deletes(client: Client) -> None:
    session = SessionFactory.create(slug="closing", title={"en": "Closing"})
    event = session.event
    organiser_of(client, event)
    confirm = client.get(f"/en/manage/{event.slug}/sessions/closing/delete/")
    assert "Delete “Closing”?" in page(confirm)
    assert Session.objects.filter(pk=session.pk).exists()
    response = client.post(f"/en/manage/{event.slug}/sessions/closing/delete/", follow=True)
    assert "“Closing” has been deleted." in page(response)
    assert not Session.objects.filter(pk=session.pk).exists()


def test_sessions_page_lists_room_and_speaker_conflicts(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    room = RoomFactory.create(event=event, name={"en": "Plenary hall"})
    start = datetime(2020, 10, 20, 9, 0, tzinfo=HO_CHI_MINH)
    opening = SessionFactory.create(event=event, title={"en": "Opening"}, room=room, starts_at=start)
    roundtable = SessionFactory.create(
        event=event, title={"en": "Roundtable"}, room=room, starts_at=start + timedelta(minutes=30)
    )
    later = SessionFactory.create(
        event=event, slug="later", title={"en": "Later"}, room=room, starts_at=start + timedelta(hours=3)
    )
    minister = SpeakerFactory.create(event=event, name="Minister Lan")
    forum = SessionFactory.create(event=event, title={"en": "5G forum"}, starts_at=start + timedelta(hours=5))
    workshop = SessionFactory.create(
        event=event, title={"en": "Security workshop"}, starts_at=start + timedelta(hours=5, minutes=15)
    )
    SessionSpeakerFactory.create(session=forum, speaker=minister)
    SessionSpeakerFactory.create(session=workshop, speaker=minister)
    html = page(client.get(f"/en/manage/{event.slug}/sessions/"))
    assert '<h2 id="conflicts-heading">Conflicts</h2>' in html
    assert "Room Plenary hall booked twice: Opening and Roundtable" in html
    assert "Speaker Minister Lan in two sessions at once: 5G forum and Security workshop" in html
    assert html.count('<span class="badge rejected">Conflict</span>') == 4
    for session in (opening, roundtable, forum, workshop):
        assert "Conflict" in html.split(f'id="session-{session.slug}"')[1].split("</tr>")[0]
    assert "Conflict" not in html.split(f'id="session-{later.slug}"')[1].split("</tr>")[0]


def test_sessions_page_without_sessions_or_conflicts(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    html = page(client.get(f"/en/manage/{event.slug}/sessions/"))
    assert "No sessions yet. Add one, or import a file of sessions." in html
    assert "Conflicts" not in html


def _sessions_page_queries(client: Client, sessions: int) -> int:
    event = EventFactory.create()
    organiser_of(client, event)
    room = RoomFactory.create(event=event)
    theme = TrackFactory.create(event=event)
    for index in range(sessions):
        session = SessionFactory.create(
            event=event, room=room, track=theme, starts_at=datetime(2020, 10, 20 + index, 9, 0, tzinfo=HO_CHI_MINH)
        )
        SessionSpeakerFactory.create(session=session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/manage/{event.slug}/sessions/").status_code == 200
    return len(queries)


def test_sessions_page_query_count_does_not_grow_with_sessions(client: Client) -> None:
    # A browser each: the first page after a sign-in records the signed-in device (6 queries once).
    assert _sessions_page_queries(client, 1) == _sessions_page_queries(Client(), 3)


def test_schedule_publish_and_unpublish(client: Client) -> None:
    event = EventFactory.create(is_schedule_published=True)
    organiser_of(client, event)
    path = f"/en/manage/{event.slug}/schedule/publish/"
    response = client.post(path, {"published": "0"}, follow=True)
    assert "The schedule is hidden: only organisers can see the sessions." in page(response)
    event.refresh_from_db()
    assert event.is_schedule_published is False
    assert '<button type="submit" name="published" value="1">Publish the schedule</button>' in page(response)
    response = client.post(path, {"published": "1"}, follow=True)
    assert "The schedule is published: attendees can see the sessions." in page(response)
    event.refresh_from_db()
    assert event.is_schedule_published is True
    assert client.get(path).status_code == 405


# --- Themes, sub-groups, rooms, speakers, participant categories -----------------------------------


def test_organiser_adds_and_edits_a_theme(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    assert "No themes yet." in page(client.get(f"/en/manage/{event.slug}/themes/"))
    response = client.post(
        f"/en/manage/{event.slug}/themes/", {**texts("name", en="Cybersecurity"), "slug": "cyber"}, follow=True
    )
    assert "“Cybersecurity” has been saved." in page(response)
    theme = Track.objects.get(event=event)
    assert (theme.slug, str(theme.name)) == ("cyber", "Cybersecurity")
    client.post(f"/en/manage/{event.slug}/themes/{theme.pk}/", {**texts("name", en="Cyber trust"), "slug": "cyber"})
    theme.refresh_from_db()
    assert str(theme.name) == "Cyber trust"


def test_duplicate_short_name_in_the_event_is_refused(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    SubGroup.objects.create(event=event, code="LSG", name={"en": "Liberalisation"})
    response = client.post(f"/en/manage/{event.slug}/subgroups/", {**texts("name", en="Again"), "code": "LSG"})
    assert response.status_code == 400
    assert "Another one in this event already uses this." in page(response)
    assert SubGroup.objects.filter(event=event).count() == 1


def test_room_with_non_https_stream_is_refused(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    data = {**texts("name", en="Main stage"), "slug": "main", "stream_url": "http://stream.example.org/", "position": 0}
    response = client.post(f"/en/manage/{event.slug}/rooms/", data)
    assert response.status_code == 400
    assert "Enter an https:// address." in page(response)
    assert not Room.objects.filter(event=event).exists()


def test_interpretation_channels_need_https_and_one_per_language(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    room = RoomFactory.create(event=event)
    path = f"/en/manage/{event.slug}/rooms/{room.pk}/channels/"
    refused = client.post(path, {"language": "fr", "stream_url": "http://audio.example.org/fr"})
    assert refused.status_code == 400
    assert "Enter an https:// address." in page(refused)
    assert not InterpretationChannel.objects.exists()
    added = client.post(path, {"language": "fr", "stream_url": "https://audio.example.org/fr"}, follow=True)
    assert "Interpretation into French added." in page(added)
    again = client.post(path, {"language": "fr", "stream_url": "https://audio.example.org/fr2"})
    assert "This room already has a channel in this language." in page(again)
    channel = InterpretationChannel.objects.get()
    assert (channel.room, channel.language, channel.stream_url) == (room, "fr", "https://audio.example.org/fr")
    removed = client.post(f"{path}{channel.pk}/delete/", follow=True)
    assert "Interpretation into French removed." in page(removed)
    assert not InterpretationChannel.objects.exists()


def test_organiser_adds_a_speaker_with_a_photo(client: Client) -> None:
    event = EventFactory.create(content_locales=["en", "fr"])
    organiser_of(client, event)
    picture = io.BytesIO()
    Image.new("RGBA", (3000, 1500), (10, 20, 30, 128)).save(picture, format="PNG")
    data = {
        "name": "Doreen Bogdan-Martin",
        "slug": "bogdan-martin",
        **texts("position", en="Secretary-General", fr="Secrétaire générale"),
        "organisation": "ITU",
        "country": "US",
        **texts("bio", en="Elected in 2022."),
        "photo": SimpleUploadedFile("portrait.png", picture.getvalue(), content_type="image/png"),
    }
    response = client.post(f"/en/manage/{event.slug}/speakers/", data)
    assert response.status_code == 302
    speaker = Speaker.objects.get(event=event)
    assert (speaker.name, speaker.organisation, str(speaker.country)) == ("Doreen Bogdan-Martin", "ITU", "US")
    assert str(speaker.position.localize("fr")) == "Secrétaire générale"
    assert str(speaker.photo.name).endswith(".png")  # transparency kept
    assert (speaker.photo.width, speaker.photo.height) == (400, 200)  # sized for a portrait (PORTRAIT_MAX_SIDE)


def test_a_file_that_is_not_a_picture_is_refused(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    data = {"name": "Someone", "slug": "someone", "photo": SimpleUploadedFile("x.png", b"<?php echo 1; ?>")}
    response = client.post(f"/en/manage/{event.slug}/speakers/", data)
    assert response.status_code == 400
    assert "Upload a valid image." in page(response)
    assert not Speaker.objects.filter(event=event).exists()


def test_participant_category_in_use_cannot_be_deleted(client: Client) -> None:
    registration = RegistrationFactory.create()
    event, category = registration.event, registration.category
    organiser_of(client, event)
    response = client.post(f"/en/manage/{event.slug}/categories/{category.pk}/delete/")
    assert response.status_code == 400
    assert "People have registered in this category, so it cannot be deleted." in page(response)
    assert ParticipantCategory.objects.filter(pk=category.pk).exists()
    unused = CategoryFactory.create(event=event, name={"en": "Media"})
    response = client.post(f"/en/manage/{event.slug}/categories/{unused.pk}/delete/", follow=True)
    assert "“Media” has been deleted." in page(response)
    assert not ParticipantCategory.objects.filter(pk=unused.pk).exists()


def test_organiser_adds_a_participant_category(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    data = {**texts("name", en="Observer"), "slug": "observer", "position": 3}
    client.post(f"/en/manage/{event.slug}/categories/", data)
    category = ParticipantCategory.objects.get(event=event)
    assert (category.slug, category.requires_approval, category.is_accredited, category.position) == (
        "observer",
        False,
        False,
        3,
    )


# --- Import and export ----------------------------------------------------------------------------

CSV_HEADER = "slug,kind,title_en,starts_at,ends_at,access_level"


def test_import_with_bad_rows_shows_every_error_and_writes_nothing(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    existing = SessionFactory.create(event=event, slug="opening", title={"en": "Opening"})
    rows = [
        CSV_HEADER,
        "opening,opening,Renamed opening,2020-10-20 09:00,2020-10-20 10:00,public",
        "forum,forum,Forum,2020-10-20 11:00,2020-10-20 10:00,public",
        "side,party,Side event,2020-10-20 12:00,2020-10-20 13:00,public",
    ]
    upload = SimpleUploadedFile("sessions.csv", "\r\n".join(rows).encode(), content_type="text/csv")
    response = client.post(f"/en/manage/{event.slug}/transfer/", {"file": upload})
    assert response.status_code == 400
    html = page(response)
    assert "Nothing was imported: correct these rows and upload the file again." in html
    assert "<tr><td>2</td><td>ends_at</td><td>The session must end after it starts.</td></tr>" in html
    assert "<tr><td>3</td><td>kind</td><td>“party” is not a session type." in html
    existing.refresh_from_db()
    assert str(existing.title) == "Opening"
    assert list(Session.objects.filter(event=event).values_list("slug", flat=True)) == ["opening"]


def test_import_reports_created_and_updated(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    SessionFactory.create(event=event, slug="opening", title={"en": "Opening"})
    rows = [
        CSV_HEADER,
        "opening,opening,Renamed opening,2020-10-20 09:00,2020-10-20 10:00,public",
        "forum,forum,Forum,2020-10-20 11:00,2020-10-20 12:00,accredited",
    ]
    upload = SimpleUploadedFile("sessions.csv", "\r\n".join(rows).encode(), content_type="text/csv")
    response = client.post(f"/en/manage/{event.slug}/transfer/", {"file": upload}, follow=True)
    assert "Import complete: 1 created, 1 updated." in page(response)
    forum = Session.objects.get(event=event, slug="forum")
    assert (forum.starts_at, forum.access_level) == (datetime(2020, 10, 20, 4, 0, tzinfo=UTC), "accredited")
    assert str(Session.objects.get(event=event, slug="opening").title) == "Renamed opening"


def test_import_of_a_file_of_unknown_type_asks_for_the_format(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    upload = SimpleUploadedFile("sessions.txt", b"[]")
    response = client.post(f"/en/manage/{event.slug}/transfer/", {"file": upload})
    assert response.status_code == 400
    assert "Choose the file&#x27;s format." in page(response)
    upload = SimpleUploadedFile("sessions.txt", b"[]")
    response = client.post(f"/en/manage/{event.slug}/transfer/", {"file": upload, "format": "json"}, follow=True)
    assert "Import complete: 0 created, 0 updated." in page(response)


def test_export_csv_downloads_the_sessions(client: Client) -> None:
    session = SessionFactory.create(slug="opening", title={"en": "Opening", "vi": "Khai mạc"})
    event = session.event
    organiser_of(client, event)
    response = client.get(f"/en/manage/{event.slug}/export/sessions.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-sessions.csv"'
    assert response.content.decode() == export_sessions_csv(event=event)
    assert response.content.startswith("\ufeff".encode())
    assert "opening,forum,Opening,Khai mạc" in response.content.decode()


def test_export_json_downloads_the_sessions(client: Client) -> None:
    session = SessionFactory.create(slug="opening")
    event = session.event
    organiser_of(client, event)
    response = client.get(f"/en/manage/{event.slug}/export/sessions.json")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-sessions.json"'
    assert response.json()[0]["slug"] == "opening"


def test_transfer_page_links_to_exports_and_calendar_feed(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    html = page(client.get(f"/en/manage/{event.slug}/transfer/"))
    assert f'href="/en/manage/{event.slug}/export/sessions.csv"' in html
    assert f'href="/en/manage/{event.slug}/export/sessions.json"' in html
    assert f'href="/calendar/events/{event.slug}.ics"' in html


def test_dashboard_links_every_part_and_the_registrations(client: Client) -> None:
    event = EventFactory.create()
    organiser_of(client, event)
    html = page(client.get(f"/en/manage/{event.slug}/"))
    for part in ["sessions", "speakers", "rooms", "themes", "subgroups", "categories", "transfer", "edit"]:
        assert f'href="/en/manage/{event.slug}/{part}/"' in html
    assert f'href="/en/events/{event.slug}/registration/review/"' in html
    assert '<a href="/en/manage/' + event.slug + '/" aria-current="page">Overview</a>' in html


def test_who_counts_as_registered_is_the_organisers_explicit_choice(client: Client) -> None:
    """Finding 18 of issue 18: with a Visitor category that needs no approval, "registered" was public."""
    event = EventFactory.create(content_locales=["en", "vi"])
    organiser_of(client, event)
    CategoryFactory.create(event=event, name={"en": "Visitor"}, requires_approval=False)
    settings_page = page(client.get(f"/en/manage/{event.slug}/edit/"))
    assert "Who counts as registered" in settings_page
    assert "In this event, these categories need no approval: Visitor." in settings_page
    assert 'value="approved" id="id_registered_access_0" required checked' in settings_page
    form = page(client.get(f"/en/manage/{event.slug}/sessions/new/"))
    assert "registrations in categories that need no approval do not count" in form
    assert "Warning:" not in form
    data = event_data(registered_access="any")
    del data["slug"]
    assert client.post(f"/en/manage/{event.slug}/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.registered_access == "any"
    warned = page(client.get(f"/en/manage/{event.slug}/sessions/new/"))
    assert (
        "Warning: in this event “Registered participants” includes everyone who registers as Visitor, which needs "
        "no approval, so such a session is open to anyone who creates an account."
    ) in warned
    refused = client.post(f"/en/manage/{event.slug}/edit/", {**data, "registered_access": "everyone"})
    assert refused.status_code == 400
    event.refresh_from_db()
    assert event.registered_access == "any"
