"""Exhibitors find "My booths" and visitors "My contacts and meetings" without typing an address
(issue 16, slip 6): from the profile, the event's pages and the exhibition."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from pavilion.boothtalk.models import ContactRequest
from pavilion.exhibition.models import BoothStatus
from tests.factories import BoothFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_staff_of_a_draft_booth_find_my_booths_on_profile_event_and_exhibition() -> None:
    event = EventFactory.create(name={"en": "Digital World"})
    staff = UserFactory.create()
    BoothFactory.create(event=event, status=BoothStatus.DRAFT, staff=[staff])
    client = _client(staff)
    my_booths = f'href="/en/events/{event.slug}/exhibition/my-booths/"'
    profile = client.get("/en/accounts/profile/").content.decode()
    assert f"<li><a {my_booths}>My booths</a> · Digital World</li>" in profile
    assert my_booths in client.get(f"/en/events/{event.slug}/").content.decode()
    assert my_booths in client.get(f"/en/events/{event.slug}/exhibition/").content.decode()


def test_people_who_staff_no_booth_see_no_my_booths_link() -> None:
    event = EventFactory.create()
    BoothFactory.create(event=event, staff=[UserFactory.create()])
    client = _client(UserFactory.create())
    assert "my-booths" not in client.get("/en/accounts/profile/").content.decode()
    assert "my-booths" not in client.get(f"/en/events/{event.slug}/").content.decode()
    assert "my-booths" not in Client().get(f"/en/events/{event.slug}/").content.decode()


def test_visitors_find_their_contacts_and_meetings_on_profile_and_exhibition() -> None:
    event = EventFactory.create(name={"en": "Digital World"})
    booth = BoothFactory.create(event=event)
    visitor = UserFactory.create()
    ContactRequest.objects.create(
        booth=booth, visitor=visitor, consent_text="I agree", consented_at=timezone.now(), language="en"
    )
    client = _client(visitor)
    my_contacts = f'href="/en/events/{event.slug}/exhibition/my-contacts/"'
    profile = client.get("/en/accounts/profile/").content.decode()
    assert f"<li><a {my_contacts}>My contacts and meetings</a> · Digital World</li>" in profile
    assert my_contacts in client.get(f"/en/events/{event.slug}/exhibition/").content.decode()
    # Someone who never talked with a booth gets no such link on the profile; anonymous visitors none at all.
    assert "my-contacts" not in _client(UserFactory.create()).get("/en/accounts/profile/").content.decode()
    assert "my-contacts" not in Client().get(f"/en/events/{event.slug}/exhibition/").content.decode()


def test_the_booth_pages_lead_to_its_surveys_and_mark_them_current_there() -> None:
    event = EventFactory.create()
    staff = UserFactory.create()
    booth = BoothFactory.create(event=event, staff=[staff])
    client = _client(staff)
    mine = f"/en/events/{event.slug}/exhibition/my-booths/{booth.slug}/"
    surveys = f'<a href="{mine}surveys/"'
    assert f"{surveys}>Surveys</a>" in client.get(mine).content.decode()
    assert f'{surveys} aria-current="page">Surveys</a>' in client.get(f"{mine}surveys/").content.decode()
