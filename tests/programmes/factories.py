"""Factories and a small world of roles for the programme tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import factory

from pavilion.accounts.models import User
from pavilion.events.models import Event, Session
from pavilion.programmes.models import Membership, Programme, ProgrammeMeeting
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    kind = "body"
    name = factory.Sequence(lambda n: {"en": f"Programme {n}", "ru": f"Программа {n}"})
    acronym = "TEL"
    is_published = True


def add_meeting(programme: Programme, event: Event, code: str) -> ProgrammeMeeting:
    return ProgrammeMeeting.objects.create(programme=programme, event=event, code=code)


@dataclass
class World:
    """One programme (APEC TEL-like) with a meeting and a session, and one account per role."""

    programme: Programme
    meeting: Event
    session: Session
    other_programme: Programme
    admin: User
    secretariat: User
    member: User  # a delegate of a member economy, registered at the meeting
    participant: User  # registered at the meeting for a delegation that is not a member (an observer)
    outsider: User  # a member delegate of another programme

    def roles(self) -> dict[str, User | None]:
        return {
            "admin": self.admin,
            "secretariat": self.secretariat,
            "member": self.member,
            "participant": self.participant,
            "outsider": self.outsider,
            "anonymous": None,
        }


def make_world() -> World:
    programme = ProgrammeFactory.create(slug="apec-tel", number_pattern="{year}/{meeting}/{group}/{seq:03}")
    meeting = EventFactory.create(
        slug="tel45", start_date=date(2012, 4, 16), end_date=date(2012, 4, 21), kind="working_group"
    )
    add_meeting(programme, meeting, "TEL45")
    session = SessionFactory.create(event=meeting, slug="lsg", kind="steering_group")
    Membership.objects.create(programme=programme, country="VN")
    Membership.objects.create(programme=programme, country="RU")
    secretariat = UserFactory.create()
    programme.secretariat.add(secretariat)
    member = RegistrationFactory.create(event=meeting, country="VN").user
    participant = RegistrationFactory.create(event=meeting, country="FR").user
    other_programme = ProgrammeFactory.create(slug="sco", acronym="SCO")
    other_meeting = EventFactory.create(slug="karamay")
    add_meeting(other_programme, other_meeting, "KARAMAY")
    Membership.objects.create(programme=other_programme, country="PK")
    outsider = RegistrationFactory.create(event=other_meeting, country="PK").user
    return World(
        programme=programme,
        meeting=meeting,
        session=session,
        other_programme=other_programme,
        admin=UserFactory.create(is_superuser=True, is_staff=True),
        secretariat=secretariat,
        member=member,
        participant=participant,
        outsider=outsider,
    )
