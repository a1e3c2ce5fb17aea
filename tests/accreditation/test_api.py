from __future__ import annotations

import json
from datetime import UTC
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration
from pavilion.events.models import Event
from tests.factories import (
    CategoryFactory,
    EventFactory,
    FocalPointFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200
    return [item["id"] for item in response.json()]


# --- Registering ---------------------------------------------------------------------------------


def test_register_for_a_country_waits_for_approval() -> None:
    event = EventFactory.create(slug="vdw")
    CategoryFactory.create(event=event, slug="member-state", name={"en": "Member State delegate"})
    user = UserFactory.create()
    body = {"category": "member-state", "country": "vn", "function": "minister", "is_head_of_delegation": True}
    response = _post(_signed_in(user), f"{API}/events/vdw/registrations/", body)
    assert response.status_code == 201
    registration = Registration.objects.get(event=event, user=user)
    assert response.json() == {
        "id": registration.pk,
        "event": "vdw",
        "category": {"slug": "member-state", "name": {"en": "Member State delegate"}, "is_accredited": True},
        "country": "VN",
        "organisation": None,
        "function": "minister",
        "is_head_of_delegation": True,
        "status": "pending",
        "decision_reason": "",
        "created_at": registration.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "decided_at": None,
    }


def test_register_for_an_organisation_in_an_open_category_is_approved_at_once() -> None:
    event = EventFactory.create()
    CategoryFactory.create(event=event, slug="visitor", requires_approval=False, is_accredited=False)
    OrganisationFactory.create(slug="itu", name={"en": "ITU"}, acronym="ITU")
    response = _post(
        _signed_in(UserFactory.create()),
        f"{API}/events/{event.slug}/registrations/",
        {"category": "visitor", "organisation": "itu", "function": "observer"},
    )
    data = response.json()
    assert (response.status_code, data["status"], data["organisation"], data["country"]) == (
        201,
        "approved",
        {"slug": "itu", "name": {"en": "ITU"}, "acronym": "ITU"},
        "",
    )


def test_registration_errors_are_reported_per_field_and_change_nothing() -> None:
    event = EventFactory.create()
    CategoryFactory.create(event=event, slug="member-state")
    other_event_category = CategoryFactory.create(slug="elsewhere")
    client = _signed_in(UserFactory.create())
    path = f"{API}/events/{event.slug}/registrations/"
    response = _post(client, path, {"category": other_event_category.slug, "country": "XX", "organisation": "nobody"})
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": {
                "category": ["This event has no participant category with this short name."],
                "country": ["This is not a known country or economy code."],
                "organisation": ["No organisation has this short name."],
            }
        },
    )
    response = _post(client, path, {"category": "member-state", "country": "VN", "function": "emperor"})
    assert response.json() == {"detail": {"function": ["Choose a function from the list."]}}
    response = _post(client, path, {"category": "member-state"})
    assert response.json() == {"detail": {"country": ["Choose either a country or economy, or an organisation."]}}
    assert Registration.objects.count() == 0


def test_registering_twice_is_refused() -> None:
    registration = RegistrationFactory.create()
    response = _post(
        _signed_in(registration.user),
        f"{API}/events/{registration.event.slug}/registrations/",
        {"category": registration.category.slug, "country": "TH"},
    )
    assert response.json() == {"detail": {"__all__": ["You are already registered for this event."]}}
    assert Registration.objects.get().country == "VN"


def test_registration_needs_sign_in_and_a_visible_event(client: Client) -> None:
    event = EventFactory.create()
    category = CategoryFactory.create(event=event)
    body = {"category": category.slug, "country": "VN"}
    assert _post(client, f"{API}/events/{event.slug}/registrations/", body).status_code == 401
    assert client.get(f"{API}/events/{event.slug}/registrations/").status_code == 401
    assert client.get(f"{API}/me/registrations/").status_code == 401
    draft = EventFactory.create(is_published=False)
    draft_category = CategoryFactory.create(event=draft)
    response = _post(
        _signed_in(UserFactory.create()),
        f"{API}/events/{draft.slug}/registrations/",
        {"category": draft_category.slug, "country": "VN"},
    )
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    assert Registration.objects.count() == 0


def test_my_registrations_lists_only_my_own() -> None:
    mine = RegistrationFactory.create()
    RegistrationFactory.create(event=mine.event)
    elsewhere = RegistrationFactory.create(user=mine.user, status="pending")
    response = _signed_in(mine.user).get(f"{API}/me/registrations/")
    assert [(item["id"], item["event"], item["status"]) for item in response.json()] == [
        (mine.pk, mine.event.slug, "approved"),
        (elsewhere.pk, elsewhere.event.slug, "pending"),
    ]


# --- Deciding ------------------------------------------------------------------------------------


def _delegations() -> tuple[Event, Registration, Registration, User]:
    """An event with a pending VN and a pending TH registration, and the VN focal point."""
    event = EventFactory.create()
    vietnamese = RegistrationFactory.create(event=event, country="VN", status="pending")
    thai = RegistrationFactory.create(event=event, country="TH", status="pending")
    focal_point = FocalPointFactory.create(event=event, country="VN").user
    return event, vietnamese, thai, focal_point


def test_registrations_to_decide_follow_the_callers_role() -> None:
    event, vietnamese, thai, focal_point = _delegations()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    path = f"{API}/events/{event.slug}/registrations/"
    assert _ids(_signed_in(organiser).get(path)) == [vietnamese.pk, thai.pk]
    assert _ids(_signed_in(focal_point).get(path)) == [vietnamese.pk]
    assert _ids(_signed_in(thai.user).get(path)) == []
    assert _ids(_signed_in(UserFactory.create()).get(path)) == []
    listed = _signed_in(focal_point).get(path).json()[0]
    assert listed["user"] == {"full_name": vietnamese.user.full_name, "email": vietnamese.user.email}


def test_focal_point_cannot_decide_another_delegations_registration() -> None:
    event, _vietnamese, thai, focal_point = _delegations()
    path = f"{API}/events/{event.slug}/registrations/{thai.pk}/decision/"
    response = _post(_signed_in(focal_point), path, {"approve": True})
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    # The answer is the same as for a registration that does not exist at all.
    missing = _post(
        _signed_in(focal_point), f"{API}/events/{event.slug}/registrations/999999/decision/", {"approve": True}
    )
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found."})
    thai.refresh_from_db()
    assert (thai.status, thai.decided_by) == ("pending", None)


def test_focal_point_decides_their_delegations_registration() -> None:
    event, vietnamese, _thai, focal_point = _delegations()
    client = _signed_in(focal_point)
    path = f"{API}/events/{event.slug}/registrations/{vietnamese.pk}/decision/"
    response = _post(client, path, {"approve": True})
    assert (response.status_code, response.json()["status"], response.json()["decided_at"] is not None) == (
        200,
        "approved",
        True,
    )
    vietnamese.refresh_from_db()
    assert (vietnamese.status, vietnamese.decided_by) == ("approved", focal_point)


def test_rejection_needs_a_reason_and_a_bad_decision_changes_nothing() -> None:
    event, vietnamese, _thai, focal_point = _delegations()
    path = f"{API}/events/{event.slug}/registrations/{vietnamese.pk}/decision/"
    response = _post(_signed_in(focal_point), path, {"approve": False, "reason": "  "})
    assert (response.status_code, response.json()) == (
        422,
        {"detail": {"reason": ["Give a reason for the rejection; the registrant will receive it."]}},
    )
    vietnamese.refresh_from_db()
    assert vietnamese.status == "pending"
    response = _post(_signed_in(focal_point), path, {"approve": False, "reason": "Not a government official."})
    assert (response.json()["status"], response.json()["decision_reason"]) == ("rejected", "Not a government official.")


def test_organiser_decides_any_registration_and_the_delegate_none() -> None:
    event, vietnamese, thai, _focal_point = _delegations()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    path = f"{API}/events/{event.slug}/registrations/{thai.pk}/decision/"
    assert _post(_signed_in(vietnamese.user), path, {"approve": True}).status_code == 404
    assert _post(_signed_in(organiser), path, {"approve": True}).json()["status"] == "approved"


def _queries_to_list(registrations: int) -> int:
    event = EventFactory.create()
    category = CategoryFactory.create(event=event)
    for _ in range(registrations):
        RegistrationFactory.create(
            event=event, category=category, organisation=OrganisationFactory.create(), country=""
        )
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    client = _signed_in(organiser)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{API}/events/{event.slug}/registrations/").status_code == 200
    return len(queries)


def test_registrations_list_query_count_does_not_grow() -> None:
    assert _queries_to_list(1) == _queries_to_list(3)


def test_my_registrations_query_count_does_not_grow() -> None:
    user = UserFactory.create()
    client = _signed_in(user)
    RegistrationFactory.create(user=user)
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}/me/registrations/")
    RegistrationFactory.create(user=user)
    RegistrationFactory.create(user=user)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(f"{API}/me/registrations/").json()) == 3
    assert len(one) == len(three)
