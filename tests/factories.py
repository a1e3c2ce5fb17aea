"""factory_boy factories, one per model."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress

from pavilion.accounts.models import User
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Session

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: {"en": f"Organisation {n}", "fr": f"Organisation {n} (fr)"})
    kind = "government"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def password(self: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = "summit"
    name = factory.Sequence(lambda n: {"en": f"Event {n}", "vi": f"Sự kiện {n}"})
    start_date = date(2020, 10, 20)
    end_date = date(2020, 10, 22)
    time_zone = "Asia/Ho_Chi_Minh"
    is_online = True
    content_locales = factory.LazyFunction(lambda: ["en", "vi"])
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"session-{n}")
    kind = "forum"
    title = factory.Sequence(lambda n: {"en": f"Session {n}", "vi": f"Phiên {n}"})
    starts_at = datetime(2020, 10, 20, 13, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=1))
