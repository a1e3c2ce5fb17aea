"""Delegation lists follow each event's membership: ITU meetings take ITU Member States, APEC
meetings APEC's member economies ("Chinese Taipei" at APEC, never at ITU), SCO meetings the SCO's
member states; a new event takes ITU Member States until its organisers choose another list."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pavilion.accreditation.services import submit_registration
from pavilion.demo import content, live_content
from pavilion.demo.services import load_demo
from pavilion.directory.memberships import APEC_ECONOMIES, SCO_MEMBERS, member_codes
from pavilion.events.models import Event
from pavilion.organising.forms import EventForm
from pavilion.programmes.models import Membership as ProgrammeMembership
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, UserFactory
from tests.organising.test_views import event_data, organiser_of
from tests.programmes.factories import ProgrammeFactory, add_meeting

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
        {"category": category.pk, "delegation_kind": "country", "country": "TW", "function": "delegate"},
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
    # The Turkmenistan-ITU work plan reviews take the members of their programme: Turkmenistan.
    for slug in ("tkm-itu-review-2022-q2", "tkm-itu-review-2022-q4"):
        event = Event.objects.get(slug=slug)
        assert event.membership == "programme"
        event.full_clean()  # a meeting of a programme with member countries may take this list
        CategoryFactory.create(event=event)
        assert _country_options(client.get(f"/en/events/{slug}/registration/").content.decode()) == ["TM"]


def _country_options(page: str) -> list[str]:
    start = page.index('<select name="country"')
    select = page[start : page.index("</select>", start)]
    return re.findall(r'<option value="([A-Z]{2})"', select)


def test_a_programme_meeting_takes_the_member_countries_of_its_programmes(client: Client) -> None:
    assert member_codes("programme") == frozenset()  # without the event: nobody, never everybody
    sco, tel = ProgrammeFactory.create(slug="sco"), ProgrammeFactory.create(slug="tel")
    for programme, codes in [(sco, ["KZ", "RU"]), (tel, ["RU", "VN"])]:
        for code in codes:
            ProgrammeMembership.objects.create(programme=programme, country=code)
    ProgrammeMembership.objects.create(programme=sco, organisation=OrganisationFactory.create())
    ProgrammeMembership.objects.create(programme=ProgrammeFactory.create(), country="CN")  # not its programme
    event = EventFactory.create()
    add_meeting(sco, event, "SCO1")
    Event.objects.filter(pk=event.pk).update(membership="programme")
    event.refresh_from_db()
    category = CategoryFactory.create(event=event)
    client.force_login(UserFactory.create(country="KZ"))
    assert _country_options(client.get(f"/en/events/{event.slug}/registration/").content.decode()) == ["KZ", "RU"]

    add_meeting(tel, event, "TEL46")  # a meeting of two programmes takes both lists
    page = client.get(f"/en/events/{event.slug}/registration/").content.decode()
    assert _country_options(page) == ["KZ", "RU", "VN"]
    assert '<option value="KZ" selected>Kazakhstan</option>' in page

    for outsider in ("CN", "TW", "US"):
        with pytest.raises(ValidationError) as refused:
            submit_registration(event=event, user=UserFactory.create(), category=category, country=outsider)
        assert refused.value.message_dict == {
            "country": ["This event takes the delegations of its members only; choose one of them."]
        }
    response = client.post(
        f"/en/events/{event.slug}/registration/",
        {"category": category.pk, "delegation_kind": "country", "country": "CN", "function": "delegate"},
    )
    assert response.status_code == 400
    assert "Select a valid choice. CN is not one of the available choices." in response.content.decode()
    assert event.registrations.count() == 0
    response = client.post(
        f"/en/events/{event.slug}/registration/",
        {"category": category.pk, "delegation_kind": "country", "country": "VN", "function": "delegate"},
    )
    assert response.status_code == 302
    assert list(event.registrations.values_list("country", flat=True)) == ["VN"]


def test_only_a_programme_meeting_may_take_its_programmes_members(client: Client) -> None:
    event = EventFactory.create(membership="itu")
    organiser_of(client, event)
    edit = client.get(f"/en/manage/{event.slug}/edit/").content.decode()
    assert '<option value="programme">The members of its programme</option>' in edit
    data = event_data(membership="programme", ui_locales=["en"], is_published="on")
    del data["slug"]
    refused = client.post(f"/en/manage/{event.slug}/edit/", data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert (
        "This event is not a meeting of a programme with member countries or economies: make it one of a "
        "programme&#x27;s meetings first, or choose another list."
    ) in page
    control = re.search(r'<select[^>]*name="membership"[^>]*>', page)
    assert control is not None
    assert 'aria-invalid="true"' in control.group(0)
    event.refresh_from_db()
    assert event.membership == "itu"

    programme = ProgrammeFactory.create()
    add_meeting(programme, event, "M1")
    ProgrammeMembership.objects.create(programme=programme, organisation=OrganisationFactory.create())
    assert client.post(f"/en/manage/{event.slug}/edit/", data).status_code == 400  # organisations only: no list
    ProgrammeMembership.objects.create(programme=programme, country="TM")
    response = client.post(f"/en/manage/{event.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.membership == "programme"


def test_the_event_form_refuses_the_programme_list_for_a_new_event() -> None:
    form = EventForm(event_data(membership="programme"))
    assert not form.is_valid()
    assert form.errors["membership"] == [
        "This event is not a meeting of a programme with member countries or economies: make it one of a "
        "programme's meetings first, or choose another list."
    ]
