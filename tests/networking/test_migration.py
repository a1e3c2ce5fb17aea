"""networking 0004 carries boothtalk's meeting requests over to networking's meetings; boothtalk 0002 drops them."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pavilion.networking.models import Meeting, MeetingStatus
from tests.factories import BoothFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
UTC = zoneinfo.ZoneInfo("UTC")
BEFORE = [("networking", "0003_meetings_at_own_times"), ("boothtalk", "0001_initial")]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 10, day, hour, minute, tzinfo=UTC)


def test_migrating_forward_carries_every_request_with_its_fields_and_times() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    MeetingRequest = old.get_model("boothtalk", "MeetingRequest")
    OldSlot = old.get_model("boothtalk", "MeetingSlot")
    staff, visitor, other = UserFactory.create(), UserFactory.create(), UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    second_booth = BoothFactory.create(staff=[staff])
    rows = [
        # (booth, visitor, topic, duration, zone, status, scheduled_at, note, decided_by, decided_at, created, times)
        (
            booth.pk,
            visitor.pk,
            "Rural 5G",
            45,
            "Europe/Paris",
            "pending",
            None,
            "",
            None,
            None,
            _at(1, 8),
            [_at(5, 9), _at(6, 14, 30)],
        ),
        (
            booth.pk,
            other.pk,
            "Cables",
            30,
            "Asia/Almaty",
            "accepted",
            _at(7, 10),
            "Hall B",
            staff.pk,
            _at(2, 9),
            _at(1, 9),
            [_at(7, 10)],
        ),
        (
            second_booth.pk,
            visitor.pk,
            "Satellites",
            60,
            "UTC",
            "declined",
            None,
            "Not then",
            staff.pk,
            _at(3, 9),
            _at(2, 8),
            [_at(8, 9), _at(8, 11), _at(9, 9)],
        ),
    ]
    for booth_id, visitor_id, topic, duration, zone, status, scheduled, note, decider, decided, created, times in rows:
        request = MeetingRequest.objects.create(
            booth_id=booth_id,
            visitor_id=visitor_id,
            topic=topic,
            duration=duration,
            time_zone=zone,
            status=status,
            scheduled_at=scheduled,
            decision_note=note,
            decided_by_id=decider,
            decided_at=decided,
        )
        MeetingRequest.objects.filter(pk=request.pk).update(created_at=created)
        for time in times:
            OldSlot.objects.create(meeting=request, starts_at=time)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    carried = list(Meeting.objects.order_by("created_at"))
    assert len(carried) == len(rows) == 3
    for meeting, row in zip(carried, rows, strict=True):
        booth_id, visitor_id, topic, duration, zone, status, scheduled, note, decider, decided, created, times = row
        assert (
            meeting.event_id,
            meeting.booth_id,
            meeting.requester_id,
            meeting.invitee_id,
            meeting.slot_id,
            meeting.reason,
            meeting.length,
            meeting.time_zone,
            meeting.status,
            meeting.starts_at,
            meeting.note,
            meeting.decided_by_id,
            meeting.decided_at,
            meeting.created_at,
            meeting.awaiting_id,
        ) == (
            booth.event_id if booth_id == booth.pk else second_booth.event_id,
            booth_id,
            visitor_id,
            None,
            None,
            topic,
            duration,
            zone,
            status,
            scheduled,
            note,
            decider,
            decided,
            created,
            None,
        )
        assert [time.starts_at for time in meeting.proposed_times.all()] == times
    assert carried[1].status == MeetingStatus.ACCEPTED
    assert carried[1].begins_at == _at(7, 10)
    tables = connection.introspection.table_names()
    assert "boothtalk_meetingrequest" not in tables
    assert "boothtalk_meetingslot" not in tables
