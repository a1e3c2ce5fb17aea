from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.events.calendar import build_calendar
from pavilion.events.models import Event, Session
from pavilion.events.services import add_to_agenda, calendar_token_for, reset_calendar_token
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HO_CHI_MINH = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def event_feed_url(event: Event) -> str:
    return reverse("calendar:event_feed", kwargs={"slug": event.slug})


def personal_feed_url(user: User, event: Event) -> str:
    return reverse("calendar:personal_event_feed", kwargs={"token": calendar_token_for(user=user), "slug": event.slug})


def agenda_feed_url(user: User) -> str:
    return reverse("calendar:agenda_feed", kwargs={"token": calendar_token_for(user=user)})


def fetch_calendar(client: Client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def uids(calendar: icalendar.Calendar) -> list[str]:
    return [str(entry["UID"]) for entry in calendar.events]


def uid(session: Session) -> str:
    return f"session-{session.pk}@pavilion"


def closed_roundtable_and_forum() -> tuple[Event, Session, Session]:
    event = EventFactory.create()
    roundtable = SessionFactory.create(event=event, slug="roundtable", access_level="accredited")
    forum = SessionFactory.create(event=event, slug="forum")
    return event, roundtable, forum


def test_url_names_resolve_to_calendar_addresses() -> None:
    assert reverse("calendar:event_feed", kwargs={"slug": "wtdc"}) == "/calendar/events/wtdc.ics"
    assert (
        reverse("calendar:personal_event_feed", kwargs={"token": "s3cr-et_", "slug": "wtdc"})
        == "/calendar/s3cr-et_/events/wtdc.ics"
    )
    assert reverse("calendar:agenda_feed", kwargs={"token": "s3cr-et_"}) == "/calendar/s3cr-et_/agenda.ics"


def test_event_feed_describes_a_session_in_the_event_time_zone(client: Client) -> None:
    event = EventFactory.create(slug="vdw2020", name={"en": "Virtual Digital World", "vi": "Thế giới Số"})
    room = RoomFactory.create(event=event, name={"en": "Main stage", "vi": "Sân khấu chính"})
    session = SessionFactory.create(
        event=event,
        slug="opening",
        kind="opening",
        room=room,
        title={"en": "Opening ceremony", "vi": "Lễ khai mạc"},
        abstract={"en": "Welcome, ministers; and delegates."},
        starts_at=datetime(2020, 10, 20, 13, 0, tzinfo=HO_CHI_MINH),
        ends_at=datetime(2020, 10, 20, 14, 30, tzinfo=HO_CHI_MINH),
    )
    response = client.get("/calendar/events/vdw2020.ics")
    text = response.content.decode()

    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20201020T130000\r\n" in text
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20201020T143000\r\n" in text
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n" in text
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["PRODID"]) == "-//Pavilion//Pavilion//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Virtual Digital World"
    assert [str(zone["TZID"]) for zone in calendar.timezones] == ["Asia/Ho_Chi_Minh"]
    [entry] = calendar.events
    assert str(entry["UID"]) == f"session-{session.pk}@pavilion"
    assert entry["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert entry.start == datetime(2020, 10, 20, 6, 0, tzinfo=UTC)
    assert entry.end == datetime(2020, 10, 20, 7, 30, tzinfo=UTC)
    assert re.search(r"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", text)
    assert str(entry["SUMMARY"]) == "Opening ceremony"
    url = "http://127.0.0.1:8000/en/events/vdw2020/sessions/opening/"
    assert str(entry["DESCRIPTION"]) == f"Welcome, ministers; and delegates.\n\n{url}"
    assert str(entry["LOCATION"]) == "Main stage"
    assert str(entry["URL"]) == url
    assert entry.categories == ["Opening / plenary"]
    assert str(entry["CLASS"]) == "PUBLIC"


def test_event_feed_language_from_parameter_with_content_fallback(client: Client) -> None:
    session = SessionFactory.create(title={"en": "Opening ceremony", "vi": "Lễ khai mạc"})
    url = event_feed_url(session.event)

    [vietnamese] = fetch_calendar(client, f"{url}?lang=vi").events
    [french] = fetch_calendar(client, f"{url}?lang=fr").events
    [unknown] = fetch_calendar(client, f"{url}?lang=xx").events

    assert (str(vietnamese["SUMMARY"]), str(vietnamese["LOCATION"])) == ("Lễ khai mạc", "Trực tuyến")
    assert str(vietnamese["URL"]).endswith(f"/vi/events/{session.event.slug}/sessions/{session.slug}/")
    assert vietnamese.categories == ["Phiên diễn đàn"]
    assert (str(french["SUMMARY"]), str(french["LOCATION"])) == ("Opening ceremony", "En ligne")
    assert (str(unknown["SUMMARY"]), str(unknown["LOCATION"])) == ("Opening ceremony", "Online")


def test_personal_feed_language_defaults_to_owner_preference(client: Client) -> None:
    session = SessionFactory.create(title={"en": "Opening ceremony", "vi": "Lễ khai mạc"})
    owner = UserFactory.create(preferred_languages=["vi", "en"])

    [preferred] = fetch_calendar(client, personal_feed_url(owner, session.event)).events
    [requested] = fetch_calendar(client, f"{personal_feed_url(owner, session.event)}?lang=en").events

    assert str(preferred["SUMMARY"]) == "Lễ khai mạc"
    assert str(requested["SUMMARY"]) == "Opening ceremony"


def test_feed_in_person_session_without_room_is_at_the_venue() -> None:
    event = EventFactory.create(is_online=False, venue={"en": "National Convention Center"})
    session = SessionFactory.create(event=event)
    calendar = icalendar.Calendar.from_ical(
        build_calendar(name="Test", sessions=[session], language="en", site_url="https://events.example.org/")
    )
    [entry] = calendar.events
    assert str(entry["LOCATION"]) == "National Convention Center"
    assert str(entry["URL"]) == f"https://events.example.org/en/events/{event.slug}/sessions/{session.slug}/"


def test_build_calendar_adds_one_timezone_per_event_zone() -> None:
    hanoi = SessionFactory.create()
    paris = SessionFactory.create(
        event=EventFactory.create(time_zone="Europe/Paris"),
        starts_at=datetime(2020, 10, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
        ends_at=datetime(2020, 10, 25, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
    )
    text = build_calendar(
        name="Two zones", sessions=[hanoi, paris, SessionFactory.create(event=hanoi.event)], language="en", site_url=""
    ).decode()
    calendar = icalendar.Calendar.from_ical(text)

    assert sorted(str(zone["TZID"]) for zone in calendar.timezones) == ["Asia/Ho_Chi_Minh", "Europe/Paris"]
    assert "DTSTART;TZID=Europe/Paris:20201025T090000\r\n" in text
    assert calendar.events[1].start == datetime(2020, 10, 25, 8, 0, tzinfo=UTC)
    assert calendar.get_missing_tzids() == set()


def test_build_calendar_without_sessions_is_a_valid_empty_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(build_calendar(name="Empty", sessions=[], language="en", site_url=""))
    assert (str(calendar["X-WR-CALNAME"]), calendar.events, calendar.timezones) == ("Empty", [], [])


def test_closed_session_absent_from_anonymous_event_feed(client: Client) -> None:
    event, _roundtable, forum = closed_roundtable_and_forum()
    assert uids(fetch_calendar(client, event_feed_url(event))) == [uid(forum)]


def test_anonymous_feed_ignores_signed_in_visitor(client: Client) -> None:
    event, _roundtable, forum = closed_roundtable_and_forum()
    client.force_login(RegistrationFactory.create(event=event).user)
    assert uids(fetch_calendar(client, event_feed_url(event))) == [uid(forum)]


def test_closed_session_absent_for_pending_registration(client: Client) -> None:
    event, _roundtable, forum = closed_roundtable_and_forum()
    pending = RegistrationFactory.create(event=event, status="pending").user
    assert uids(fetch_calendar(client, personal_feed_url(pending, event))) == [uid(forum)]


def test_closed_session_absent_for_approved_unaccredited_participant(client: Client) -> None:
    event, _roundtable, forum = closed_roundtable_and_forum()
    visitor = RegistrationFactory.create(event=event, category__is_accredited=False).user
    assert uids(fetch_calendar(client, personal_feed_url(visitor, event))) == [uid(forum)]


def test_closed_session_present_for_accredited_delegate(client: Client) -> None:
    event, roundtable, forum = closed_roundtable_and_forum()
    delegate = RegistrationFactory.create(event=event).user
    calendar = fetch_calendar(client, personal_feed_url(delegate, event))
    assert uids(calendar) == [uid(forum), uid(roundtable)]
    assert [str(entry["CLASS"]) for entry in calendar.events] == ["PUBLIC", "PRIVATE"]


def test_invited_session_only_for_invitees(client: Client) -> None:
    event = EventFactory.create()
    drafting = SessionFactory.create(event=event, access_level="invited")
    invitee, other = UserFactory.create(), RegistrationFactory.create(event=event).user
    drafting.invitees.add(invitee)

    assert uids(fetch_calendar(client, personal_feed_url(invitee, event))) == [uid(drafting)]
    assert uids(fetch_calendar(client, personal_feed_url(other, event))) == []
    assert uids(fetch_calendar(client, event_feed_url(event))) == []


def test_unpublished_schedule_is_empty_for_attendees_and_full_for_organisers(client: Client) -> None:
    event = EventFactory.create(is_schedule_published=False)
    session = SessionFactory.create(event=event)
    organiser = UserFactory.create()
    event.organising_team.add(organiser)

    assert uids(fetch_calendar(client, event_feed_url(event))) == []
    assert uids(fetch_calendar(client, personal_feed_url(organiser, event))) == [uid(session)]


def test_unpublished_event_feed_is_not_found(client: Client) -> None:
    event = EventFactory.create(is_published=False)
    delegate = RegistrationFactory.create(event=event).user
    assert client.get(event_feed_url(event)).status_code == 404
    assert client.get(personal_feed_url(delegate, event)).status_code == 404
    assert client.get("/calendar/events/no-such-event.ics").status_code == 404


def test_unknown_token_is_not_found(client: Client) -> None:
    event = SessionFactory.create().event
    assert client.get(f"/calendar/not-a-token/events/{event.slug}.ics").status_code == 404
    assert client.get("/calendar/not-a-token/agenda.ics").status_code == 404


def test_deactivated_account_token_is_not_found(client: Client) -> None:
    owner = UserFactory.create()
    url = agenda_feed_url(owner)
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get(url).status_code == 404


def test_reset_token_makes_old_addresses_not_found(client: Client) -> None:
    event = SessionFactory.create().event
    owner = UserFactory.create()
    old_event_url, old_agenda_url = personal_feed_url(owner, event), agenda_feed_url(owner)

    new_token = reset_calendar_token(user=owner)

    assert client.get(old_event_url).status_code == 404
    assert client.get(old_agenda_url).status_code == 404
    assert client.get(f"/calendar/{new_token}/events/{event.slug}.ics").status_code == 200
    assert client.get(f"/calendar/{new_token}/agenda.ics").status_code == 200


def test_agenda_feed_lists_exactly_the_bookmarked_visible_sessions(client: Client) -> None:
    event, roundtable, forum = closed_roundtable_and_forum()
    other_event_session = SessionFactory.create(
        starts_at=datetime(2020, 10, 21, 9, 0, tzinfo=HO_CHI_MINH),
        ends_at=datetime(2020, 10, 21, 10, 0, tzinfo=HO_CHI_MINH),
    )
    SessionFactory.create(event=event, slug="not-bookmarked")
    owner = RegistrationFactory.create(event=event, status="pending").user
    for session in (roundtable, forum, other_event_session):
        add_to_agenda(user=owner, session=session)
    add_to_agenda(user=UserFactory.create(), session=SessionFactory.create(event=event, slug="someone-elses"))

    calendar = fetch_calendar(client, agenda_feed_url(owner))

    assert uids(calendar) == [uid(forum), uid(other_event_session)]
    assert str(calendar["X-WR-CALNAME"]) == "My agenda (Pavilion)"


def test_personal_feed_responses_are_private(client: Client) -> None:
    owner = UserFactory.create()
    response = client.get(agenda_feed_url(owner))
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Robots-Tag"] == "noindex"
    assert client.post(agenda_feed_url(owner)).status_code == 405


@pytest.mark.parametrize("count", [1, 3])
def test_event_feed_query_count_does_not_grow_with_sessions(client: Client, count: int) -> None:
    event = EventFactory.create()
    for _index in range(count):
        SessionFactory.create(event=event, room=RoomFactory.create(event=event))
    with CaptureQueriesContext(connection) as queries:
        assert len(uids(fetch_calendar(client, event_feed_url(event)))) == count
    assert len(queries) == 2


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_feed_query_count_does_not_grow_with_sessions(client: Client, count: int) -> None:
    event = EventFactory.create()
    owner = RegistrationFactory.create(event=event).user
    for _index in range(count):
        add_to_agenda(user=owner, session=SessionFactory.create(event=event, room=RoomFactory.create(event=event)))
    url = agenda_feed_url(owner)
    with CaptureQueriesContext(connection) as queries:
        assert len(uids(fetch_calendar(client, url))) == count
    # Each registered agenda source (events.agenda_entries) adds its own: networking's meetings, one.
    assert len(queries) == 7


def test_agenda_leaves_out_sessions_of_an_unpublished_event(client: Client) -> None:
    owner = UserFactory.create()
    shown = EventFactory.create(slug="shown", is_published=True)
    hidden = EventFactory.create(slug="hidden", is_published=True)
    kept = SessionFactory.create(event=shown, slug="kept")
    withdrawn = SessionFactory.create(event=hidden, slug="withdrawn")
    add_to_agenda(user=owner, session=kept)
    add_to_agenda(user=owner, session=withdrawn)
    Event.objects.filter(pk=hidden.pk).update(is_published=False)

    assert uids(fetch_calendar(client, agenda_feed_url(owner))) == [uid(kept)]
    client.force_login(owner)
    assert [item["slug"] for item in client.get("/api/v1/me/agenda/").json()] == ["kept"]
    assert client.get("/api/v1/me/agenda/?event=hidden").status_code == 404
    page = client.get("/en/events/hidden/agenda/")
    assert page.status_code == 404


def test_organiser_still_sees_their_unpublished_event_in_the_agenda(client: Client) -> None:
    organiser = UserFactory.create()
    draft = EventFactory.create(slug="draft", is_published=False)
    draft.organising_team.add(organiser)
    rehearsal = SessionFactory.create(event=draft, slug="rehearsal")
    add_to_agenda(user=organiser, session=rehearsal)

    assert uids(fetch_calendar(client, agenda_feed_url(organiser))) == [uid(rehearsal)]
