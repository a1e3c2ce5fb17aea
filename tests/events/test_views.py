from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.events import panels
from pavilion.events.models import AgendaItem, CalendarToken, Event, InterpretationChannel, Session, SubGroup
from pavilion.events.panels import add_session_panel
from pavilion.events.services import add_to_agenda, calendar_token_for
from tests.factories import (
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

EVENT_TIME = 'class="event-time" data-zone="Asia/Ho_Chi_Minh"'
HCM_LABEL = '<span class="tz">(Ho Chi Minh City, UTC+7)</span>'
pytestmark = pytest.mark.django_db


def test_home_lists_published_events_only(client: Client) -> None:
    EventFactory.create(name={"en": "Open summit"})
    EventFactory.create(name={"en": "Draft summit"}, is_published=False)
    page = client.get("/en/").content.decode()
    assert "Open summit" in page
    assert "Draft summit" not in page


def test_home_empty_state(client: Client) -> None:
    assert "No events have been published yet." in client.get("/en/").content.decode()


def test_unpublished_event_is_not_found(client: Client) -> None:
    event = EventFactory.create(is_published=False)
    assert client.get(f"/en/events/{event.slug}/").status_code == 404


def test_event_content_follows_ui_language_with_fallback(client: Client) -> None:
    event = EventFactory.create(name={"en": "Digital World", "vi": "Thế giới Số"})
    assert "<h1>Thế giới Số</h1>" in client.get(f"/vi/events/{event.slug}/").content.decode()
    # English fallback on a Russian page is marked as English (issue 16: WCAG 3.1.2).
    russian = client.get(f"/ru/events/{event.slug}/").content.decode()
    note = '<span class="only-in">(только на языке: английский)</span>'
    assert f'<h1><span lang="en">Digital World</span> {note}</h1>' in russian


def test_session_times_are_shown_in_event_and_viewer_zones(client: Client) -> None:
    session = SessionFactory.create(
        starts_at=datetime(2020, 10, 20, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    client.force_login(UserFactory.create(time_zone="Europe/Paris"))
    page = client.get(f"/en/events/{session.event.slug}/").content.decode()
    assert "Times are in the event's time zone (Ho Chi Minh City, UTC+7) and in yours (Paris, UTC+2)." in page
    assert f'<time datetime="2020-10-20T16:30Z" {EVENT_TIME}>23:30 {HCM_LABEL}</time>' in page
    assert '<span class="viewer-time">· 18:30 <span class="tz">(Paris, UTC+2)</span></span>' in page


def test_viewer_zone_from_browser_cookie_when_signed_out(client: Client) -> None:
    session = SessionFactory.create()
    client.cookies["pavilion_tz"] = "America/New_York"
    page = client.get(f"/en/events/{session.event.slug}/").content.decode()
    assert "(New York, UTC-4)" in page


def test_viewer_in_event_zone_sees_one_time(client: Client) -> None:
    session = SessionFactory.create()
    client.cookies["pavilion_tz"] = "Asia/Ho_Chi_Minh"
    page = client.get(f"/en/events/{session.event.slug}/").content.decode()
    assert "Times are in the event's time zone (Ho Chi Minh City, UTC+7)." in page
    assert "viewer-time" not in page


def _queries_for_event_page(client: Client, sessions: int) -> int:
    event = EventFactory.create()
    event.organising_bodies.set(OrganisationFactory.create_batch(2))
    for _ in range(sessions):
        SessionFactory.create(event=event)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/events/{event.slug}/").status_code == 200
    return len(queries)


def test_event_page_query_count_does_not_grow_with_sessions(client: Client) -> None:
    assert _queries_for_event_page(client, 1) == _queries_for_event_page(client, 3)


def test_home_query_count_does_not_grow_with_events(client: Client) -> None:
    EventFactory.create()
    with CaptureQueriesContext(connection) as one:
        client.get("/en/")
    EventFactory.create_batch(2)
    with CaptureQueriesContext(connection) as three:
        client.get("/en/")
    assert len(one) == len(three)


# --- Session page -------------------------------------------------------------------------------


def session_url(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def session_page(client: Client, session: Session) -> str:
    response = client.get(session_url(session))
    assert response.status_code == 200
    return response.content.decode()


def closed_roundtable() -> Session:
    return SessionFactory.create(
        slug="roundtable", title={"en": "Ministerial roundtable on trust"}, access_level="accredited"
    )


def accredited_delegate(event: Event) -> User:
    return RegistrationFactory.create(event=event).user


def test_session_page_shows_what_when_where_and_who(client: Client) -> None:
    event = EventFactory.create()
    session = SessionFactory.create(
        event=event,
        kind="workshop",
        title={"en": "Emergency telecommunications"},
        abstract={"en": "Early warning for everyone.\n\nA workshop of the APEC TEL."},
        room=RoomFactory.create(event=event, name={"en": "Room B"}),
        track=TrackFactory.create(event=event, name={"en": "Resilience"}),
        subgroup=SubGroup.objects.create(event=event, code="LSG", name={"en": "Liberalisation Steering Group"}),
        languages=["en", "es"],
        starts_at=datetime(2020, 10, 20, 13, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    chair = SpeakerFactory.create(event=event, name="Ana Pérez", bio={"en": "Regulator since 2001."})
    chair.photo.name = "events/speakers/ana.jpg"
    chair.save()
    SessionSpeakerFactory.create(session=session, speaker=chair, role="chair")
    SessionSpeakerFactory.create(session=session, speaker=SpeakerFactory.create(event=event, name="Bo Li"))
    SessionSpeakerFactory.create(session=session, speaker=SpeakerFactory.create(event=event, name="Cy Ng"))
    client.cookies["pavilion_tz"] = "Europe/Madrid"
    page = session_page(client, session)
    assert "<h1>Emergency telecommunications</h1>" in page
    assert '<p class="meta">Workshop</p>' in page
    assert f'<time datetime="2020-10-20T06:00Z" {EVENT_TIME}>13:00 {HCM_LABEL}</time>' in page
    assert '<span class="viewer-time">· 08:00 <span class="tz">(Madrid, UTC+2)</span></span>' in page
    assert "<dt>Room</dt><dd>Room B</dd>" in page
    assert "<dt>Theme</dt><dd>Resilience</dd>" in page
    assert "<dt>Sub-group</dt><dd>LSG — Liberalisation Steering Group</dd>" in page
    assert "<dt>Languages</dt><dd>English, Spanish</dd>" in page
    assert "<p>Early warning for everyone.</p>\n\n<p>A workshop of the APEC TEL.</p>" in page
    assert "<h3>Chair</h3>" in page
    assert "<h3>Speakers</h3>" in page
    assert page.index("Ana Pérez") < page.index("Bo Li") < page.index("Cy Ng")
    assert (
        '<img class="portrait" src="/media/events/speakers/ana.jpg" alt="" width="96" height="96" '
        'loading="lazy" decoding="async">'
    ) in page
    assert "<p>Regulator since 2001.</p>" in page


def test_unknown_session_is_not_found(client: Client) -> None:
    event = EventFactory.create()
    assert client.get(f"/en/events/{event.slug}/sessions/no-such-session/").status_code == 404


def test_session_of_an_unpublished_event_is_not_found(client: Client) -> None:
    session = SessionFactory.create(event=EventFactory.create(is_published=False))
    assert client.get(session_url(session)).status_code == 404


def test_closed_session_is_not_found_for_anonymous(client: Client) -> None:
    assert client.get(session_url(closed_roundtable())).status_code == 404


def test_closed_session_is_not_found_with_a_pending_registration(client: Client) -> None:
    session = closed_roundtable()
    client.force_login(RegistrationFactory.create(event=session.event, status="pending").user)
    assert client.get(session_url(session)).status_code == 404


def test_invited_session_is_not_found_for_a_delegate_who_is_not_invited(client: Client) -> None:
    session = SessionFactory.create(access_level="invited")
    session.invitees.add(UserFactory.create())
    client.force_login(accredited_delegate(session.event))
    assert client.get(session_url(session)).status_code == 404


def test_invited_session_is_shown_to_an_invitee(client: Client) -> None:
    session = SessionFactory.create(title={"en": "Heads of delegation dinner"}, access_level="invited")
    guest = UserFactory.create()
    session.invitees.add(guest)
    client.force_login(guest)
    assert "<h1>Heads of delegation dinner</h1>" in session_page(client, session)


def test_closed_session_is_shown_to_an_accredited_delegate(client: Client) -> None:
    session = closed_roundtable()
    client.force_login(accredited_delegate(session.event))
    page = session_page(client, session)
    assert "<h1>Ministerial roundtable on trust</h1>" in page
    assert '<span class="badge">Accredited delegates</span>' in page


def test_closed_session_is_shown_to_an_organiser(client: Client) -> None:
    session = closed_roundtable()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    client.force_login(organiser)
    assert "<h1>Ministerial roundtable on trust</h1>" in session_page(client, session)


def live_session(*, starts_in: timedelta, stream_url: str = "https://stream.example.org/embed/1") -> Session:
    event = EventFactory.create()
    room = RoomFactory.create(event=event, stream_url=stream_url)
    starts_at = timezone.now() + starts_in
    return SessionFactory.create(
        event=event, title={"en": "Plenary"}, room=room, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )


def test_live_session_embeds_the_room_stream_with_a_title(client: Client) -> None:
    page = session_page(client, live_session(starts_in=-timedelta(minutes=10)))
    assert '<iframe class="player" src="https://stream.example.org/embed/1" title="Live stream: Plenary"' in page
    assert "The stream opens when the session starts." not in page
    assert "<video" not in page


def test_stage_opens_fifteen_minutes_before_the_start(client: Client) -> None:
    assert "<iframe" in session_page(client, live_session(starts_in=timedelta(minutes=14)))
    page = session_page(client, live_session(starts_in=timedelta(minutes=16)))
    assert "<iframe" not in page
    assert '<p class="empty">The stream opens when the session starts.</p>' in page
    assert "stream.example.org" not in page


def test_hls_stream_plays_in_a_video_element(client: Client) -> None:
    url = "https://cdn.example.org/live/main/index.m3u8"
    page = session_page(client, live_session(starts_in=-timedelta(minutes=1), stream_url=url))
    assert f'<video class="player" controls preload="none" width="960" height="540" src="{url}"' in page
    assert "<iframe" not in page


def test_live_session_in_a_room_without_stream_says_when_it_opens(client: Client) -> None:
    page = session_page(client, live_session(starts_in=-timedelta(minutes=1), stream_url=""))
    assert '<p class="empty">The stream opens when the session starts.</p>' in page
    assert "<iframe" not in page


def test_ended_session_has_no_stream(client: Client) -> None:
    page = session_page(client, live_session(starts_in=-timedelta(hours=2)))
    assert '<p class="empty">This session has ended.</p>' in page
    assert "<iframe" not in page


def test_interpretation_channels_are_links_per_language_while_live(client: Client) -> None:
    session = live_session(starts_in=-timedelta(minutes=5))
    assert session.room is not None
    for language in ["fr", "ar"]:
        InterpretationChannel.objects.create(
            room=session.room, language=language, stream_url=f"https://stream.example.org/{language}"
        )
    page = session_page(client, session)
    assert '<h3 id="interpretation-heading">Interpretation</h3>' in page
    assert '<a href="https://stream.example.org/ar" hreflang="ar" lang="ar">العربيّة</a>' in page
    assert '<a href="https://stream.example.org/fr" hreflang="fr" lang="fr">français</a>' in page
    Session.objects.filter(pk=session.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert "Interpretation" not in session_page(client, session)


def test_session_page_includes_the_registered_panels(client: Client) -> None:
    session = SessionFactory.create()
    add_session_panel("tests/panel.html")
    try:
        page = session_page(client, session)
    finally:
        panels._panels[:] = [panel for panel in panels._panels if panel.template != "tests/panel.html"]
    assert f'<section class="test-panel" data-topic="session:{session.pk}">Panel for {session.slug}</section>' in page


def test_under_stream_panels_come_right_after_the_player(client: Client) -> None:
    now = timezone.now()
    room = RoomFactory.create(stream_url="https://stream.example.org/live.m3u8")
    room.interpretation_channels.create(language="fr", stream_url="https://stream.example.org/fr")
    session = SessionFactory.create(
        event=room.event, room=room, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    add_session_panel("tests/panel.html", slot=panels.UNDER_STREAM)
    try:
        page = session_page(client, session)
    finally:
        panels._panels[:] = [panel for panel in panels._panels if panel.template != "tests/panel.html"]
    marker = f'<section class="test-panel" data-topic="session:{session.pk}">'
    assert page.count(marker) == 1
    # The interpretation switcher (interpretation/apps.py, order 10) is itself one of them, before this one.
    interpretation = page.index('<h3 id="interpretation-heading">Interpretation</h3>')
    assert page.index('<video class="player"') < interpretation < page.index(marker)


def test_a_panel_slot_must_exist() -> None:
    with pytest.raises(ValueError, match="Unknown session panel slot 'sidebar'"):
        add_session_panel("tests/panel.html", slot="sidebar")
    assert "tests/panel.html" not in panels.session_panels() + panels.session_panels(panels.UNDER_STREAM)


def test_signed_out_visitor_is_offered_sign_in_to_use_the_agenda(client: Client) -> None:
    session = SessionFactory.create()
    page = session_page(client, session)
    login = reverse("account_login")
    assert f'<a href="{login}?next={session_url(session)}">Sign in to add this session to your agenda</a>' in page
    assert "Add to my agenda" not in page


def test_add_and_remove_a_session_from_my_agenda(client: Client) -> None:
    session = SessionFactory.create()
    user = UserFactory.create()
    client.force_login(user)
    add = f"/en/events/{session.event.slug}/sessions/{session.slug}/agenda/add/"
    remove = f"/en/events/{session.event.slug}/sessions/{session.slug}/agenda/remove/"
    assert f'<form method="post" action="{add}">' in session_page(client, session)
    response = client.post(add)
    assert response.status_code == 302
    assert response["Location"] == session_url(session)
    assert list(AgendaItem.objects.filter(user=user).values_list("session_id", flat=True)) == [session.pk]
    page = client.get(response["Location"]).content.decode()
    assert "Added to your agenda." in page
    assert f'<form method="post" action="{remove}">' in page
    assert "Remove from my agenda" in page
    assert client.post(add).status_code == 302  # twice is harmless
    assert AgendaItem.objects.filter(user=user).count() == 1
    response = client.post(remove, {"next": f"/en/events/{session.event.slug}/agenda/"})
    assert response["Location"] == f"/en/events/{session.event.slug}/agenda/"
    assert AgendaItem.objects.filter(user=user).count() == 0


def test_agenda_changes_ignore_a_next_address_on_another_site(client: Client) -> None:
    session = SessionFactory.create()
    client.force_login(UserFactory.create())
    url = f"/en/events/{session.event.slug}/sessions/{session.slug}/agenda/add/"
    assert client.post(url, {"next": "https://evil.example.com/"})["Location"] == session_url(session)


def test_agenda_changes_need_post_and_sign_in(client: Client) -> None:
    session = SessionFactory.create()
    url = f"/en/events/{session.event.slug}/sessions/{session.slug}/agenda/add/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={session_url(session)}"
    assert AgendaItem.objects.count() == 0


@pytest.mark.parametrize("action", ["add", "remove"])
def test_closed_session_cannot_be_bookmarked_by_those_who_may_not_see_it(client: Client, action: str) -> None:
    session = closed_roundtable()
    user = RegistrationFactory.create(event=session.event, status="pending").user
    client.force_login(user)
    response = client.post(f"/en/events/{session.event.slug}/sessions/{session.slug}/agenda/{action}/")
    assert response.status_code == 404
    assert AgendaItem.objects.count() == 0


def test_accredited_delegate_can_bookmark_a_closed_session(client: Client) -> None:
    session = closed_roundtable()
    user = accredited_delegate(session.event)
    client.force_login(user)
    assert client.post(f"/en/events/{session.event.slug}/sessions/{session.slug}/agenda/add/").status_code == 302
    assert list(AgendaItem.objects.filter(user=user).values_list("session__slug", flat=True)) == ["roundtable"]


def queries_for_session_page(client: Client, speakers: int, signed_in: bool) -> int:
    event = EventFactory.create()
    room = RoomFactory.create(event=event)
    for language in ["fr", "es", "ar"][:speakers]:
        InterpretationChannel.objects.create(room=room, language=language, stream_url="https://stream.example.org/i")
    starts_at = timezone.now() - timedelta(minutes=5)
    session = SessionFactory.create(
        event=event,
        room=room,
        track=TrackFactory.create(event=event),
        subgroup=SubGroup.objects.create(event=event, code="G", name={"en": "Group"}),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    for _ in range(speakers):
        SessionSpeakerFactory.create(session=session)
        SessionFactory.create(event=event)
    if signed_in:
        client.force_login(accredited_delegate(event))
    with CaptureQueriesContext(connection) as queries:
        session_page(client, session)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "delegate"])
def test_session_page_query_count_does_not_grow(client: Client, signed_in: bool) -> None:
    assert queries_for_session_page(client, 1, signed_in) == queries_for_session_page(client, 3, signed_in)


# --- Speakers -----------------------------------------------------------------------------------


def test_speakers_page_lists_speakers_of_visible_sessions_only(client: Client) -> None:
    event = EventFactory.create()
    forum = SessionFactory.create(event=event, slug="forum", title={"en": "Open forum"})
    roundtable = SessionFactory.create(
        event=event, slug="roundtable", title={"en": "Closed roundtable"}, access_level="accredited"
    )
    both = SpeakerFactory.create(event=event, name="Amina Diallo")
    closed_only = SpeakerFactory.create(event=event, name="Boris Petrov")
    SpeakerFactory.create(event=event, name="Chen Wei")  # in no session at all
    SessionSpeakerFactory.create(session=forum, speaker=both)
    SessionSpeakerFactory.create(session=roundtable, speaker=both, role="chair")
    SessionSpeakerFactory.create(session=roundtable, speaker=closed_only)
    page = client.get(f"/en/events/{event.slug}/speakers/").content.decode()
    assert '<h2 class="name" translate="no">Amina Diallo</h2>' in page
    assert "Open forum" in page
    assert "Closed roundtable" not in page
    assert "Boris Petrov" not in page
    assert "Chen Wei" not in page
    client.force_login(accredited_delegate(event))
    page = client.get(f"/en/events/{event.slug}/speakers/").content.decode()
    assert '<h2 class="name" translate="no">Boris Petrov</h2>' in page
    assert 'Closed roundtable</a> <span class="meta">(Chair)</span>' in page
    assert "Chen Wei" not in page


def test_speakers_page_empty_state(client: Client) -> None:
    event = EventFactory.create()
    assert "No speakers have been announced yet." in client.get(f"/en/events/{event.slug}/speakers/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_speakers_page_query_count_does_not_grow(client: Client, count: int) -> None:
    def queries(speakers: int) -> int:
        event = EventFactory.create()
        for _ in range(speakers):
            SessionSpeakerFactory.create(session=SessionFactory.create(event=event))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/en/events/{event.slug}/speakers/").status_code == 200
        return len(captured)

    assert queries(1) == queries(count)


# --- Personal agenda ----------------------------------------------------------------------------


def agenda_url(event: Event) -> str:
    return f"/en/events/{event.slug}/agenda/"


def test_agenda_needs_sign_in(client: Client) -> None:
    event = EventFactory.create()
    response = client.get(agenda_url(event))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={agenda_url(event)}"


def test_agenda_lists_exactly_my_bookmarked_sessions_of_this_event(client: Client) -> None:
    event = EventFactory.create()
    user = accredited_delegate(event)
    mine = [
        SessionFactory.create(event=event, title={"en": "Bookmarked forum"}),
        SessionFactory.create(event=event, title={"en": "Bookmarked roundtable"}, access_level="accredited"),
    ]
    for session in mine:
        add_to_agenda(user=user, session=session)
    SessionFactory.create(event=event, title={"en": "Not bookmarked"})
    add_to_agenda(user=user, session=SessionFactory.create(title={"en": "Other event's session"}))
    add_to_agenda(user=UserFactory.create(), session=SessionFactory.create(event=event, title={"en": "Someone else's"}))
    withdrawn = SessionFactory.create(event=event, title={"en": "Invitation withdrawn"}, access_level="invited")
    add_to_agenda(user=user, session=withdrawn)
    client.force_login(user)
    page = client.get(agenda_url(event)).content.decode()
    listed = [title for title in ["Bookmarked forum", "Bookmarked roundtable", "Not bookmarked",
                                  "Other event's session", "Someone else's", "Invitation withdrawn"]
              if f">{title}</a>" in page.replace("&#x27;", "'")]  # fmt: skip
    assert listed == ["Bookmarked forum", "Bookmarked roundtable"]
    assert '<p class="result-count">2 sessions</p>' in page
    assert page.count("Remove from my agenda</button>") == 2


def test_agenda_empty_state(client: Client) -> None:
    event = EventFactory.create()
    client.force_login(UserFactory.create())
    page = client.get(agenda_url(event)).content.decode()
    assert "You have not added any session of this event to your agenda yet." in page


def test_agenda_shows_personal_calendar_addresses(client: Client) -> None:
    event = EventFactory.create()
    user = UserFactory.create()
    client.force_login(user)
    page = client.get(agenda_url(event)).content.decode()
    token = calendar_token_for(user=user)
    agenda_feed = reverse("calendar:agenda_feed", kwargs={"token": token})
    event_feed = reverse("calendar:personal_event_feed", kwargs={"token": token, "slug": event.slug})
    assert f'<input id="feed-agenda" type="text" readonly value="http://testserver{agenda_feed}">' in page
    assert f'<input id="feed-event" type="text" readonly value="http://testserver{event_feed}">' in page
    assert '<button type="submit" aria-describedby="reset-help">Reset address</button>' in page


def test_resetting_the_calendar_address_replaces_it(client: Client) -> None:
    event = EventFactory.create()
    user = UserFactory.create()
    old = calendar_token_for(user=user)
    client.force_login(user)
    response = client.post(f"/en/events/{event.slug}/agenda/calendar/reset/")
    assert response.status_code == 302
    assert response["Location"] == agenda_url(event)
    new = CalendarToken.objects.get(user=user).token
    assert new != old
    page = client.get(agenda_url(event)).content.decode()
    assert "Your calendar addresses have been reset. The old addresses no longer work" in page
    assert new in page
    assert old not in page


def test_resetting_the_calendar_address_needs_post_and_sign_in(client: Client) -> None:
    event = EventFactory.create()
    url = f"/en/events/{event.slug}/agenda/calendar/reset/"
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == f"{reverse('account_login')}?next={agenda_url(event)}"
    assert CalendarToken.objects.count() == 0


def test_agenda_of_an_unpublished_event_is_not_found(client: Client) -> None:
    event = EventFactory.create(is_published=False)
    client.force_login(UserFactory.create())
    assert client.get(agenda_url(event)).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count_does_not_grow_with_sessions(client: Client, count: int) -> None:
    def queries(sessions: int) -> int:
        event = EventFactory.create()
        user = accredited_delegate(event)
        for _ in range(sessions):
            session = SessionFactory.create(
                event=event, room=RoomFactory.create(event=event), track=TrackFactory.create(event=event)
            )
            SessionSpeakerFactory.create(session=session)
            add_to_agenda(user=user, session=session)
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(agenda_url(event)).status_code == 200
        client.logout()
        return len(captured)

    assert queries(1) == queries(count)


def test_viewer_zone_cookie_written_url_encoded_is_understood(client: Client) -> None:
    session = SessionFactory.create()
    client.cookies["pavilion_tz"] = "Europe%2FZurich"
    assert "(Zurich, UTC+2)" in client.get(f"/en/events/{session.event.slug}/").content.decode()
