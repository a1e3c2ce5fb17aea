from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.events.models import Event, Track
from pavilion.networking.meetings import accept_meeting, decline_meeting, open_request_cap, request_meeting
from pavilion.networking.models import (
    Meeting,
    MeetingPlace,
    MeetingSlot,
    MeetingStatus,
    NetworkingSettings,
    SlotHold,
)
from pavilion.networking.organiser import (
    draft_matches,
    networking_charts,
    open_slots,
    publish_drafts,
)
from tests.factories import UserFactory
from tests.networking.conftest import listed, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(event: Event) -> User:
    user = UserFactory.create()
    event.organising_team.add(user)
    return user


def test_open_slots_makes_a_series_and_keeps_existing(event: Event, organiser: User) -> None:
    start = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    assert open_slots(event=event, by=organiser, starts_at=start, ends_at=start + timedelta(minutes=70), length=20) == 3
    assert open_slots(event=event, by=organiser, starts_at=start, ends_at=start + timedelta(minutes=40), length=20) == 0
    assert [slot.length for slot in MeetingSlot.objects.filter(event=event)] == [20, 20, 20]
    with pytest.raises(PermissionDenied):
        open_slots(event=event, by=participant(event), starts_at=start, ends_at=start + timedelta(hours=1), length=15)


def test_matching_pass_drafts_without_double_booking_then_publishes(
    event: Event, organiser: User, themes: dict[str, Track], slots: list[MeetingSlot]
) -> None:
    MeetingPlace.objects.create(event=event, name="Table 1", position=0)
    MeetingPlace.objects.create(event=event, name="Table 2", position=1)
    people = []
    for index in range(5):
        person = participant(event, full_name=f"Person {index}")
        offers = ["capacity_building"] if index % 2 else []
        seeks = [] if index % 2 else ["capacity_building"]
        listed(event, person, themes=[themes["5g"]], offers=offers, seeks=seeks, slots=slots)
        people.append(person)
    drafts = draft_matches(event=event, by=organiser)
    assert len(drafts) >= 4
    assert SlotHold.objects.count() == 0  # nothing is booked by a draft
    per_person_slot = Counter(
        (person, draft.slot_id) for draft in drafts for person in (draft.requester_id, draft.invitee_id)
    )
    assert max(per_person_slot.values()) == 1
    per_place_slot = Counter((draft.place_id, draft.slot_id) for draft in drafts)
    assert max(per_place_slot.values()) == 1
    # Complementary pairs (one offers what the other seeks) come first.
    first = drafts[0]
    assert "you offer, they seek: Capacity building" in first.reason or "they offer, you seek" in first.reason
    result = publish_drafts(event=event, by=organiser)
    assert (result.published, result.dropped) == (len(drafts), 0)
    assert Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED).count() == len(drafts)
    assert SlotHold.objects.count() == 2 * len(drafts)


def test_publishing_drops_a_draft_whose_slot_was_taken_meanwhile(
    event: Event, organiser: User, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    drafts = draft_matches(event=event, by=organiser)
    assert [(draft.requester, draft.invitee, draft.slot) for draft in drafts] == [(mai, olga, slots[0])]
    third = participant(event)
    listed(event, third, slots=slots)
    request_meeting(event=event, by=third, invitee=olga, slot=slots[0], reason="Earlier")
    result = publish_drafts(event=event, by=organiser)
    assert (result.published, result.dropped) == (0, 1)
    assert not Meeting.objects.filter(status=MeetingStatus.DRAFT).exists()


def test_matching_pass_refused_to_participants(event: Event, mai: User) -> None:
    with pytest.raises(PermissionDenied):
        draft_matches(event=event, by=mai)


def test_drafts_are_not_shown_to_participants(
    client: Client, event: Event, organiser: User, mai: User, olga: User
) -> None:
    draft_matches(event=event, by=organiser)
    client.force_login(mai)
    page = client.get(reverse("networking:meetings", kwargs={"event_slug": event.slug}))
    assert "Olga Petrova" not in page.content.decode()


def test_figures_count_requests_acceptance_and_countries(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    accepted = accept_meeting(
        meeting=request_meeting(event=event, by=mai, invitee=olga, slot=slots[0], reason="5G"), by=olga
    )
    decline_meeting(meeting=request_meeting(event=event, by=olga, invitee=mai, slot=slots[1], reason="x"), by=mai)
    request_meeting(event=event, by=mai, invitee=olga, slot=slots[2], reason="Later")
    assert accepted.slot_id is not None
    MeetingSlot.objects.filter(pk=accepted.slot_id).update(starts_at=timezone.now() - timedelta(minutes=5))
    charts = {chart.slug: chart.rows for chart in networking_charts(event=event)}
    assert charts["meeting-requests"] == [
        ("Waiting for an answer", 1),
        ("Accepted", 1),
        ("Declined", 1),
        ("Cancelled", 0),
    ]
    assert charts["meeting-acceptance"] == [("Accepted", 50), ("Declined", 50)]
    assert charts["meetings-country"] == [("Kazakhstan", 1), ("Viet Nam", 1)]


def test_figures_csv_is_for_organisers_only(client: Client, event: Event, organiser: User, mai: User) -> None:
    url = reverse("networking_manage:export", kwargs={"slug": event.slug, "chart_slug": "meeting-requests"})
    client.force_login(mai)
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Status,Meetings",
        "Waiting for an answer,0",
        "Accepted,0",
        "Declined,0",
        "Cancelled,0",
    ]


def test_organiser_page_opens_slots_and_places(client: Client, event: Event, organiser: User) -> None:
    client.force_login(organiser)
    page = reverse("networking_manage:index", kwargs={"slug": event.slug})
    assert client.get(page).status_code == 200
    response = client.post(
        reverse("networking_manage:add_place", kwargs={"slug": event.slug}),
        {"name": "Virtual room A", "kind": "virtual", "video_url": "https://meet.example.org/a"},
    )
    assert response.status_code == 302
    assert MeetingPlace.objects.get(event=event).video_url == "https://meet.example.org/a"
    response = client.post(
        reverse("networking_manage:add_slots", kwargs={"slug": event.slug}),
        {"starts_at": "2030-10-20T14:00", "ends_at": "2030-10-20T15:00", "length": "15"},
    )
    assert response.status_code == 302
    times = [f"{slot.starts_at:%H:%M}" for slot in MeetingSlot.objects.filter(event=event)]
    assert times == ["07:00", "07:15", "07:30", "07:45"]  # 14:00 in Ho Chi Minh City is 07:00 UTC


def test_organisers_set_the_cap_of_requests_waiting_and_nobody_else(
    client: Client, event: Event, organiser: User, mai: User
) -> None:
    url = reverse("networking_manage:set_request_cap", kwargs={"slug": event.slug})
    client.force_login(mai)
    assert client.post(url, {"max_open_requests": "9"}).status_code == 404
    assert not NetworkingSettings.objects.exists()
    client.force_login(organiser)
    page = client.get(reverse("networking_manage:index", kwargs={"slug": event.slug})).content.decode()
    assert 'name="max_open_requests" value="5"' in page
    refused = client.post(url, {"max_open_requests": "0"})
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in refused.content.decode()
    assert client.post(url, {"max_open_requests": "51"}).status_code == 400
    assert not NetworkingSettings.objects.exists()
    assert client.post(url, {"max_open_requests": "2"}).status_code == 302
    assert client.post(url, {"max_open_requests": "3"}).status_code == 302
    assert list(NetworkingSettings.objects.values_list("event_id", "max_open_requests")) == [(event.pk, 3)]
    assert open_request_cap(event=event) == 3
