"""Who sees which session: the rules every door (pages, API, feeds) relies on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from pavilion.events.access import is_organiser, viewer_for, visible_events, visible_sessions
from pavilion.events.models import Event
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _slugs(event: Event, user: object) -> list[str]:
    viewer = viewer_for(event=event, user=user)  # type: ignore[arg-type]
    return sorted(visible_sessions(event=event, viewer=viewer).values_list("slug", flat=True))


@pytest.fixture
def event() -> Event:
    event = EventFactory.create()
    for level in ("public", "registered", "accredited", "invited"):
        SessionFactory.create(event=event, slug=level, access_level=level)
    return event


def test_anonymous_sees_public_sessions_only(event: Event) -> None:
    assert _slugs(event, AnonymousUser()) == ["public"]


def test_signed_in_without_registration_sees_public_only(event: Event) -> None:
    assert _slugs(event, UserFactory.create()) == ["public"]


def test_pending_registration_is_not_enough(event: Event) -> None:
    registration = RegistrationFactory.create(event=event, status="pending")
    assert _slugs(event, registration.user) == ["public"]


def test_self_service_registration_opens_registered_sessions_only_where_the_organisers_chose_so(event: Event) -> None:
    """Finding 18 of issue 18: a category without approval made "registered" as open as signing up."""
    visitor_category = CategoryFactory.create(event=event, is_accredited=False, requires_approval=False)
    visitor = RegistrationFactory.create(event=event, category=visitor_category).user
    assert event.registered_access == "approved"  # what a new event starts with
    assert _slugs(event, visitor) == ["public"]
    assert viewer_for(event=event, user=visitor).is_registered is False
    event.registered_access = "any"
    event.save()
    assert _slugs(event, visitor) == ["public", "registered"]


def test_registrations_someone_vouched_for_count_whatever_the_setting(event: Event) -> None:
    reviewed = CategoryFactory.create(event=event, is_accredited=False, requires_approval=True)
    delegate = RegistrationFactory.create(event=event, category=reviewed).user
    assert _slugs(event, delegate) == ["public", "registered"]
    # A category switched to "no approval" later keeps the registrations a focal point approved.
    organiser = UserFactory.create()
    decided = RegistrationFactory.create(event=event, category=reviewed, decided_by=organiser).user
    reviewed.requires_approval = False
    reviewed.save()
    assert _slugs(event, delegate) == ["public"]
    assert _slugs(event, decided) == ["public", "registered"]


def test_accredited_delegate_sees_closed_sessions_but_not_invitation_only(event: Event) -> None:
    registration = RegistrationFactory.create(event=event)
    assert _slugs(event, registration.user) == ["accredited", "public", "registered"]


def test_invited_person_sees_invitation_only_session(event: Event) -> None:
    guest = UserFactory.create()
    event.sessions.get(slug="invited").invitees.add(guest)
    assert _slugs(event, guest) == ["invited", "public"]


def test_accreditation_for_another_event_does_not_count(event: Event) -> None:
    registration = RegistrationFactory.create()  # approved, accredited, for some other event
    assert _slugs(event, registration.user) == ["public"]


def test_organisers_see_everything_even_unpublished(event: Event) -> None:
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    event.is_schedule_published = False
    event.save()
    assert is_organiser(event=event, user=organiser)
    assert _slugs(event, organiser) == ["accredited", "invited", "public", "registered"]
    assert _slugs(event, AnonymousUser()) == []


def test_unpublished_event_is_visible_to_its_organisers_only() -> None:
    draft = EventFactory.create(is_published=False)
    organiser = UserFactory.create()
    draft.organising_team.add(organiser)
    assert list(visible_events(user=organiser)) == [draft]
    assert list(visible_events(user=UserFactory.create())) == []
    assert list(visible_events(user=AnonymousUser())) == []
