"""Delegation lists follow each event's membership: ITU meetings take ITU Member States, APEC
meetings APEC's member economies ("Chinese Taipei" at APEC, never at ITU)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pavilion.accreditation.services import submit_registration
from pavilion.directory.memberships import APEC_ECONOMIES, member_codes
from tests.factories import CategoryFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_membership_lists() -> None:
    itu = member_codes("itu")
    assert itu is not None
    assert len(itu) == 194  # the 193 UN Member States and the Holy See
    assert {"VN", "KZ", "VA", "CH"} <= itu
    assert not {"TW", "HK", "MO", "PR", "GL"} & itu
    assert len(APEC_ECONOMIES) == 21
    assert {"TW", "HK", "VN", "RU"} <= APEC_ECONOMIES
    assert member_codes("") is None


def test_registration_form_offers_the_events_own_delegations(client: Client) -> None:
    itu = EventFactory.create(membership="itu")
    apec = EventFactory.create(membership="apec")
    anyone = EventFactory.create()
    for event in (itu, apec, anyone):
        CategoryFactory.create(event=event)
    client.force_login(UserFactory.create(country="TW"))
    pages = {
        name: client.get(f"/en/events/{event.slug}/registration/").content.decode()
        for name, event in [("itu", itu), ("apec", apec), ("anyone", anyone)]
    }
    assert '<option value="TW">Chinese Taipei</option>' not in pages["itu"]
    assert '<option value="VN">Viet Nam</option>' in pages["itu"]
    assert '<option value="TW" selected>Chinese Taipei</option>' in pages["apec"]
    assert '<option value="KZ">Kazakhstan</option>' not in pages["apec"]
    assert '<option value="TW" selected>Chinese Taipei</option>' in pages["anyone"]


def test_a_delegation_outside_the_membership_is_refused_at_every_door(client: Client) -> None:
    itu = EventFactory.create(membership="itu")
    category = CategoryFactory.create(event=itu)
    with pytest.raises(ValidationError) as refused:
        submit_registration(event=itu, user=UserFactory.create(), category=category, country="TW")
    assert refused.value.message_dict == {
        "country": ["This event takes the delegations of its members only; choose one of them."]
    }
    client.force_login(UserFactory.create())
    response = client.post(
        f"/en/events/{itu.slug}/registration/",
        {"category": category.pk, "delegation": "country", "country": "TW", "function": "delegate"},
    )
    assert response.status_code == 400
    assert "Select a valid choice. TW is not one of the available choices." in response.content.decode()
    assert itu.registrations.count() == 0
    registration = submit_registration(event=itu, user=UserFactory.create(), category=category, country="VN")
    assert registration.country == "VN"
