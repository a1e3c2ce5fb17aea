from __future__ import annotations

import zoneinfo
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, OrganisationFactory, SessionFactory, UserFactory

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
    assert "<h1>Digital World</h1>" in client.get(f"/ru/events/{event.slug}/").content.decode()


def test_session_times_are_shown_in_event_and_viewer_zones(client: Client) -> None:
    session = SessionFactory.create(
        starts_at=datetime(2020, 10, 20, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    client.force_login(UserFactory.create(time_zone="Europe/Paris"))
    page = client.get(f"/en/events/{session.event.slug}/").content.decode()
    assert "Times are in the event's time zone (Asia/Ho_Chi_Minh) and in yours (Europe/Paris)." in page
    assert '<time datetime="2020-10-20T16:30Z">23:30 <span class="tz">(Asia/Ho_Chi_Minh)</span></time>' in page
    assert '<span class="viewer-time">· 18:30 <span class="tz">(Europe/Paris)</span></span>' in page


def test_viewer_zone_from_browser_cookie_when_signed_out(client: Client) -> None:
    session = SessionFactory.create()
    client.cookies["pavilion_tz"] = "America/New_York"
    page = client.get(f"/en/events/{session.event.slug}/").content.decode()
    assert "(America/New_York)" in page


def test_viewer_in_event_zone_sees_one_time(client: Client) -> None:
    session = SessionFactory.create()
    client.cookies["pavilion_tz"] = "Asia/Ho_Chi_Minh"
    page = client.get(f"/en/events/{session.event.slug}/").content.decode()
    assert "Times are in the event's time zone (Asia/Ho_Chi_Minh)." in page
    assert "viewer-time" not in page


def _queries_for_event_page(client: Client, sessions: int) -> int:
    event = EventFactory.create()
    event.organisers.set(OrganisationFactory.create_batch(2))
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
