from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.events.models import Event, Track
from pavilion.networking.meetings import request_meeting
from pavilion.networking.models import Meeting, MeetingSlot, MeetingStatus, NetworkingProfile
from tests.factories import RegistrationFactory, UserFactory
from tests.networking.conftest import participant

pytestmark = pytest.mark.django_db

API = "/api/v1"


def url(name: str, event: Event, **kwargs: object) -> str:
    return reverse(f"networking:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def quiet(event: Event) -> User:
    """A participant who never opted in."""
    return participant(event, full_name="Quiet Delegate", job_title="Hidden Director")


def test_directory_page_sends_signed_out_visitors_to_sign_in(client: Client, event: Event) -> None:
    response = client.get(url("directory", event))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_directory_page_and_api_refused_to_non_participants(client: Client, event: Event, mai: User) -> None:
    stranger = UserFactory.create()
    pending = UserFactory.create()
    RegistrationFactory.create(event=event, user=pending, status="pending")
    for person in (stranger, pending):
        client.force_login(person)
        assert client.get(url("directory", event)).status_code == 403
        assert client.get(url("recommendations", event)).status_code == 403
        assert client.get(f"{API}/events/{event.slug}/directory/").status_code == 403
        assert client.get(f"{API}/events/{event.slug}/me/meetings/").status_code == 403
        page = client.get(reverse("events:detail", kwargs={"slug": event.slug}))
        assert url("directory", event) not in page.content.decode()  # no navigation link either


def test_directory_api_signed_out_is_a_401(client: Client, event: Event) -> None:
    assert client.get(f"{API}/events/{event.slug}/directory/").status_code == 401


def test_directory_page_shows_listed_people_and_nothing_of_the_others(
    client: Client, event: Event, mai: User, olga: User, quiet: User
) -> None:
    client.force_login(quiet)
    page = client.get(url("directory", event)).content.decode()
    assert "Olga Petrova" in page
    assert "Nguyễn Thị Mai" in page
    assert "Quiet Delegate" not in page
    assert "Hidden Director" not in page
    assert url("directory", event) in client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()


def test_directory_api_gives_shown_fields_only(client: Client, event: Event, mai: User, quiet: User) -> None:
    NetworkingProfile.objects.filter(user=mai).update(shown_fields=["function"])
    client.force_login(quiet)
    response = client.get(f"{API}/events/{event.slug}/directory/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "name": "",
            "participants": [
                {
                    "id": mai.pk,
                    "name": "Nguyễn Thị Mai",
                    "position": "",
                    "organisation": "",
                    "organisation_kind": "",
                    "country": "",
                    "function": "vice_minister",
                    "is_head_of_delegation": False,
                    "themes": ["5G policy", "Broadband"],
                    "seeks": ["capacity_building", "investment"],
                    "offers": ["cooperation"],
                }
            ],
        }
    ]
    assert client.get(f"{API}/events/{event.slug}/directory/", {"country": "VN"}).json() == []


def test_profile_page_opts_in_with_consent(
    client: Client, event: Event, quiet: User, themes: dict[str, Track], slots: list[MeetingSlot]
) -> None:
    client.force_login(quiet)
    response = client.post(
        url("profile", event),
        {
            "is_listed": "on",
            "shown_fields": ["country"],
            "themes": [themes["cyber"].pk],
            "seeks": ["investment"],
            "offers": ["procurement"],
            "available_slots": [slots[0].pk],
        },
    )
    assert response.status_code == 302
    profile = NetworkingProfile.objects.get(user=quiet)
    assert (profile.is_listed, profile.shown_fields, profile.seeks, profile.offers) == (
        True,
        ["country"],
        ["investment"],
        ["procurement"],
    )
    assert profile.consented_at is not None
    assert list(profile.available_slots.all()) == [slots[0]]


def test_request_and_accept_through_the_pages(
    client: Client, event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    client.force_login(mai)
    form = client.get(url("request", event, user_id=olga.pk))
    assert form.status_code == 200
    response = client.post(url("request", event, user_id=olga.pk), {"slot": slots[1].pk, "reason": "Rural 5G"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.slot, meeting.reason, meeting.status) == (slots[1], "Rural 5G", MeetingStatus.PENDING)
    # Mai cannot accept her own request; a stranger cannot even see it.
    client.post(url("accept", event, meeting_id=meeting.pk))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING
    other = participant(event)
    client.force_login(other)
    assert client.post(url("accept", event, meeting_id=meeting.pk)).status_code == 404
    client.force_login(olga)
    assert "Rural 5G" in client.get(url("meetings", event)).content.decode()
    assert client.post(url("accept", event, meeting_id=meeting.pk)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    mine = client.get(f"{API}/events/{event.slug}/me/meetings/").json()
    assert [(item["status"], item["with_name"], item["must_answer"]) for item in mine] == [
        ("accepted", "Nguyễn Thị Mai", False)
    ]


def test_request_page_for_someone_not_listed_is_a_404(client: Client, event: Event, mai: User, quiet: User) -> None:
    client.force_login(mai)
    assert client.get(url("request", event, user_id=quiet.pk)).status_code == 404


def test_recommendations_page_gives_reasons_and_not_interested_hides(
    client: Client, event: Event, mai: User, olga: User
) -> None:
    client.force_login(mai)
    page = client.get(url("recommendations", event)).content.decode()
    assert "you offer, they seek: Cooperation" in page
    client.post(url("not_interested", event, user_id=olga.pk))
    client.force_login(olga)
    assert "Nguyễn Thị Mai" not in client.get(url("recommendations", event)).content.decode()


def test_meetings_api_lists_only_the_callers(event: Event, mai: User, olga: User, slots: list[MeetingSlot]) -> None:
    request_meeting(event=event, by=mai, invitee=olga, slot=slots[0], reason="5G")
    client = Client()
    client.force_login(participant(event))
    assert client.get(f"{API}/events/{event.slug}/me/meetings/").json() == []
    client.force_login(olga)
    assert [item["must_answer"] for item in client.get(f"{API}/events/{event.slug}/me/meetings/").json()] == [True]


def test_personal_data_has_the_directory_entry_and_meetings(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    from pavilion.accounts.privacy import personal_data

    request_meeting(event=event, by=mai, invitee=olga, slot=slots[0], reason="5G")
    part = personal_data(user=mai)["networking"]
    assert [(entry["event__slug"], entry["is_listed"], entry["themes"]) for entry in part["directory_entries"]] == [
        (event.slug, True, ["5g", "broadband"])
    ]
    assert [(row["invitee__email"], row["status"]) for row in part["meetings"]] == [(olga.email, "pending")]


def test_not_interested_in_an_unknown_or_unlisted_id_changes_nothing(
    client: Client, event: Event, mai: User, quiet: User
) -> None:
    from pavilion.networking.models import NotInterested

    client.force_login(mai)
    for other in (quiet.pk, 999_999):
        assert client.post(url("not_interested", event, user_id=other)).status_code == 302
    assert not NotInterested.objects.exists()


def test_meetings_page_follows_the_persons_own_topic(client: Client, event: Event, olga: User) -> None:
    client.force_login(olga)
    page = client.get(url("meetings", event)).content.decode()
    assert f'<div id="meetings-live" data-user-id="{olga.pk}" data-event-id="{event.pk}">' in page
    assert "build/live.js" in page
    assert "build/networking.js" in page
