"""Booth meetings at times of their own: the visitor proposes times, any of the booth's staff answers,
on networking's rules (times held for both sides while waiting, a cap on requests waiting, e-mails,
agenda and calendar feed)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pavilion.events.agenda_entries import agenda_entries
from pavilion.live.broker import MemoryBroker
from pavilion.networking import booth_times, meetings
from pavilion.networking.models import (
    BoothInterests,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    NetworkingSettings,
    ProposedTime,
)
from tests.boothtalk.helpers import Stand, stand
from tests.factories import BoothFactory, UserFactory
from tests.live.features import fresh_broker, published
from tests.networking.conftest import listed, participant

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = zoneinfo.ZoneInfo("UTC")
#: Whatever the number of requests listed (measured; a change here is an N+1 to look at).
QUERIES_FOR_THE_BOOTHS_MEETINGS = 14


@pytest.fixture(autouse=True)
def broker() -> Any:
    yield from fresh_broker()


def _next_year(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=PARIS)


def _request(s: Stand, **changes: Any) -> Meeting:
    values: dict[str, Any] = {
        "booth": s.booth,
        "by": s.visitor,
        "reason": "Rural 5G pilots",
        "times": [_next_year(3, 2, 10), _next_year(3, 3, 15, 30)],
        "time_zone": "Europe/Paris",
    }
    return booth_times.request_at_times(**{**values, **changes})


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meetings_url(s: Stand) -> str:
    return f"/en/events/{s.booth.event.slug}/networking/meetings/"


def _booth_meetings_url(s: Stand) -> str:
    return f"/en/events/{s.booth.event.slug}/networking/booths/{s.booth.slug}/meetings/"


def _times_url(s: Stand) -> str:
    return f"/en/events/{s.booth.event.slug}/networking/booths/{s.booth.slug}/propose-times/"


def test_a_visitor_proposes_times_in_their_zone_stored_in_utc_and_the_staff_are_told(
    broker: MemoryBroker, django_capture_on_commit_callbacks: Capture
) -> None:
    s = stand()
    year = timezone.now().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(s.visitor).post(
            _times_url(s),
            {
                "reason": "Rural 5G pilots",
                "length": "45",
                "time_zone": "Europe/Paris",
                "time_1": f"{year}-03-02T10:00",
                "time_2": "",
                "time_3": f"{year}-03-03T15:30",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == _meetings_url(s)
    meeting = Meeting.objects.get()
    assert (
        meeting.requester,
        meeting.booth,
        meeting.invitee,
        meeting.slot,
        meeting.reason,
        meeting.length,
        meeting.time_zone,
        meeting.status,
        meeting.awaiting,
    ) == (s.visitor, s.booth, None, None, "Rural 5G pilots", 45, "Europe/Paris", MeetingStatus.PENDING, None)
    assert [time.starts_at for time in meeting.proposed_times.all()] == [
        datetime(year, 3, 2, 9, 0, tzinfo=UTC),  # 10:00 in Paris in winter is 09:00 UTC
        datetime(year, 3, 3, 14, 30, tzinfo=UTC),
    ]
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([s.staff.email], "[Pavilion] Amina Diallo asks you for a meeting")
    ]
    assert "These times are held for both of you until you answer." in mail.outbox[0].body
    change = {"networking": {"event": s.booth.event_id, "meeting": meeting.pk, "status": "pending"}}
    assert published(broker, f"user:{s.staff.pk}") == [change]
    assert published(broker, f"user:{s.visitor.pk}") == [change]
    # The staff see each proposed time in the event's zone, their own and the visitor's.
    staff = _client(s.staff)
    staff.cookies["pavilion_tz"] = "America/New_York"
    page = staff.get(_booth_meetings_url(s) + "?status=pending").content.decode()
    assert "Rural 5G pilots" in page
    assert '16:00 <span class="tz">(Ho Chi Minh City, UTC+7)</span>' in page
    assert '04:00 <span class="tz">(New York, UTC-5)</span>' in page
    assert '10:00 <span class="tz">(Paris, UTC+1)</span>' in page
    # The visitor finds the request under My meetings (without a registration of their own).
    mine = _client(s.visitor).get(_meetings_url(s))
    assert mine.status_code == 200
    assert "Rural 5G pilots" in mine.content.decode()
    assert "Waiting for the other side" in mine.content.decode()


def test_proposed_times_and_reason_are_checked_and_nothing_is_stored() -> None:
    s = stand()
    now = timezone.now()
    cases: list[tuple[dict[str, Any], dict[str, list[str]]]] = [
        ({"times": []}, {"times": ["Propose one, two or three different times."]}),
        (
            {"times": [_next_year(1, day, 9) for day in (1, 2, 3, 4)]},
            {"times": ["Propose one, two or three different times."]},
        ),
        ({"times": [now + timedelta(minutes=5)]}, {"times": ["Propose times at least 15 minutes from now."]}),
        ({"times": [now + timedelta(days=400)]}, {"times": ["Propose times within the next twelve months."]}),
        ({"reason": "  "}, {"reason": ["Say what you would like to talk about."]}),
        ({"time_zone": "Mars/Olympus_Mons"}, {"time_zone": ["Choose a time zone from the list."]}),
        ({"length": 50}, {"length": ["Choose one of the lengths offered."]}),
    ]
    for changes, errors in cases:
        with pytest.raises(ValidationError) as refused:
            _request(s, **changes)
        assert refused.value.message_dict == errors
    with pytest.raises(PermissionDenied):
        _request(s, by=s.staff)
    BoothInterests.objects.create(booth=s.booth, accepts_meetings=False)
    with pytest.raises(ValidationError) as closed:
        _request(s)
    assert closed.value.message_dict == {"__all__": ["This booth does not take meeting requests."]}
    assert Meeting.objects.count() == 0
    assert ProposedTime.objects.count() == 0


def test_any_staff_member_accepts_both_get_the_ics_and_it_is_in_both_agendas(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    s = stand()
    colleague = UserFactory.create(full_name="Lê Thu Hà")
    s.booth.staff.add(colleague)
    meeting = _request(s)
    second = meeting.proposed_times.order_by("starts_at")[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(colleague).post(
            f"{_meetings_url(s)}{meeting.pk}/accept/",
            {"time": second.pk, "note": "Hall B, table 4", "next": _booth_meetings_url(s)},
        )
    assert response.status_code == 302
    assert response["Location"] == _booth_meetings_url(s)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.decided_by, meeting.note) == (
        MeetingStatus.ACCEPTED,
        second.starts_at,
        colleague,
        "Hall B, table 4",
    )
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == sorted(
        [
            (s.visitor.email, "[Pavilion] Meeting with Lotus Networks confirmed"),
            (s.staff.email, "[Pavilion] Meeting with Amina Diallo confirmed"),
            (colleague.email, "[Pavilion] Meeting with Amina Diallo confirmed"),
        ]
    )
    to_visitor = next(message for message in mail.outbox if message.to == [s.visitor.email])
    year = second.starts_at.year
    assert f"Mar 3, {year}, 21:30 (Ho Chi Minh City (UTC+7)) · Mar 3, {year}, 15:30 (Paris (UTC+1))" in to_visitor.body
    assert "Note: Hall B, table 4" in to_visitor.body
    [(name, content, mimetype)] = to_visitor.attachments
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    entry = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert entry.decoded("dtstart") == second.starts_at
    assert entry.decoded("dtend") == second.starts_at + timedelta(minutes=30)
    assert str(entry["summary"]) == "Meeting with Lotus Networks"
    # In both sides' agendas (the calendar feeds read the same entries).
    for user, title in [(s.visitor, "Meeting with Lotus Networks"), (s.staff, "Meeting with Amina Diallo")]:
        [found] = agenda_entries(user=user, event=s.booth.event)
        assert (found.title, found.starts_at, found.location) == (title, second.starts_at, "Lotus Networks")
    assert agenda_entries(user=s.other_visitor, event=s.booth.event) == []
    # Answered once: a second answer changes nothing.
    with pytest.raises(ValidationError):
        meetings.decline_meeting(meeting=meeting, by=s.staff)


def test_declining_with_a_note_frees_the_times_and_mails_the_visitor(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    s = stand()
    meeting = _request(s)
    with pytest.raises(PermissionDenied):
        meetings.decline_meeting(meeting=meeting, by=s.organiser)
    with pytest.raises(ValidationError):  # the visitor does not answer their own request
        meetings.decline_meeting(meeting=meeting, by=s.visitor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(s.staff).post(
            f"{_meetings_url(s)}{meeting.pk}/decline/", {"note": "Our team is not in Europe then."}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.note, meeting.decided_by) == (
        MeetingStatus.DECLINED,
        None,
        "Our team is not in Europe then.",
        s.staff,
    )
    assert [(message.to, message.subject, message.attachments) for message in mail.outbox] == [
        ([s.visitor.email], "[Pavilion] Lotus Networks declined your meeting request", [])
    ]
    assert "Note: Our team is not in Europe then." in mail.outbox[0].body
    # The times are free again, for the visitor and the booth.
    assert _request(s, by=s.other_visitor).status == MeetingStatus.PENDING


def test_a_pending_request_holds_its_times_for_the_visitor_and_the_booth() -> None:
    s = stand()
    _request(s, times=[_next_year(3, 2, 10)])
    overlapping = [_next_year(3, 2, 10, 15)]
    with pytest.raises(ValidationError) as booth_busy:
        _request(s, by=s.other_visitor, times=overlapping)
    assert booth_busy.value.message_dict == {
        "times": ["One of you already has a meeting or a request at this time; choose another."]
    }
    other_booth = BoothFactory.create(event=s.booth.event, staff=[UserFactory.create()], name={"en": "Mekong"})
    with pytest.raises(ValidationError):
        booth_times.request_at_times(
            booth=other_booth, by=s.visitor, reason="Cables", times=overlapping, time_zone="Europe/Paris"
        )
    # Right after the held time (10:00 to 10:30) both are free.
    assert _request(s, by=s.other_visitor, times=[_next_year(3, 2, 10, 30)]).status == MeetingStatus.PENDING
    assert Meeting.objects.count() == 2


def test_the_cap_on_requests_waiting_counts_booth_requests() -> None:
    s = stand()
    NetworkingSettings.objects.create(event=s.booth.event, max_open_requests=2)
    _request(s, times=[_next_year(4, 1, 9)])
    _request(s, times=[_next_year(4, 2, 9)])
    with pytest.raises(ValidationError) as refused:
        _request(s, times=[_next_year(4, 3, 9)])
    assert refused.value.message_dict == {
        "__all__": ["You have 2 requests waiting for an answer; wait for one or withdraw one first."]
    }
    assert Meeting.objects.count() == 2


def test_the_staff_propose_another_time_and_the_visitor_answers(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    s = stand()
    meeting = _request(s)
    other_time = _next_year(3, 4, 11)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(s.staff).post(
            f"{_meetings_url(s)}{meeting.pk}/propose/",
            {"starts_at": other_time.strftime("%Y-%m-%dT%H:%M"), "time_zone": "Europe/Paris", "note": ""},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.awaiting == s.visitor
    assert [time.starts_at for time in meeting.proposed_times.all()] == [other_time.astimezone(UTC)]
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([s.visitor.email], "[Pavilion] Lotus Networks proposes another time")
    ]
    # Now the visitor answers, not the staff.
    with pytest.raises(ValidationError):
        booth_times.accept_time(meeting=meeting, by=s.staff, starts_at=other_time)
    booth_times.accept_time(meeting=meeting, by=s.visitor, starts_at=other_time)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.decided_by) == (MeetingStatus.ACCEPTED, other_time, s.visitor)


def test_a_time_not_proposed_cannot_be_accepted_and_a_slot_meeting_needs_its_slot() -> None:
    s = stand()
    meeting = _request(s)
    with pytest.raises(ValidationError) as refused:
        booth_times.accept_time(meeting=meeting, by=s.staff, starts_at=_next_year(3, 5, 9))
    assert refused.value.message_dict == {"time": ["Choose one of the times proposed."]}
    with pytest.raises(ValidationError) as no_time:
        meetings.accept_meeting(meeting=meeting, by=s.staff)
    assert no_time.value.message_dict == {"time": ["Choose one of the times proposed."]}
    response = _client(s.staff).post(f"{_meetings_url(s)}{meeting.pk}/accept/", {"time": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_a_slot_request_is_refused_over_a_booth_meeting_at_the_same_time() -> None:
    s = stand()
    event = s.booth.event
    start = _next_year(3, 2, 10).astimezone(UTC)
    slot = MeetingSlot.objects.create(event=event, starts_at=start, length=30)
    delegate, other = participant(event), participant(event)
    listed(event, delegate, slots=[slot])
    listed(event, other, slots=[slot])
    booth_times.request_at_times(
        booth=s.booth, by=delegate, reason="5G", times=[start + timedelta(minutes=10)], time_zone="UTC"
    )
    with pytest.raises(ValidationError) as refused:
        meetings.request_meeting(event=event, by=other, invitee=delegate, slot=slot, reason="Broadband")
    assert refused.value.message_dict == {
        "slot": ["One of you already has a meeting or a request at this time; choose another."]
    }
    assert Meeting.objects.filter(slot=slot).count() == 0


# --- Who may do what -------------------------------------------------------------------------------


def test_the_booths_meetings_page_is_for_its_own_staff_only() -> None:
    s = stand()
    meeting = _request(s)
    other_exhibitor = UserFactory.create()
    BoothFactory.create(event=s.booth.event, staff=[other_exhibitor])
    assert _client(s.staff).get(_booth_meetings_url(s)).status_code == 200
    for outsider in (other_exhibitor, s.organiser, s.visitor, s.other_visitor):
        client = _client(outsider)
        assert client.get(_booth_meetings_url(s)).status_code == 404
    anonymous = Client().get(_booth_meetings_url(s))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")
    # Answers from anyone but the booth's staff change nothing.
    for outsider in (other_exhibitor, s.other_visitor):
        client = _client(outsider)
        for action in ("accept", "decline", "propose", "cancel"):
            assert client.post(f"{_meetings_url(s)}{meeting.pk}/{action}/").status_code in (403, 404)
    assert Client().post(f"{_meetings_url(s)}{meeting.pk}/decline/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_who_may_open_the_request_page() -> None:
    s = stand()
    assert _client(s.visitor).get(_times_url(s)).status_code == 200
    assert _client(s.staff).get(_times_url(s)).status_code == 403
    anonymous = Client().get(_times_url(s))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")
    unpublished = BoothFactory.create(event=s.booth.event, staff=[UserFactory.create()], status="draft")
    url = f"/en/events/{s.booth.event.slug}/networking/booths/{unpublished.slug}/propose-times/"
    assert _client(s.visitor).get(url).status_code == 404
    BoothInterests.objects.create(booth=s.booth, accepts_meetings=False)
    assert _client(s.visitor).get(_times_url(s)).status_code == 404
    assert _client(s.visitor).post(_times_url(s), {"reason": "x"}).status_code == 404
    assert Meeting.objects.count() == 0


def test_my_meetings_opens_to_visitors_with_a_booth_meeting_only() -> None:
    s = stand()
    _request(s)
    assert _client(s.visitor).get(_meetings_url(s)).status_code == 200
    assert _client(s.other_visitor).get(_meetings_url(s)).status_code == 403
    assert _client(s.staff).get(_meetings_url(s)).status_code == 200


def test_the_booth_page_offers_a_meeting_to_visitors_and_the_requests_to_its_staff() -> None:
    s = stand()
    _request(s)
    visitor_page = _client(s.other_visitor).get(s.page).content.decode()
    assert f'href="{_times_url(s)}"' in visitor_page
    staff_page = _client(s.staff).get(s.page).content.decode()
    assert f'href="{_booth_meetings_url(s)}?status=pending">1 meeting request waiting</a>' in staff_page
    assert f'href="{_times_url(s)}"' not in staff_page
    anonymous_page = Client().get(s.page).content.decode()
    assert "Meet the booth" not in anonymous_page
    BoothInterests.objects.create(booth=s.booth, accepts_meetings=False)
    assert f'href="{_times_url(s)}"' not in _client(s.other_visitor).get(s.page).content.decode()


def test_the_api_lists_a_visitors_booth_meetings_and_refuses_others() -> None:
    s = stand()
    meeting = _request(s)
    url = f"/api/v1/events/{s.booth.event.slug}/me/meetings/"
    response = _client(s.visitor).get(url)
    assert response.status_code == 200
    [row] = response.json()
    assert (row["id"], row["status"], row["starts_at"], row["with_name"], row["must_answer"]) == (
        meeting.pk,
        "pending",
        None,
        "Lotus Networks",
        False,
    )
    assert row["proposed_times"] == [
        time.starts_at.isoformat().replace("+00:00", "Z") for time in meeting.proposed_times.all()
    ]
    staff_rows = _client(s.staff).get(url).json()
    assert [(item["id"], item["must_answer"]) for item in staff_rows] == [(meeting.pk, True)]
    assert _client(s.other_visitor).get(url).status_code == 403
    assert Client().get(url).status_code == 401


def test_my_contacts_and_meetings_points_to_my_meetings() -> None:
    s = stand()
    _request(s)
    page = _client(s.visitor).get(f"/en/events/{s.booth.event.slug}/exhibition/my-contacts/").content.decode()
    assert f'<a href="{_meetings_url(s)}">My meetings</a>' in page
    profile = _client(s.visitor).get("/en/accounts/profile/").content.decode()
    assert f'href="{_meetings_url(s)}"' in profile


@pytest.mark.parametrize("requests", [1, 3])
def test_the_booths_meetings_page_takes_the_same_queries_for_one_request_or_three(requests: int) -> None:
    s = stand()
    for index in range(requests):
        _request(s, by=UserFactory.create(), times=[_next_year(5, index + 1, 9), _next_year(5, index + 1, 11)])
    client = _client(s.staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_booth_meetings_url(s))
    assert response.status_code == 200
    assert len(response.context["rows"]) == requests
    assert all(row["must_answer"] for row in response.context["rows"])
    assert len(queries) == QUERIES_FOR_THE_BOOTHS_MEETINGS
