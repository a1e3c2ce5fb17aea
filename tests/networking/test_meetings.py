from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.events.models import Event
from pavilion.events.services import calendar_token_for
from pavilion.networking.matching import mark_not_interested
from pavilion.networking.meetings import (
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    free_slots,
    open_request_cap,
    propose_slot,
    request_meeting,
)
from pavilion.networking.models import (
    DEFAULT_MAX_OPEN_REQUESTS,
    Meeting,
    MeetingPlace,
    MeetingSlot,
    MeetingStatus,
    SlotHold,
)
from pavilion.networking.organiser import set_open_request_cap
from tests.factories import EventFactory
from tests.networking.conftest import listed, participant

pytestmark = pytest.mark.django_db


def ask(event: Event, by: User, invitee: User, slot: MeetingSlot, reason: str = "5G rollout") -> Meeting:
    return request_meeting(event=event, by=by, invitee=invitee, slot=slot, reason=reason)


def test_request_holds_the_slot_for_both_and_mails_the_invitee(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting = ask(event, mai, olga, slots[0])
    assert meeting.status == MeetingStatus.PENDING
    assert meeting.awaiting == olga
    assert sorted(SlotHold.objects.filter(slot=slots[0]).values_list("user_id", flat=True)) == sorted([mai.pk, olga.pk])
    assert [message.to for message in mail.outbox] == [[olga.email]]
    assert "Nguyễn Thị Mai" in mail.outbox[0].subject
    third = participant(event, full_name="Third")
    listed(event, third, slots=slots)
    with pytest.raises(ValidationError) as refused:
        ask(event, third, olga, slots[0])  # the pending request blocks the slot on Olga's side
    assert refused.value.message_dict["slot"] == [
        "One of you already has a meeting or a request in this slot; choose another."
    ]
    with pytest.raises(ValidationError):
        ask(event, third, mai, slots[0])  # ... and on Mai's
    assert [slot.pk for slot in free_slots(event=event, requester=third, invitee=olga)] == [slots[1].pk, slots[2].pk]


def test_request_needs_both_available_and_listed(event: Event, mai: User, olga: User, slots: list[MeetingSlot]) -> None:
    busy = participant(event)
    listed(event, busy, slots=[slots[1]])
    with pytest.raises(ValidationError) as refused:
        ask(event, mai, busy, slots[0])
    assert refused.value.message_dict["slot"] == ["This participant is not available in this slot."]
    quiet = participant(event)
    with pytest.raises(ValidationError):
        ask(event, mai, quiet, slots[0])
    assert not SlotHold.objects.exists()


def test_request_refused_for_a_slot_already_begun(event: Event, mai: User, olga: User) -> None:
    past = MeetingSlot.objects.create(event=event, starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError) as refused:
        ask(event, mai, olga, past)
    assert refused.value.message_dict["slot"] == ["This slot has already begun; choose a later one."]


def test_request_refused_to_a_pair_marked_not_interested(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    mark_not_interested(event=event, by=olga, other_id=mai.pk)
    with pytest.raises(ValidationError):
        ask(event, mai, olga, slots[0])


def test_request_refused_to_someone_outside_the_event(event: Event, olga: User, slots: list[MeetingSlot]) -> None:
    from tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        ask(event, UserFactory.create(), olga, slots[0])


def _crowd(event: Event, requester: User, count: int) -> tuple[list[MeetingSlot], list[User]]:
    start = timezone.now() + timedelta(days=3)
    many = [MeetingSlot.objects.create(event=event, starts_at=start + timedelta(hours=i)) for i in range(count)]
    listed(event, requester, slots=many)
    people = []
    for index in range(count):
        person = participant(event, full_name=f"Person {index}")
        listed(event, person, slots=many)
        people.append(person)
    return many, people


def test_open_requests_are_capped_per_person(event: Event, mai: User) -> None:
    many, people = _crowd(event, mai, DEFAULT_MAX_OPEN_REQUESTS + 1)
    for index in range(DEFAULT_MAX_OPEN_REQUESTS):
        ask(event, mai, people[index], many[index])
    with pytest.raises(ValidationError) as refused:
        ask(event, mai, people[-1], many[-1])
    assert refused.value.messages == ["You have 5 requests waiting for an answer; wait for one or withdraw one first."]


def test_the_cap_is_the_events_own_when_its_organisers_set_one(event: Event, mai: User) -> None:
    organiser = participant(event)
    event.organising_team.add(organiser)
    with pytest.raises(PermissionDenied):
        set_open_request_cap(event=event, by=mai, cap=1)
    with pytest.raises(ValidationError):
        set_open_request_cap(event=event, by=organiser, cap=0)
    set_open_request_cap(event=event, by=organiser, cap=2)
    many, people = _crowd(event, mai, 3)
    ask(event, mai, people[0], many[0])
    ask(event, mai, people[1], many[1])
    with pytest.raises(ValidationError) as refused:
        ask(event, mai, people[2], many[2])
    assert refused.value.messages == ["You have 2 requests waiting for an answer; wait for one or withdraw one first."]
    set_open_request_cap(event=event, by=organiser, cap=3)
    assert ask(event, mai, people[2], many[2]).status == MeetingStatus.PENDING
    other = EventFactory.create(is_published=True)
    assert open_request_cap(event=other) == DEFAULT_MAX_OPEN_REQUESTS


def test_accept_assigns_a_free_place_and_mails_both_with_the_meeting(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot], django_capture_on_commit_callbacks: Any
) -> None:
    table = MeetingPlace.objects.create(event=event, name="Table 1", position=0)
    meeting = ask(event, mai, olga, slots[0])
    with pytest.raises(ValidationError):
        accept_meeting(meeting=meeting, by=mai)  # the requester does not answer their own request
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accept_meeting(meeting=meeting, by=olga)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.place) == (MeetingStatus.ACCEPTED, table)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([mai.email, olga.email])
    attachment = mail.outbox[0].attachments[0]
    calendar = icalendar.Calendar.from_ical(attachment[1])
    assert [str(entry["LOCATION"]) for entry in calendar.events] == ["Table 1"]


def test_accept_refused_when_no_place_is_free(event: Event, mai: User, olga: User, slots: list[MeetingSlot]) -> None:
    MeetingPlace.objects.create(event=event, name="Table 1")
    first = ask(event, mai, olga, slots[0])
    other_a, other_b = participant(event), participant(event)
    listed(event, other_a, slots=slots)
    listed(event, other_b, slots=slots)
    second = ask(event, other_a, other_b, slots[0])
    accept_meeting(meeting=first, by=olga)
    with pytest.raises(ValidationError) as refused:
        accept_meeting(meeting=second, by=other_b)
    assert refused.value.messages == ["No meeting place is free in this slot any more; propose another slot."]
    second.refresh_from_db()
    assert second.status == MeetingStatus.PENDING


def test_decline_frees_the_slot_for_both(event: Event, mai: User, olga: User, slots: list[MeetingSlot]) -> None:
    meeting = ask(event, mai, olga, slots[0])
    stranger = participant(event)
    with pytest.raises(PermissionDenied):
        decline_meeting(meeting=meeting, by=stranger)
    decline_meeting(meeting=meeting, by=olga)
    assert not SlotHold.objects.exists()
    assert ask(event, olga, mai, slots[0]).status == MeetingStatus.PENDING


def test_propose_moves_the_slot_and_turns_the_answer_round(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    meeting = ask(event, mai, olga, slots[0])
    with pytest.raises(ValidationError):
        propose_slot(meeting=meeting, by=mai, slot=slots[1])  # not Mai's turn
    propose_slot(meeting=meeting, by=olga, slot=slots[1])
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.awaiting) == (slots[1], mai)
    assert set(SlotHold.objects.values_list("slot_id", flat=True)) == {slots[1].pk}
    accept_meeting(meeting=meeting, by=mai)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED


def test_cancel_by_either_side_frees_slot_and_place(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    MeetingPlace.objects.create(event=event, name="Table 1")
    meeting = accept_meeting(meeting=ask(event, mai, olga, slots[0]), by=olga)
    cancel_meeting(meeting=meeting, by=mai)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.place) == (MeetingStatus.CANCELLED, None)
    assert not SlotHold.objects.exists()


def test_accepted_meeting_appears_in_agenda_page_and_feed_of_both_only(
    client: Client, event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    MeetingPlace.objects.create(event=event, name="Table 7")
    meeting = accept_meeting(meeting=ask(event, mai, olga, slots[0]), by=olga)
    outsider = participant(event)
    for person, other in ((mai, "Olga Petrova"), (olga, "Nguyễn Thị Mai")):
        client.force_login(person)
        page = client.get(reverse("events:agenda", kwargs={"slug": event.slug}))
        assert f"Meeting with {other}" in page.content.decode()
        feed = client.get(reverse("calendar:agenda_feed", kwargs={"token": calendar_token_for(user=person)}))
        calendar = icalendar.Calendar.from_ical(feed.content)
        entries = [entry for entry in calendar.events if str(entry["UID"]) == f"meeting-{meeting.pk}@pavilion"]
        assert [(str(entry["SUMMARY"]), str(entry["LOCATION"])) for entry in entries] == [
            (f"Meeting with {other}", "Table 7")
        ]
    feed = client.get(reverse("calendar:agenda_feed", kwargs={"token": calendar_token_for(user=outsider)}))
    assert b"meeting-" not in feed.content


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_feed_query_count_does_not_grow_with_meetings(
    client: Client, event: Event, mai: User, slots: list[MeetingSlot], count: int
) -> None:
    for index in range(count):
        person = participant(event)
        listed(event, person, slots=slots)
        accept_meeting(meeting=ask(event, mai, person, slots[index]), by=person)
    url = reverse("calendar:agenda_feed", kwargs={"token": calendar_token_for(user=mai)})
    with CaptureQueriesContext(connection) as queries:
        feed = client.get(url)
    assert feed.content.count(b"BEGIN:VEVENT") == count
    assert len(queries) == 3  # the token and its owner, the events they may see, the meetings
