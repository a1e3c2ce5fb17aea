from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.events.models import Event, Track
from pavilion.events.services import calendar_token_for
from pavilion.exhibition.models import Booth
from pavilion.networking.booths import booths_taking_requests, save_booth_interests
from pavilion.networking.meetings import accept_meeting, request_meeting
from pavilion.networking.models import MeetingSlot, MeetingStatus
from tests.factories import BoothFactory, UserFactory
from tests.networking.conftest import listed, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(event: Event) -> User:
    return UserFactory.create(full_name="Daniel Okafor")


@pytest.fixture
def booth(event: Event, staff: User, themes: dict[str, Track]) -> Booth:
    booth = BoothFactory.create(event=event, staff=[staff], name={"en": "Mekong Telecom"})
    save_booth_interests(booth=booth, by=staff, accepts_meetings=True, themes=[themes["5g"]], offers=["investment"])
    return booth


def test_booth_interests_set_by_its_staff_only(event: Event, booth: Booth, mai: User) -> None:
    with pytest.raises(PermissionDenied):
        save_booth_interests(booth=booth, by=mai, accepts_meetings=False)


def test_booths_ranked_by_fit_with_reasons(event: Event, booth: Booth, mai: User) -> None:
    found = booths_taking_requests(event=event, by=mai)
    assert [(item.name, item.fit.reason_text) for item in found] == [
        ("Mekong Telecom", "shared themes: 5G policy; they offer, you seek: Investment")
    ]


def test_booth_not_taking_requests_is_not_offered_and_refuses(
    event: Event, booth: Booth, staff: User, mai: User, slots: list[MeetingSlot]
) -> None:
    save_booth_interests(booth=booth, by=staff, accepts_meetings=False)
    assert booths_taking_requests(event=event, by=mai) == []
    with pytest.raises(ValidationError):
        request_meeting(event=event, by=mai, booth=booth, slot=slots[0], reason="5G")


def test_booth_meeting_holds_the_booth_once_per_slot_and_staff_answer(
    client: Client, event: Event, booth: Booth, staff: User, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    meeting = request_meeting(event=event, by=mai, booth=booth, slot=slots[0], reason="Private 5G")
    with pytest.raises(ValidationError):
        request_meeting(event=event, by=olga, booth=booth, slot=slots[0], reason="Also 5G")
    with pytest.raises(ValidationError):
        accept_meeting(meeting=meeting, by=mai)  # not the requester's to answer
    with pytest.raises(PermissionDenied):
        accept_meeting(meeting=meeting, by=olga)  # nor a stranger's
    # The staff member has no registration of his own, yet answers for the booth on the pages.
    client.force_login(staff)
    page = client.get(reverse("networking:meetings", kwargs={"event_slug": event.slug}))
    assert "Private 5G" in page.content.decode()
    assert client.get(reverse("networking:directory", kwargs={"event_slug": event.slug})).status_code == 403
    response = client.post(reverse("networking:accept", kwargs={"event_slug": event.slug, "meeting_id": meeting.pk}))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    feed = client.get(reverse("calendar:agenda_feed", kwargs={"token": calendar_token_for(user=staff)}))
    assert "Meeting with Nguyễn Thị Mai" in feed.content.decode()
    client.force_login(mai)
    feed = client.get(reverse("calendar:agenda_feed", kwargs={"token": calendar_token_for(user=mai)}))
    assert "Meeting with Mekong Telecom" in feed.content.decode()


def test_booth_request_through_the_page(
    client: Client, event: Event, booth: Booth, mai: User, slots: list[MeetingSlot]
) -> None:
    client.force_login(mai)
    assert (
        "Mekong Telecom" in client.get(reverse("networking:booths", kwargs={"event_slug": event.slug})).content.decode()
    )
    url = reverse("networking:request_booth", kwargs={"event_slug": event.slug, "booth_slug": booth.slug})
    response = client.post(url, {"slot": slots[2].pk, "reason": "Rural coverage"})
    assert response.status_code == 302
    assert booth.networking_meetings.get().slot == slots[2]


def test_booth_settings_page_is_for_its_staff(client: Client, event: Event, booth: Booth, staff: User) -> None:
    url = reverse("networking:booth_settings", kwargs={"event_slug": event.slug, "booth_slug": booth.slug})
    other = participant(event)
    listed(event, other)
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.post(url, {"seeks": ["partnership"]}).status_code == 302
    booth.networking.refresh_from_db()
    assert (booth.networking.accepts_meetings, booth.networking.seeks) == (False, ["partnership"])


def test_booth_staff_without_registration_find_their_meetings_from_the_event(
    client: Client, event: Event, booth: Booth, staff: User, mai: User
) -> None:
    meetings_url = reverse("networking:meetings", kwargs={"event_slug": event.slug})
    client.force_login(staff)
    assert meetings_url in client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
    client.force_login(mai)  # a participant reaches it through "Meet participants" instead
    page = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
    assert "Meetings at my booth" not in page


def test_booth_page_offers_a_slot_to_participants_only(
    client: Client, event: Event, booth: Booth, staff: User, mai: User
) -> None:
    page_url = reverse("exhibition:booth", kwargs={"event_slug": event.slug, "booth_slug": booth.slug})
    request_url = reverse("networking:request_booth", kwargs={"event_slug": event.slug, "booth_slug": booth.slug})
    assert "Meet the booth in a meeting slot" not in client.get(page_url).content.decode()  # signed out
    client.force_login(UserFactory.create())  # no registration
    assert "Meet the booth in a meeting slot" not in client.get(page_url).content.decode()
    unlisted = participant(event)
    client.force_login(unlisted)
    page = client.get(page_url).content.decode()
    assert "Join the event's directory to ask for a meeting slot." in page
    assert request_url not in page
    client.force_login(mai)
    assert request_url in client.get(page_url).content.decode()
    save_booth_interests(booth=booth, by=staff, accepts_meetings=False)
    assert request_url not in client.get(page_url).content.decode()
