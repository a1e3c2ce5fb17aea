"""Meeting requests: proposed times in the visitor's zone stored in UTC, accept or decline, e-mails and .ics."""

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
from django.test import Client
from django.utils import timezone

from pavilion.boothtalk import meetings
from pavilion.boothtalk.models import MeetingRequest, MeetingSlot, MeetingStatus
from pavilion.live.broker import MemoryBroker
from tests.boothtalk.helpers import Stand, stand
from tests.factories import BoothFactory, UserFactory
from tests.live.features import published

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = zoneinfo.ZoneInfo("UTC")


def _next_year(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=PARIS)


def _request(s: Stand, **changes: Any) -> MeetingRequest:
    values: dict[str, Any] = {
        "booth": s.booth,
        "by": s.visitor,
        "topic": "Rural 5G pilots",
        "slots": [_next_year(3, 2, 10), _next_year(3, 3, 15, 30)],
        "time_zone": "Europe/Paris",
    }
    return meetings.request_meeting(**{**values, **changes})


def test_a_visitor_proposes_times_in_their_zone_and_they_are_stored_in_utc(
    broker: MemoryBroker, django_capture_on_commit_callbacks: Capture
) -> None:
    s = stand()
    client = Client()
    client.force_login(s.visitor)
    year = timezone.now().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            s.page + "meeting/",
            {
                "topic": "Rural 5G pilots",
                "duration": "45",
                "time_zone": "Europe/Paris",
                "slot_1": f"{year}-03-02T10:00",
                "slot_2": "",
                "slot_3": f"{year}-03-03T15:30",
            },
        )
    assert response.status_code == 302
    meeting = MeetingRequest.objects.get()
    assert (meeting.visitor, meeting.topic, meeting.duration, meeting.time_zone, meeting.status) == (
        s.visitor,
        "Rural 5G pilots",
        45,
        "Europe/Paris",
        MeetingStatus.PENDING,
    )
    assert [slot.starts_at for slot in meeting.slots.all()] == [
        datetime(year, 3, 2, 9, 0, tzinfo=UTC),  # 10:00 in Paris in winter is 09:00 UTC
        datetime(year, 3, 3, 14, 30, tzinfo=UTC),
    ]
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([s.staff.email], "[Pavilion] New meeting request at Lotus Networks")
    ]
    assert published(broker, f"user:{s.staff.pk}")[0]["boothmeetings"]["added"]["topic"] == "Rural 5G pilots"
    assert published(broker, s.topic) == []
    # Staff see each proposed time in the event's zone, their own and the visitor's.
    staff = Client()
    staff.force_login(s.staff)
    staff.cookies["pavilion_tz"] = "America/New_York"
    detail = staff.get(s.desk + f"meetings/{meeting.pk}/").content.decode()
    assert '16:00 <span class="tz">(Ho Chi Minh City, UTC+7)</span>' in detail
    assert '04:00 <span class="tz">(New York, UTC-5)</span>' in detail
    assert '10:00 <span class="tz">(Paris, UTC+1)</span>' in detail


def test_proposed_times_are_checked() -> None:
    s = stand()
    now = timezone.now()
    cases = [
        ([], {"slots": ["Propose one, two or three different times."]}),
        ([_next_year(1, day, 9) for day in (1, 2, 3, 4)], {"slots": ["Propose one, two or three different times."]}),
        ([now + timedelta(minutes=5)], {"slots": ["Propose times at least 15 minutes from now."]}),
        ([now + timedelta(days=400)], {"slots": ["Propose times within the next twelve months."]}),
    ]
    for slots, errors in cases:
        with pytest.raises(ValidationError) as refused:
            _request(s, slots=slots)
        assert refused.value.message_dict == errors
    with pytest.raises(ValidationError) as no_topic:
        _request(s, topic="  ")
    assert no_topic.value.message_dict == {"topic": ["Say what you would like to talk about."]}
    with pytest.raises(ValidationError):
        _request(s, time_zone="Mars/Olympus_Mons")
    with pytest.raises(PermissionDenied):
        _request(s, by=s.staff)
    assert MeetingRequest.objects.count() == 0
    assert MeetingSlot.objects.count() == 0


def test_accepting_mails_the_visitor_an_ics_and_shows_on_their_page(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    s = stand()
    meeting = _request(s)
    second = meeting.slots.order_by("starts_at")[1]
    staff = Client()
    staff.force_login(s.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            s.desk + f"meetings/{meeting.pk}/", {"decision": "accept", "slot": second.pk, "note": "Hall B, table 4"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.scheduled_at, meeting.decided_by) == (
        MeetingStatus.ACCEPTED,
        second.starts_at,
        s.staff,
    )
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([s.visitor.email], "[Pavilion] Lotus Networks accepted your meeting request")
    ]
    body = mail.outbox[0].body
    year = second.starts_at.year
    assert f"March 3, {year}, 15:30 (Paris, UTC+1)" in body
    assert "Note from the booth: Hall B, table 4" in body
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    entry = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert entry.decoded("dtstart") == second.starts_at
    assert entry.decoded("dtend") == second.starts_at + timedelta(minutes=30)
    assert str(entry["summary"]) == "Lotus Networks: Rural 5G pilots"
    visitor = Client()
    visitor.force_login(s.visitor)
    page = visitor.get(f"/en/events/{s.booth.event.slug}/exhibition/my-contacts/").content.decode()
    assert "Accepted" in page
    ics_url = f"/en/events/{s.booth.event.slug}/exhibition/my-contacts/meetings/{meeting.pk}/meeting.ics"
    assert ics_url in page
    download = visitor.get(ics_url)
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VEVENT" in download.content
    other = Client()
    other.force_login(s.other_visitor)
    assert other.get(ics_url).status_code == 404
    assert staff.get(s.desk + f"meetings/{meeting.pk}/meeting.ics").status_code == 200
    # Answered once: a second answer changes nothing.
    with pytest.raises(ValidationError):
        meetings.decline_meeting(meeting=meeting, by=s.staff)


def test_declining_with_a_note_mails_the_visitor(django_capture_on_commit_callbacks: Capture) -> None:
    s = stand()
    meeting = _request(s)
    with pytest.raises(PermissionDenied):
        meetings.decline_meeting(meeting=meeting, by=s.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.decline_meeting(meeting=meeting, by=s.staff, note="Our team is not in Europe then.")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.scheduled_at, meeting.decision_note) == (
        MeetingStatus.DECLINED,
        None,
        "Our team is not in Europe then.",
    )
    assert [(message.to, message.subject, message.attachments) for message in mail.outbox] == [
        ([s.visitor.email], "[Pavilion] Lotus Networks declined your meeting request", [])
    ]
    assert "Note from the booth: Our team is not in Europe then." in mail.outbox[0].body


def test_a_slot_of_another_request_cannot_be_accepted_and_accepting_needs_a_time() -> None:
    s = stand()
    meeting, other = _request(s), _request(s, by=s.other_visitor)
    with pytest.raises(ValidationError) as refused:
        meetings.accept_meeting(meeting=meeting, slot=other.slots.first(), by=s.staff)  # type: ignore[arg-type]
    assert refused.value.message_dict == {"slot": ["Choose one of the times the visitor proposed."]}
    staff = Client()
    staff.force_login(s.staff)
    response = staff.post(s.desk + f"meetings/{meeting.pk}/", {"decision": "accept"})
    assert response.status_code == 400
    assert "Choose the time you accept." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_only_the_booths_own_staff_see_its_meeting_requests() -> None:
    s = stand()
    meeting = _request(s)
    other_staff = UserFactory.create()
    BoothFactory.create(event=s.booth.event, staff=[other_staff])
    for outsider in (other_staff, s.organiser, s.visitor):
        client = Client()
        client.force_login(outsider)
        assert client.get(s.desk + "meetings/").status_code == 404
        assert client.get(s.desk + f"meetings/{meeting.pk}/").status_code == 404
        assert client.post(s.desk + f"meetings/{meeting.pk}/", {"decision": "decline"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING
