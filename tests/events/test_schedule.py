"""The event page as a schedule: three views, filters, closed sessions, the anonymous cache."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.page_weight import BUDGET_BYTES, first_load_bytes
from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration
from pavilion.demo.services import load_demo
from pavilion.events.access import viewer_for
from pavilion.events.models import Event, Session, SubGroup
from pavilion.events.schedule import ScheduleFilters, schedule_cache_key, schedule_variant
from tests.factories import (
    BoothFactory,
    CategoryFactory,
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    TrackFactory,
    UserFactory,
)

EVENT_TIME = 'class="event-time" data-zone="Asia/Ho_Chi_Minh"'
HCM_LABEL = '<span class="tz">(Ho Chi Minh City, UTC+7)</span>'
pytestmark = pytest.mark.django_db

HO_CHI_MINH = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in October 2020 in the event's zone (Asia/Ho_Chi_Minh)."""
    return datetime(2020, 10, day, hour, minute, tzinfo=HO_CHI_MINH)


def summit() -> tuple[Event, Session, Session]:
    """An open forum and a closed ministerial roundtable, each with its own theme, sub-group and language."""
    event = EventFactory.create()
    forum = SessionFactory.create(
        event=event,
        slug="broadband-forum",
        kind="forum",
        title={"en": "Forum on the broadband gap"},
        track=TrackFactory.create(event=event, slug="broadband", name={"en": "Broadband"}),
        subgroup=SubGroup.objects.create(event=event, code="DSG", name={"en": "Development Steering Group"}),
        languages=["en"],
        starts_at=at(20, 9),
    )
    roundtable = SessionFactory.create(
        event=event,
        slug="roundtable",
        kind="ministerial_roundtable",
        title={"en": "Roundtable on digital trust"},
        track=TrackFactory.create(event=event, slug="sovereignty", name={"en": "Sovereign networks"}),
        subgroup=SubGroup.objects.create(event=event, code="MRATF", name={"en": "MRA task force"}),
        languages=["ru"],
        access_level="accredited",
        starts_at=at(20, 14),
    )
    return event, forum, roundtable


def schedule_page(client: Client, event: Event, query: str = "") -> str:
    response = client.get(f"/en/events/{event.slug}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def anonymous(event: Event) -> User | None:
    return None


def pending_delegate(event: Event) -> User | None:
    return RegistrationFactory.create(event=event, status="pending").user


def accredited_delegate(event: Event) -> User | None:
    return RegistrationFactory.create(event=event).user


def organiser(event: Event) -> User | None:
    user = UserFactory.create()
    event.organising_team.add(user)
    return user


def sign_in(client: Client, user: User | None) -> None:
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("who", [anonymous, pending_delegate], ids=["anonymous", "pending registration"])
@pytest.mark.parametrize("view", ["", "?view=day", "?view=rooms", "?view=list"])
def test_closed_roundtable_is_absent_from_schedule_counts_and_filters(
    client: Client, who: Callable[[Event], User | None], view: str
) -> None:
    event, _forum, _roundtable = summit()
    sign_in(client, who(event))
    page = schedule_page(client, event, view)
    assert "Forum on the broadband gap" in page
    assert '<p class="result-count">1 session</p>' in page
    for leak in ["Roundtable on digital trust", "/sessions/roundtable/", "Sovereign networks", "sovereignty",
                 "ministerial_roundtable", "Ministerial roundtable", "MRATF", "MRA task force", "Russian"]:  # fmt: skip
        assert leak not in page


@pytest.mark.parametrize("who", [anonymous, pending_delegate], ids=["anonymous", "pending registration"])
def test_filtering_by_a_closed_sessions_values_does_not_reveal_it(
    client: Client, who: Callable[[Event], User | None]
) -> None:
    event, _forum, _roundtable = summit()
    sign_in(client, who(event))
    page = schedule_page(client, event, "?theme=sovereignty&type=ministerial_roundtable&subgroup=MRATF&language=ru")
    assert "Roundtable on digital trust" not in page
    # Values the viewer cannot choose are ignored, as if the link were stale.
    assert '<p class="result-count">1 session</p>' in page
    assert "Forum on the broadband gap" in page


@pytest.mark.parametrize("who", [accredited_delegate, organiser], ids=["accredited delegate", "organiser"])
def test_closed_roundtable_is_listed_for_those_who_may_attend(
    client: Client, who: Callable[[Event], User | None]
) -> None:
    event, _forum, _roundtable = summit()
    sign_in(client, who(event))
    page = schedule_page(client, event)
    assert '<p class="result-count">2 sessions</p>' in page
    assert f'<a href="/en/events/{event.slug}/sessions/roundtable/">Roundtable on digital trust</a>' in page
    assert '<span class="badge">Accredited delegates</span>' in page
    assert '<option value="sovereignty">Sovereign networks</option>' in page
    assert '<option value="ministerial_roundtable">Ministerial roundtable</option>' in page
    assert '<option value="MRATF">MRATF — MRA task force</option>' in page
    assert '<option value="ru">Russian</option>' in page


def test_invited_session_is_hidden_from_a_delegate_who_is_not_invited(client: Client) -> None:
    event = EventFactory.create()
    invited = SessionFactory.create(event=event, title={"en": "Heads of delegation dinner"}, access_level="invited")
    guest = UserFactory.create()
    invited.invitees.add(guest)
    client.force_login(accredited_delegate(event))  # type: ignore[arg-type]
    page = schedule_page(client, event)
    assert "Heads of delegation dinner" not in page
    assert "No sessions have been announced yet." in page
    client.force_login(guest)
    page = schedule_page(client, event)
    assert "Heads of delegation dinner" in page
    assert '<p class="result-count">1 session</p>' in page


@pytest.mark.parametrize("who", [anonymous, accredited_delegate], ids=["anonymous", "accredited delegate"])
def test_unpublished_schedule_shows_an_empty_state_to_attendees(
    client: Client, who: Callable[[Event], User | None]
) -> None:
    event, _forum, _roundtable = summit()
    event.is_schedule_published = False
    event.save()
    sign_in(client, who(event))
    page = schedule_page(client, event)
    assert '<p class="empty">The schedule has not been published yet.</p>' in page
    assert "Forum on the broadband gap" not in page
    assert "result-count" not in page
    assert 'name="theme"' not in page


def test_unpublished_schedule_is_shown_to_organisers_with_a_warning(client: Client) -> None:
    event, _forum, _roundtable = summit()
    event.is_schedule_published = False
    event.save()
    sign_in(client, organiser(event))
    page = schedule_page(client, event)
    assert "The schedule is not published yet: only organisers see these sessions." in page
    assert '<p class="result-count">2 sessions</p>' in page


def filtered_titles(client: Client, event: Event, query: str) -> list[str]:
    page = schedule_page(client, event, query)
    return [title for title in ["Opening", "5G workshop", "Broadband forum", "Drafting"] if f">{title}</a>" in page]


def test_filters_narrow_exactly(client: Client) -> None:
    event = EventFactory.create()
    broadband = TrackFactory.create(event=event, slug="broadband", name={"en": "Broadband"})
    five_g = TrackFactory.create(event=event, slug="5g", name={"en": "5G"})
    steering = SubGroup.objects.create(event=event, code="SPSG", name={"en": "Security and Prosperity Steering Group"})
    SessionFactory.create(
        event=event, title={"en": "Opening"}, kind="opening", languages=["en", "fr"], starts_at=at(20, 9)
    )
    SessionFactory.create(
        event=event, title={"en": "5G workshop"}, kind="workshop", track=five_g, languages=["en"], starts_at=at(20, 11)
    )
    SessionFactory.create(
        event=event,
        title={"en": "Broadband forum"},
        kind="forum",
        track=broadband,
        subgroup=steering,
        languages=["fr"],
        starts_at=at(21, 9),
    )
    SessionFactory.create(
        event=event,
        title={"en": "Drafting"},
        kind="drafting",
        subgroup=steering,
        languages=["en"],
        starts_at=at(21, 14),
    )
    assert filtered_titles(client, event, "") == ["Opening", "5G workshop", "Broadband forum", "Drafting"]
    assert filtered_titles(client, event, "?theme=broadband") == ["Broadband forum"]
    assert filtered_titles(client, event, "?type=workshop") == ["5G workshop"]
    assert filtered_titles(client, event, "?subgroup=SPSG") == ["Broadband forum", "Drafting"]
    assert filtered_titles(client, event, "?language=fr") == ["Opening", "Broadband forum"]
    assert filtered_titles(client, event, "?language=en&subgroup=SPSG") == ["Drafting"]
    assert filtered_titles(client, event, "?view=list&language=fr") == ["Opening", "Broadband forum"]
    assert filtered_titles(client, event, "?view=rooms&subgroup=SPSG") == ["Broadband forum", "Drafting"]
    page = schedule_page(client, event, "?language=en&subgroup=SPSG")
    assert '<p class="result-count">1 session</p>' in page
    assert '<option value="en" selected>English</option>' in page
    assert '<option value="SPSG" selected>SPSG — Security and Prosperity Steering Group</option>' in page


def test_filters_that_match_nothing_show_the_empty_state(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, kind="forum", track=TrackFactory.create(event=event, slug="broadband"))
    SessionFactory.create(event=event, kind="workshop", track=TrackFactory.create(event=event, slug="5g"))
    page = schedule_page(client, event, "?view=list&theme=broadband&type=workshop")
    assert '<p class="result-count">0 sessions</p>' in page
    assert "No session matches these filters." in page
    assert '<a href="?view=list">Show all sessions</a>' in page


def test_filter_form_is_a_labelled_get_form_that_keeps_the_view(client: Client) -> None:
    event, _forum, _roundtable = summit()
    page = schedule_page(client, event, "?view=rooms&theme=broadband")
    assert '<form method="get" class="schedule-filters" role="search" aria-label="Filter sessions">' in page
    assert '<input type="hidden" name="view" value="rooms">' in page
    for name in ["theme", "type", "subgroup", "language"]:
        assert f'<label for="filter-{name}">' in page
        assert f'<select id="filter-{name}" name="{name}">' in page
    assert '<a href="?view=list&amp;theme=broadband">List</a>' in page
    assert '<a href="?view=rooms&amp;theme=broadband" aria-current="page">By room</a>' in page
    assert '<a href="?view=rooms">Clear filters</a>' in page


def test_unknown_view_falls_back_to_by_day(client: Client) -> None:
    event, _forum, _roundtable = summit()
    page = schedule_page(client, event, "?view=timeline")
    assert '<a href="?view=day" aria-current="page">By day</a>' in page
    assert "<h3>Tuesday 20 October 2020</h3>" in page


def test_room_grid_has_rooms_as_columns_and_start_times_as_rows(client: Client) -> None:
    event = EventFactory.create()
    main = RoomFactory.create(event=event, name={"en": "Main stage"}, position=1)
    forum = RoomFactory.create(event=event, name={"en": "Forum room"}, position=2)
    SessionFactory.create(event=event, slug="opening", title={"en": "Opening"}, room=main, starts_at=at(20, 9))
    SessionFactory.create(event=event, slug="forum-a", title={"en": "Forum A"}, room=forum, starts_at=at(20, 9))
    SessionFactory.create(event=event, slug="forum-b", title={"en": "Forum B"}, room=forum, starts_at=at(20, 11))
    SessionFactory.create(event=event, slug="side", title={"en": "Side event"}, room=None, starts_at=at(21, 9))
    client.cookies["pavilion_tz"] = "Asia/Ho_Chi_Minh"
    page = " ".join(schedule_page(client, event, "?view=rooms").split())
    assert page.count('<table class="room-grid">') == 2
    assert '<caption id="grid-day-1">Tuesday 20 October 2020</caption>' in page
    assert '<tr> <th scope="col">Time</th> <th scope="col">Main stage</th><th scope="col">Forum room</th> </tr>' in page
    assert f'<th scope="row" class="when"><time datetime="2020-10-20T02:00Z" {EVENT_TIME}>09:00' in page
    assert f'<th scope="row" class="when"><time datetime="2020-10-20T04:00Z" {EVENT_TIME}>11:00' in page
    # At 11:00 only the forum room is busy: an empty cell under the main stage, then Forum B.
    assert (
        '11:00 <span class="tz">(Ho Chi Minh City, UTC+7)</span></time></th> <td></td> <td> <p class="grid-session">'
        in page
    )
    assert '<caption id="grid-day-2">Wednesday 21 October 2020</caption>' in page
    assert '<tr> <th scope="col">Time</th> <th scope="col">No room</th> </tr>' in page
    assert 'role="region" tabindex="0" aria-labelledby="grid-day-1"' in page


def test_list_view_is_one_chronological_list_with_dates(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, title={"en": "Second day"}, starts_at=at(21, 9))
    SessionFactory.create(event=event, title={"en": "First day"}, starts_at=at(20, 9))
    page = schedule_page(client, event, "?view=list")
    assert page.count('<ol class="sessions">') == 1
    assert page.index(">First day</a>") < page.index(">Second day</a>")
    assert '<span class="date">Oct 20, 2020</span>' in page
    assert '<span class="date">Oct 21, 2020</span>' in page
    assert "<h3>Tuesday 20 October 2020</h3>" not in page


def test_day_view_groups_by_day_in_the_event_time_zone(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, title={"en": "Late"}, starts_at=at(20, 22))
    # 06:00 on the 21st in Ho Chi Minh City is still the 20th in UTC: the event's day counts.
    SessionFactory.create(event=event, title={"en": "Early"}, starts_at=at(21, 6))
    page = schedule_page(client, event)
    assert page.index("<h3>Tuesday 20 October 2020</h3>") < page.index(">Late</a>")
    assert page.index(">Late</a>") < page.index("<h3>Wednesday 21 October 2020</h3>") < page.index(">Early</a>")


def test_every_time_is_shown_in_both_zones_with_labels(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, starts_at=at(20, 9))
    client.cookies["pavilion_tz"] = "Europe/Paris"
    for view in ["day", "rooms", "list"]:
        page = schedule_page(client, event, f"?view={view}")
        assert f'<time datetime="2020-10-20T02:00Z" {EVENT_TIME}>09:00 {HCM_LABEL}</time>' in page
        assert '<span class="viewer-time">· 04:00 <span class="tz">(Paris, UTC+2)</span></span>' in page


def test_schedule_links_to_registration_speakers_agenda_and_calendar_feed(client: Client) -> None:
    event, _forum, _roundtable = summit()
    page = schedule_page(client, event)
    register = reverse("accreditation:register", kwargs={"event_slug": event.slug})
    feed = reverse("calendar:event_feed", kwargs={"slug": event.slug})
    assert f'<a class="button primary" href="{register}">Register</a>' in page
    assert f'<a href="{feed}" type="text/calendar">Subscribe to the schedule in your calendar</a>' in page
    assert f'<a href="/en/events/{event.slug}/speakers/">Speakers</a>' in page
    assert f'<a href="/en/events/{event.slug}/agenda/">My agenda</a>' in page


# --- The anonymous cache ------------------------------------------------------------------------


def test_anonymous_schedule_is_served_from_the_cache(client: Client) -> None:
    event, forum, _roundtable = summit()
    assert "Forum on the broadband gap" in schedule_page(client, event)
    Session.objects.filter(pk=forum.pk).update(title={"en": "Renamed quietly"})  # no signal: the cache is not told
    assert "Forum on the broadband gap" in schedule_page(client, event)
    assert "Renamed quietly" in schedule_page(client, event, "?view=list")  # another query string, another entry


def test_cached_anonymous_schedule_is_invalidated_when_a_session_title_changes(
    client: Client, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    event, forum, _roundtable = summit()
    assert "Forum on the broadband gap" in schedule_page(client, event)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        forum.title = {"en": "Forum on meaningful connectivity"}
        forum.save()
    page = schedule_page(client, event)
    assert "Forum on meaningful connectivity" in page
    assert "Forum on the broadband gap" not in page


def test_signed_in_people_share_no_copy_with_anonymous_visitors(client: Client) -> None:
    event, forum, _roundtable = summit()
    schedule_page(client, event)
    Session.objects.filter(pk=forum.pk).update(title={"en": "Renamed quietly"})
    client.force_login(UserFactory.create())
    assert "Renamed quietly" in schedule_page(client, event)


def test_a_signed_in_copy_is_never_served_to_anonymous_visitors(client: Client) -> None:
    event, _forum, _roundtable = summit()
    client.force_login(accredited_delegate(event))  # type: ignore[arg-type]
    assert "Roundtable on digital trust" in schedule_page(client, event)
    client.logout()
    assert "Roundtable on digital trust" not in schedule_page(client, event)


def test_signed_in_people_alike_share_one_rendered_copy(client: Client) -> None:
    """Two delegates with the same standing get one copy; someone who may see more gets another."""
    event, forum, _roundtable = summit()
    category = CategoryFactory.create(event=event, is_accredited=False)
    first, second = (RegistrationFactory.create(event=event, category=category).user for _ in range(2))
    client.force_login(first)
    assert "Forum on the broadband gap" in schedule_page(client, event)
    Session.objects.filter(pk=forum.pk).update(title={"en": "Renamed quietly"})  # no signal: the cache is not told
    client.force_login(second)
    assert "Forum on the broadband gap" in schedule_page(client, event)
    client.force_login(accredited_delegate(event))  # type: ignore[arg-type]
    assert "Renamed quietly" in schedule_page(client, event)


def test_a_signed_in_copy_follows_a_registration_decided_a_moment_ago(client: Client) -> None:
    """Access changes do not bump the event's version: the sessions a person may see are in the key."""
    event, _forum, _roundtable = summit()
    registration = RegistrationFactory.create(event=event, status="pending")
    client.force_login(registration.user)
    assert "Roundtable on digital trust" not in schedule_page(client, event)
    Registration.objects.filter(pk=registration.pk).update(status="approved")  # no signal, no version bump
    assert "Roundtable on digital trust" in schedule_page(client, event)
    Registration.objects.filter(pk=registration.pk).update(status="rejected")
    assert "Roundtable on digital trust" not in schedule_page(client, event)


def test_a_signed_in_copy_follows_an_invitation_and_the_persons_menu(client: Client) -> None:
    event, _forum, _roundtable = summit()
    closed = SessionFactory.create(
        event=event, slug="heads", title={"en": "Heads of delegation"}, access_level="invited"
    )
    user = UserFactory.create()
    client.force_login(user)
    page = schedule_page(client, event)
    assert "Heads of delegation" not in page
    assert f"/en/events/{event.slug}/exhibition/my-booths/" not in page
    closed.invitees.add(user)
    BoothFactory.create(event=event, staff=[user])
    page = schedule_page(client, event)
    assert "Heads of delegation" in page
    assert f'<a href="/en/events/{event.slug}/exhibition/my-booths/">My booths</a>' in page


@pytest.mark.parametrize("who", [anonymous, pending_delegate, accredited_delegate, organiser])
@pytest.mark.parametrize("query", ["", "?view=rooms", "?view=list&language=ru"])
def test_a_cached_schedule_is_the_page_rendered_afresh_for_every_role(
    client: Client, who: Callable[[Event], User | None], query: str
) -> None:
    event, _forum, _roundtable = summit()
    sign_in(client, who(event))
    cache.clear()
    fresh = schedule_page(client, event, query)
    cached = schedule_page(client, event, query)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # the header's sign-out form: one per request
    assert token.sub("", cached) == token.sub("", fresh)


def test_a_signed_in_copy_holds_no_csrf_token_or_account(client: Client) -> None:
    event, _forum, _roundtable = summit()
    user = accredited_delegate(event)
    client.force_login(user)  # type: ignore[arg-type]
    schedule_page(client, event)
    variant = schedule_variant(event=event, viewer=viewer_for(event=event, user=user))
    cached = cache.get(schedule_cache_key(event=event, filters=ScheduleFilters(), viewer_variant=variant))
    assert isinstance(cached, str)
    assert "Roundtable on digital trust" in cached
    assert "csrfmiddlewaretoken" not in cached
    assert "Sign out" not in cached
    assert user.email not in cached  # type: ignore[union-attr]


def test_cached_schedule_holds_no_csrf_token_or_account(client: Client) -> None:
    event, _forum, _roundtable = summit()
    schedule_page(client, event)
    cached = cache.get(schedule_cache_key(event=event, filters=ScheduleFilters()))
    assert isinstance(cached, str)
    assert "Forum on the broadband gap" in cached
    assert "csrfmiddlewaretoken" not in cached
    assert "Sign out" not in cached


def test_cached_schedule_varies_with_language_and_viewer_time_zone(client: Client) -> None:
    event = EventFactory.create()
    SessionFactory.create(event=event, title={"en": "Opening", "fr": "Ouverture"}, starts_at=at(20, 9))
    assert ">Opening</a>" in schedule_page(client, event)
    assert ">Ouverture</a>" in client.get(f"/fr/events/{event.slug}/").content.decode()
    client.cookies["pavilion_tz"] = "America/New_York"
    assert "(New York, UTC-4)" in schedule_page(client, event)
    client.cookies["pavilion_tz"] = "Europe/Moscow"
    assert "(Moscow, UTC+3)" in schedule_page(client, event)


def test_cache_key_ignores_unknown_parameters_and_names_the_schedule_version() -> None:
    event = EventFactory.create()
    plain = schedule_cache_key(event=event, filters=ScheduleFilters())
    assert plain.startswith(f"schedule-page:{event.pk}:1:en:")
    junk = ScheduleFilters.requested(QueryDict("utm_source=x&view=nonsense&page=7"))
    assert schedule_cache_key(event=event, filters=junk) == plain
    themed = ScheduleFilters.requested(QueryDict("theme=broadband"))
    assert schedule_cache_key(event=event, filters=themed) != plain


def test_a_cache_hit_costs_one_query(client: Client) -> None:
    event, _forum, _roundtable = summit()
    schedule_page(client, event)
    with CaptureQueriesContext(connection) as queries:
        schedule_page(client, event)
    assert len(queries) == 1  # the event itself: it may have been unpublished since


def test_a_signed_in_cache_hit_asks_each_role_question_once(client: Client) -> None:
    """Session and account, the event, the person's standing (organiser, registration), the menu's
    roles (booth staff, focal point, the event's programme), the sessions they may see and the
    header's "Manage events": one query each, however many parts ask. (Production adds one for the
    two-factor rule, not enforced in the tests' settings.)"""
    event, _forum, _roundtable = summit()
    client.force_login(accredited_delegate(event))  # type: ignore[arg-type]
    schedule_page(client, event)  # renders the copy and records the signed-in device
    with CaptureQueriesContext(connection) as queries:
        assert "Roundtable on digital trust" in schedule_page(client, event)
    assert len(queries) == 10, [query["sql"][:80] for query in queries]


# --- Query counts -------------------------------------------------------------------------------


def queries_for_schedule(client: Client, sessions: int, query: str, signed_in: bool) -> int:
    event = EventFactory.create()
    rooms = RoomFactory.create_batch(2, event=event)
    themes = TrackFactory.create_batch(2, event=event)
    for index in range(sessions):
        session = SessionFactory.create(
            event=event,
            room=rooms[index % 2],
            track=themes[index % 2],
            subgroup=SubGroup.objects.create(event=event, code=f"G{index}", name={"en": f"Group {index}"}),
            languages=["en", "fr"],
            starts_at=at(20 + index % 2, 9 + index),
        )
        SessionSpeakerFactory.create(session=session)
    if signed_in:
        client.force_login(accredited_delegate(event))  # type: ignore[arg-type]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        schedule_page(client, event, query)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("query", ["?view=day", "?view=rooms", "?view=list&language=en"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "delegate"])
def test_schedule_query_count_does_not_grow_with_sessions(client: Client, query: str, signed_in: bool) -> None:
    assert queries_for_schedule(client, 1, query, signed_in) == queries_for_schedule(client, 3, query, signed_in)


# --- Page weight --------------------------------------------------------------------------------


def _read_static(url: str) -> bytes:
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is missing: the front end must be built (make frontend) before the tests"
    return Path(str(path)).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/en/events/itu-digital-world-2020/",
        "/ar/events/itu-digital-world-2020/?view=rooms",
        "/vi/events/itu-digital-world-2020/?view=list",
        "/en/events/itu-digital-world-2020/sessions/opening/",
        "/en/events/itu-digital-world-2020/speakers/",
    ],
)
def test_attendee_page_first_load_is_far_below_the_budget(client: Client, path: str) -> None:
    load_demo(set_passwords=False)
    response = client.get(path)
    assert response.status_code == 200
    assert first_load_bytes(response.content.decode(), _read_static) <= BUDGET_BYTES // 3
