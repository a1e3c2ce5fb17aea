"""Shared set-up for the tests of talking with visitors."""

from __future__ import annotations

from dataclasses import dataclass

from pavilion.accounts.models import User
from pavilion.exhibition.models import Booth
from tests.factories import BoothFactory, EventFactory, UserFactory


@dataclass
class Stand:
    """A published booth with one staff member, an organiser of its event, and two visitors."""

    booth: Booth
    staff: User
    organiser: User
    visitor: User
    other_visitor: User

    @property
    def topic(self) -> str:
        return f"booth:{self.booth.pk}"

    @property
    def page(self) -> str:
        return f"/en/events/{self.booth.event.slug}/exhibition/booths/{self.booth.slug}/"

    @property
    def desk(self) -> str:
        return f"/en/events/{self.booth.event.slug}/exhibition/my-booths/{self.booth.slug}/"


def stand(**booth_fields: object) -> Stand:
    event = EventFactory.create()
    staff = UserFactory.create(full_name="Trần Minh Khoa")
    organiser = UserFactory.create(full_name="Organiser Olga")
    event.organising_team.add(organiser)
    booth = BoothFactory.create(event=event, staff=[staff], name={"en": "Lotus Networks"}, **booth_fields)
    return Stand(
        booth=booth,
        staff=staff,
        organiser=organiser,
        visitor=UserFactory.create(full_name="Amina Diallo"),
        other_visitor=UserFactory.create(full_name="Rival Rudi"),
    )
