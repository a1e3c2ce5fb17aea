"""No double booking when two people act at the same instant (two threads, two database connections)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.events.models import Event
from pavilion.networking.booth_times import accept_time, request_at_times
from pavilion.networking.meetings import accept_meeting, request_meeting
from pavilion.networking.models import Meeting, MeetingPlace, MeetingSlot, MeetingStatus, ProposedTime, SlotHold
from tests.boothtalk.helpers import stand
from tests.factories import UserFactory
from tests.networking.conftest import listed, participant

pytestmark = pytest.mark.django_db(transaction=True)


def at_the_same_instant(*actions: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run each action in its own thread (its own connection), released together by a barrier."""
    if connection.vendor != "postgresql":
        # The CI's second pass runs the suite on SQLite, whose writers take turns by design.
        pytest.skip("two writers at the same instant need PostgreSQL (CI's first pass runs this)")
    barrier = threading.Barrier(len(actions))
    results: list[Any] = []
    refusals: list[BaseException] = []

    def run(action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(action())
        except ValidationError as error:
            refusals.append(error)
        except BaseException as error:  # anything else fails the test below
            refusals.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, refusals


def test_two_accepts_at_the_same_instant_never_share_the_last_place(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    MeetingPlace.objects.create(event=event, name="The only table")
    first = request_meeting(event=event, by=mai, invitee=olga, slot=slots[0], reason="5G")
    third, fourth = participant(event), participant(event)
    listed(event, third, slots=slots)
    listed(event, fourth, slots=slots)
    second = request_meeting(event=event, by=third, invitee=fourth, slot=slots[0], reason="Broadband")
    results, refusals = at_the_same_instant(
        lambda: accept_meeting(meeting=first, by=olga), lambda: accept_meeting(meeting=second, by=fourth)
    )
    assert len(results) == 1
    assert [type(error) for error in refusals] == [ValidationError]
    assert Meeting.objects.filter(slot=slots[0], status=MeetingStatus.ACCEPTED).count() == 1
    assert Meeting.objects.filter(slot=slots[0], status=MeetingStatus.PENDING).count() == 1


def test_two_requests_at_the_same_instant_hold_a_person_once(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    third = participant(event)
    listed(event, third, slots=slots)
    results, refusals = at_the_same_instant(
        lambda: request_meeting(event=event, by=mai, invitee=olga, slot=slots[0], reason="5G"),
        lambda: request_meeting(event=event, by=third, invitee=olga, slot=slots[0], reason="Training"),
    )
    assert len(results) == 1
    assert [type(error) for error in refusals] == [ValidationError]
    assert SlotHold.objects.filter(slot=slots[0], user=olga).count() == 1
    assert Meeting.objects.filter(slot=slots[0]).count() == 1


def test_the_same_request_accepted_twice_at_once_is_accepted_once(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    MeetingPlace.objects.create(event=event, name="Table 1")
    MeetingPlace.objects.create(event=event, name="Table 2")
    meeting = request_meeting(event=event, by=mai, invitee=olga, slot=slots[0], reason="5G")
    results, refusals = at_the_same_instant(
        lambda: accept_meeting(meeting=meeting, by=olga), lambda: accept_meeting(meeting=meeting, by=olga)
    )
    assert len(results) == 1
    assert [error.messages for error in refusals] == [["This request has been answered already."]]  # type: ignore[attr-defined]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED


def test_two_requests_for_a_booths_own_times_at_the_same_instant_hold_the_booth_once() -> None:
    s = stand()
    at = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    results, refusals = at_the_same_instant(
        lambda: request_at_times(booth=s.booth, by=s.visitor, reason="5G", times=[at], time_zone="UTC"),
        lambda: request_at_times(
            booth=s.booth, by=s.other_visitor, reason="Cables", times=[at + timedelta(minutes=10)], time_zone="UTC"
        ),
    )
    assert len(results) == 1
    assert [type(error) for error in refusals] == [ValidationError]
    assert Meeting.objects.filter(booth=s.booth, status=MeetingStatus.PENDING).count() == 1
    assert ProposedTime.objects.count() == 1


def test_two_staff_members_accepting_one_booth_request_at_the_same_instant_book_it_once() -> None:
    s = stand()
    colleague = UserFactory.create(full_name="Lê Thu Hà")
    s.booth.staff.add(colleague)
    at = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    meeting = request_at_times(
        booth=s.booth, by=s.visitor, reason="5G", times=[at, at + timedelta(hours=2)], time_zone="UTC"
    )
    results, refusals = at_the_same_instant(
        lambda: accept_time(meeting=meeting, by=s.staff, starts_at=at),
        lambda: accept_time(meeting=meeting, by=colleague, starts_at=at + timedelta(hours=2)),
    )
    assert len(results) == 1
    assert [type(error) for error in refusals] == [ValidationError]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    assert meeting.starts_at in (at, at + timedelta(hours=2))
    assert meeting.decided_by in (s.staff, colleague)
