"""Time zones as people read them (issue 16, slip 4): canonical names, labels through CLDR, the
viewer's zone only when known, dates where the day is not obvious, and the dashboard's days."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.core.i18n import unambiguous_date
from pavilion.core.timezones import (
    canonical_timezone,
    set_viewer_timezone,
    timezone_choices,
    viewer_timezone_from,
    zone_label,
)
from pavilion.leads.dashboard import booth_figures
from tests.factories import BoothFactory, EventFactory, SessionFactory

UTC = zoneinfo.ZoneInfo("UTC")
NOON_IN_HANOI = datetime(2026, 6, 12, 6, 0, tzinfo=UTC)  # 13:00 in Viet Nam, 02:00 in New York


def _render(source: str, **context: object) -> str:
    return Template("{% load pavilion %}" + source).render(Context(context))


@pytest.fixture(autouse=True)
def _no_viewer_zone() -> object:
    yield
    set_viewer_timezone("")


def test_old_zone_names_browsers_report_are_canonical() -> None:
    assert canonical_timezone("Asia/Saigon") == "Asia/Ho_Chi_Minh"
    assert canonical_timezone("Asia/Calcutta") == "Asia/Kolkata"
    assert canonical_timezone("Etc/UTC") == "UTC"
    assert canonical_timezone("Europe/Zurich") == "Europe/Zurich"
    assert viewer_timezone_from({"pavilion_tz": "Asia/Saigon"}) == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Ho Chi Minh City (UTC+7)"),
        ("vi", "TP Hồ Chí Minh (UTC+7)"),
        ("zh-hans", "胡志明市 (UTC+7)"),
        ("ar", "مدينة هو تشي منة (UTC+7)"),
        ("ru", "Хошимин (UTC+7)"),
    ],
)
def test_zone_labels_are_cities_in_the_page_language_with_the_offset(language: str, label: str) -> None:
    assert zone_label("Asia/Ho_Chi_Minh", NOON_IN_HANOI, language) == label
    assert zone_label("Asia/Saigon", NOON_IN_HANOI, language) == label


def test_zone_labels_follow_summer_time_and_half_hours() -> None:
    assert zone_label("America/New_York", NOON_IN_HANOI, "es") == "Nueva York (UTC-4)"
    assert zone_label("America/New_York", datetime(2026, 1, 12, tzinfo=UTC), "es") == "Nueva York (UTC-5)"
    assert zone_label("Asia/Kolkata", NOON_IN_HANOI, "en") == "Kolkata (UTC+5:30)"
    assert zone_label("Etc/UTC", NOON_IN_HANOI, "en") == "UTC"


def test_dates_spell_the_month_in_every_language() -> None:
    day = date(2026, 6, 12)
    assert unambiguous_date(day, language="en") == "Jun 12, 2026"
    assert unambiguous_date(day, language="es") == "12 jun 2026"
    assert unambiguous_date(day, language="ar") == "12 يونيو 2026"
    assert unambiguous_date(day, language="zh-hans") == "2026年6月12日"
    assert unambiguous_date(day, language="vi") == "12 thg 6, 2026"
    for language in ["en", "es", "fr", "ru", "ar", "vi", "zh-hans"]:
        assert "/" not in unambiguous_date(day, language=language)


def test_alias_of_the_event_zone_shows_one_time_not_two() -> None:
    set_viewer_timezone(canonical_timezone("Asia/Saigon"))
    with translation.override("en"):
        html = _render("{% dual_time at zone %}", at=NOON_IN_HANOI, zone="Asia/Ho_Chi_Minh")
    assert html.count("13:00") == 1
    assert "viewer-time" not in html
    assert "(Ho Chi Minh City, UTC+7)" in html
    assert "Asia/" not in html.replace('data-zone="Asia/Ho_Chi_Minh"', "")


def test_unknown_viewer_zone_is_never_called_utc() -> None:
    with translation.override("en"):
        html = _render("{% dual_time at zone %}", at=NOON_IN_HANOI, zone="Asia/Ho_Chi_Minh")
    assert "UTC)" not in html.replace("UTC+7)", "")
    assert "viewer-time" not in html
    assert 'data-zone="Asia/Ho_Chi_Minh"' in html  # app.js adds the viewer's time on this first page


def test_viewer_time_on_another_day_carries_its_date() -> None:
    set_viewer_timezone("America/New_York")
    with translation.override("en"):
        html = _render("{% dual_time at zone %}", at=NOON_IN_HANOI - timedelta(hours=5), zone="Asia/Ho_Chi_Minh")
    assert '>08:00 <span class="tz">(Ho Chi Minh City, UTC+7)</span></time>' in html
    assert '· Jun 11 21:00 <span class="tz">(New York, UTC-4)</span>' in html


def test_times_with_date_name_the_day_of_the_event() -> None:
    with translation.override("vi"):
        html = _render("{% dual_time at zone with_date=True %}", at=NOON_IN_HANOI, zone="Asia/Ho_Chi_Minh")
    assert "12 thg 6, 2026 13:00" in html


def test_end_of_a_range_on_another_day_names_its_day() -> None:
    start = NOON_IN_HANOI + timedelta(hours=11)  # 00:00 on 13 June in Ha Noi
    with translation.override("en"):
        same_day = _render(
            "{% dual_time at zone after=start %}", at=start + timedelta(hours=2), start=start, zone="Asia/Ho_Chi_Minh"
        )
        next_day = _render(
            "{% dual_time at zone after=start %}", at=start + timedelta(days=2), start=start, zone="Asia/Ho_Chi_Minh"
        )
    assert '>02:00 <span class="tz">' in same_day
    assert '>Jun 15, 2026 00:00 <span class="tz">' in next_day


def test_a_day_in_the_events_zone_is_that_zones_day_in_the_one_date_style() -> None:
    """23:30 UTC on 11 June is 12 June in Ha Noi: ``|timezone:zone|day`` names the event's day, not UTC's."""
    late = NOON_IN_HANOI - timedelta(hours=6, minutes=30)
    with translation.override("en"), timezone.override(UTC):
        in_event = _render("{% load tz %}{{ at|timezone:zone|day }}", at=late, zone="Asia/Ho_Chi_Minh")
        in_viewer = _render("{{ at|day }}", at=late)
    assert (in_event, in_viewer) == ("Jun 12, 2026", "Jun 11, 2026")


@pytest.mark.django_db
def test_session_page_gives_its_day_in_the_style_of_its_times(client: Client) -> None:
    """The day before a session's times once came from Django's DATE_FORMAT ("Oct. 20, 2020") and its
    end's from CLDR ("Oct 22, 2020"); both now read alike."""
    event = EventFactory.create(is_schedule_published=True)
    session = SessionFactory.create(event=event)
    html = client.get(f"/en/events/{event.slug}/sessions/{session.slug}/").content.decode()
    day = unambiguous_date(session.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)).date(), language="en")
    assert f'<dd class="when">{day} · <time' in html


@pytest.mark.django_db
def test_first_visit_schedule_labels_the_event_zone_and_asks_the_browser_for_its_own(client: Client) -> None:
    event = EventFactory.create(is_schedule_published=True)
    SessionFactory.create(event=event)
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert 'data-viewer-zone=""' in html
    assert "Times are in the event's time zone (Ho Chi Minh City, UTC+7)." in html
    assert "in yours (UTC)" not in html
    assert '<span class="viewer-zone-note" hidden>' in html


@pytest.mark.django_db
def test_saigon_browser_sees_each_time_once(client: Client) -> None:
    event = EventFactory.create(is_schedule_published=True)
    SessionFactory.create(event=event)
    client.cookies["pavilion_tz"] = "Asia/Saigon"
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert 'data-viewer-zone="Asia/Ho_Chi_Minh"' in html
    assert "and in yours" not in html
    assert "Asia/Saigon" not in html


@pytest.mark.django_db
def test_booth_dashboard_days_are_the_event_days_whoever_looks() -> None:
    booth = BoothFactory.create()
    # 23:30 UTC on 11 June is 06:30 on 12 June in Viet Nam, the event's zone.
    late = datetime(2026, 6, 11, 23, 30, tzinfo=UTC)
    ActivityEvent.objects.create(kind=ActivityKind.BOOTH_VIEW, event=booth.event, booth=booth, at=late)
    ActivityEvent.objects.create(
        kind=ActivityKind.BOOTH_VIEW, event=booth.event, booth=booth, at=late - timedelta(hours=12)
    )
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        figures = booth_figures(booth=booth)
    assert figures.visits.rows == [("2026-06-11", 1), ("2026-06-12", 1)]
    assert "in the event's zone (Ho Chi Minh City, UTC+7)" in str(figures.visits.description)
    assert "(UTC)" not in str(figures.visits.description)


def test_timezone_choices_name_places_in_the_ui_language_once_each() -> None:
    with translation.override("vi"):
        choices = dict(timezone_choices())
    assert choices["Asia/Ho_Chi_Minh"].startswith("TP Hồ Chí Minh (UTC+7)")
    assert choices["UTC"] == "UTC"
    # Old links (Asia/Saigon), the sign-inverted Etc/GMT+7 and bare abbreviations are not offered.
    assert "Asia/Saigon" not in choices
    assert [name for name in choices if name.startswith("Etc/") or ("/" not in name and name != "UTC")] == []
    assert [label for label in choices.values() if "/" in label or "_" in label] == []
    assert len(set(choices.values())) == len(choices)


def test_timezone_choices_are_kept_per_language_and_follow_the_offset_of_the_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list is kept a while (it is long to label), but never across languages or offsets."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 1, 15, 12, 0, tzinfo=UTC))
    with translation.override("en"):
        winter = dict(timezone_choices())
    with translation.override("fr"):
        french = dict(timezone_choices())
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 7, 15, 12, 0, tzinfo=UTC))
    with translation.override("en"):
        summer = dict(timezone_choices())
    assert winter["Europe/London"] == "London (UTC)"
    assert summer["Europe/London"] == "London (UTC+1)"
    assert french["Europe/London"] == "Londres (UTC)"


def test_a_live_panels_first_page_gives_the_day_of_a_time_that_is_not_today_in_the_viewers_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 00:10 in Hanoi a chat line of 23:53 the evening before is not today, though it is in UTC."""
    from pavilion.core.templatetags.pavilion import clock

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 6, 17, 10, tzinfo=UTC))  # 00:10, 7 Dec, Hanoi
    with timezone.override(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")), translation.override("en"):
        assert clock(datetime(2026, 12, 6, 16, 53, tzinfo=UTC)) == "Dec 6, 2026, 23:53"
        assert clock(datetime(2026, 12, 6, 17, 5, tzinfo=UTC)) == "00:05"
    with timezone.override(zoneinfo.ZoneInfo("UTC")), translation.override("en"):
        assert clock(datetime(2026, 12, 6, 16, 53, tzinfo=UTC)) == "16:53"
