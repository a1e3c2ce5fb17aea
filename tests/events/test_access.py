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


def test_approved_visitor_sees_registered_sessions(event: Event) -> None:
    visitor_category = CategoryFactory.create(event=event, is_accredited=False, requires_approval=False)
    registration = RegistrationFactory.create(event=event, category=visitor_category)
    assert _slugs(event, registration.user) == ["public", "registered"]


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
