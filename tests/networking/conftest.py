from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.events.models import Event, Track
from pavilion.networking.models import MeetingSlot, NetworkingProfile
from pavilion.networking.profiles import save_profile
from tests.factories import EventFactory, RegistrationFactory, TrackFactory, UserFactory


@pytest.fixture
def event() -> Event:
    return EventFactory.create(is_published=True, time_zone="Asia/Ho_Chi_Minh")


@pytest.fixture
def themes(event: Event) -> dict[str, Track]:
    return {
        slug: TrackFactory.create(event=event, slug=slug, name={"en": name})
        for slug, name in [("5g", "5G policy"), ("broadband", "Broadband"), ("cyber", "Cybersecurity")]
    }


@pytest.fixture
def slots(event: Event) -> list[MeetingSlot]:
    start = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    return [MeetingSlot.objects.create(event=event, starts_at=start + timedelta(minutes=30 * i)) for i in range(3)]


def participant(event: Event, *, country: str = "VN", function: str = "delegate", **values: object) -> User:
    user = UserFactory.create(**values)
    RegistrationFactory.create(event=event, user=user, country=country, function=function)
    return user


def listed(
    event: Event,
    user: User,
    *,
    themes: list[Track] | None = None,
    seeks: list[str] | None = None,
    offers: list[str] | None = None,
    slots: list[MeetingSlot] | None = None,
    shown: list[str] | None = None,
) -> NetworkingProfile:
    return save_profile(
        event=event,
        by=user,
        is_listed=True,
        shown_fields=["position", "organisation", "country", "function"] if shown is None else shown,
        themes=themes or [],
        seeks=seeks or [],
        offers=offers or [],
        available_slots=slots or [],
    )


@pytest.fixture
def mai(event: Event, themes: dict[str, Track], slots: list[MeetingSlot]) -> User:
    """A Vietnamese vice-minister who seeks investment and training, offers cooperation."""
    user = participant(
        event, country="VN", function="vice_minister", full_name="Nguyễn Thị Mai", job_title="Deputy Director"
    )
    listed(
        event,
        user,
        themes=[themes["5g"], themes["broadband"]],
        seeks=["investment", "capacity_building"],
        offers=["cooperation"],
        slots=slots,
    )
    return user


@pytest.fixture
def olga(event: Event, themes: dict[str, Track], slots: list[MeetingSlot]) -> User:
    """A Kazakh researcher who offers capacity building and seeks cooperation."""
    user = participant(event, country="KZ", function="adviser", full_name="Olga Petrova", job_title="Researcher")
    listed(
        event,
        user,
        themes=[themes["5g"]],
        seeks=["cooperation", "capacity_building"],
        offers=["capacity_building"],
        slots=slots,
    )
    return user
