"""Delegation lists follow each event's membership: ITU meetings take ITU Member States, APEC
meetings APEC's member economies ("Chinese Taipei" at APEC, never at ITU), SCO meetings the SCO's
member states; a new event takes ITU Member States until its organisers choose another list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pavilion.accreditation.services import submit_registration
from pavilion.demo import content, live_content
from pavilion.demo.services import load_demo
from pavilion.directory.memberships import APEC_ECONOMIES, SCO_MEMBERS, member_codes
from pavilion.events.models import Event
from tests.factories import CategoryFactory, EventFactory, UserFactory
from tests.organising.test_views import event_data, organiser_of

pytestmark = pytest.mark.django_db


def test_membership_lists() -> None:
    itu = member_codes("itu")
    assert itu is not None
    assert len(itu) == 194  # the 193 UN Member States and the Holy See
    assert {"VN", "KZ", "VA", "CH"} <= itu
    assert not {"TW", "HK", "MO", "PR", "GL"} & itu
    assert len(APEC_ECONOMIES) == 21
    assert {"TW", "HK", "VN", "RU"} <= APEC_ECONOMIES
    assert member_codes("sco") == SCO_MEMBERS == {"BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"}
    assert member_codes("") is None


def test_a_new_event_takes_itu_member_states_until_its_organisers_choose(client: Client) -> None:
    assert Event(slug="new").membership == "itu"
    event = EventFactory.create()
    CategoryFactory.create(event=event)
    client.force_login(UserFactory.create(country="TW"))
    page = client.get(f"/en/events/{event.slug}/registration/").content.decode()
    assert '<option value="TW"' not in page
    assert '<option value="CH">Switzerland</option>' in page


def test_registration_form_offers_the_events_own_delegations(client: Client) -> None:
    itu = EventFactory.create(membership="itu")
    apec = EventFactory.create(membership="apec")
    anyone = EventFactory.create(membership="")
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


def test_organisers_choose_the_membership_and_the_form_follows(client: Client) -> None:
    event = EventFactory.create(membership="itu")
    CategoryFactory.create(event=event)
    organiser_of(client, event)
    edit = client.get(f"/en/manage/{event.slug}/edit/").content.decode()
    assert '<option value="sco">SCO member states</option>' in edit
    assert '<option value="itu" selected>ITU Member States</option>' in edit
    data = event_data(membership="sco", ui_locales=["en", "ru"], is_published="on")
    del data["slug"]
    response = client.post(f"/en/manage/{event.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.membership == "sco"
    refused = client.post(f"/en/manage/{event.slug}/edit/", {**data, "membership": "g20"})
    assert refused.status_code == 400
    assert "Select a valid choice. g20 is not one of the available choices." in refused.content.decode()
    event.refresh_from_db()
    assert event.membership == "sco"
    client.force_login(UserFactory.create(country="KZ"))
    page = client.get(f"/ru/events/{event.slug}/registration/").content.decode()
    select = page[page.index('<select name="country"') : page.index("</select>", page.index('<select name="country"'))]
    assert select.count("<option value=") == 1 + 10  # "—" and the ten SCO members
    assert '<option value="KZ" selected>Казахстан</option>' in page
    assert '<option value="BY">Беларусь</option>' in page
    assert '<option value="VN">' not in page


def test_every_demo_event_follows_its_own_body(client: Client) -> None:
    load_demo(set_passwords=False)
    memberships = dict(Event.objects.values_list("slug", "membership"))
    slugs = [item["slug"] for item in content.EVENTS] + [live_content.LIVE_EVENT]
    assert {slug: memberships[slug] for slug in slugs} == {
        "itu-digital-world-2020": "itu",
        "apec-tel-45": "apec",
        "wtisd": "itu",
        live_content.LIVE_EVENT: "itu",
    }
    client.force_login(UserFactory.create(country="TW"))
    for slug in slugs:
        event = Event.objects.get(slug=slug)
        if not event.participant_categories.exists():
            CategoryFactory.create(event=event)
        page = client.get(f"/en/events/{slug}/registration/").content.decode()
        assert ('<option value="TW" selected>Chinese Taipei</option>' in page) == (slug == "apec-tel-45"), slug
