from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.events.models import SessionAttendance
from pavilion.exhibition.models import Booth
from pavilion.leads.organiser import event_charts
from tests.factories import CategoryFactory, RegistrationFactory, SessionFactory, UserFactory
from tests.leads.fixture import Fair, fair

pytestmark = pytest.mark.django_db

MINUTE = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _event_fixture() -> tuple[Fair, User]:
    stand = fair()
    event = stand.booth.event
    organiser = UserFactory.create(full_name="Organiser Olga")
    event.organising_team.add(organiser)
    delegates = CategoryFactory.create(event=event, name={"en": "Delegates"})
    press = CategoryFactory.create(event=event, name={"en": "Press"})
    RegistrationFactory.create(event=event, category=delegates, country="VN")
    RegistrationFactory.create(event=event, category=delegates, country="SN", status="pending")
    RegistrationFactory.create(event=event, category=press, country="VN")
    session = SessionFactory.create(event=event, title={"en": "Opening"})
    for offset, process, viewers in ((0, "a", 4), (0, "b", 3), (1, "a", 5)):
        SessionAttendance.objects.create(
            session=session, minute=MINUTE + timedelta(minutes=offset), process=process, viewers=viewers
        )
    return stand, organiser


def test_event_dashboard_figures_equal_the_fixture() -> None:
    stand, _organiser = _event_fixture()
    charts = {chart.slug: chart.rows for chart in event_charts(event=stand.booth.event)}
    session_slug = next(slug for slug in charts if slug.startswith("attendance-") and slug != "attendance-peaks")
    assert charts["registrations-category"] == [("Delegates", 2), ("Press", 1)]
    assert charts["registrations-country"] == [("Viet Nam", 2), ("Senegal", 1)]
    assert charts["registrations-status"] == [("Awaiting approval", 1), ("Approved", 2), ("Rejected", 0)]
    assert charts["attendance-peaks"] == [("Opening", 7)]
    assert charts[session_slug] == [("2026-11-20 10:00", 7), ("2026-11-20 10:01", 5)]
    assert charts["booth-visits"] == [("Lotus Networks", 7), ("Rival", 0)]
    assert charts["booth-visitors"] == [("Lotus Networks", 3), ("Rival", 0)]


def test_event_dashboard_page_and_csv_for_organisers() -> None:
    stand, organiser = _event_fixture()
    client = Client()
    client.force_login(organiser)
    base = f"/en/manage/{stand.booth.event.slug}/dashboard/"
    response = client.get(base)
    assert response.status_code == 200
    assert 'role="img"' in response.content.decode()
    export = client.get(base + "booth-visits.csv")
    assert export.status_code == 200
    assert list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")))) == [
        ["Booth", "Visits"],
        ["Lotus Networks", "7"],
        ["Rival", "0"],
    ]
    assert export.content.startswith("\ufeff".encode())
    assert client.get(base + "no-such-table.csv").status_code == 404


def test_event_dashboard_is_404_for_non_organisers() -> None:
    stand, _organiser = _event_fixture()
    client = Client()
    client.force_login(stand.staff)
    base = f"/en/manage/{stand.booth.event.slug}/dashboard/"
    assert client.get(base).status_code == 404
    assert client.get(base + "booth-visits.csv").status_code == 404


def test_event_dashboard_csv_never_writes_an_exhibitors_formula() -> None:
    stand, organiser = _event_fixture()
    Booth.objects.filter(pk=stand.booth.pk).update(name={"en": '=HYPERLINK("http://evil.example","x")'})
    client = Client()
    client.force_login(organiser)
    export = client.get(f"/en/manage/{stand.booth.event.slug}/dashboard/booth-visits.csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1] == ['\'=HYPERLINK("http://evil.example","x")', "7"]
