"""factory_boy factories, one per model."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.accreditation.models import FocalPoint, ParticipantCategory, Registration
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Room, Session, SessionSpeaker, Speaker, Track
from pavilion.exhibition.models import Booth, BoothStatus, Hall, Pavilion, Product
from pavilion.surveys.models import Choice, Question, Survey

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


class LiveSessionFactory(SessionFactory):
    """A session happening now (started an hour ago, ends in two): chat, questions, polls, the floor
    and captions take input only until a session ends."""

    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - timedelta(hours=1))  # type: ignore[assignment]
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=3))


class TrackFactory(factory.django.DjangoModelFactory[Track]):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: {"en": f"Theme {n}"})


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"room-{n}")
    name = factory.Sequence(lambda n: {"en": f"Room {n}"})
    stream_url = "https://stream.example.org/embed/1"


class SpeakerFactory(factory.django.DjangoModelFactory[Speaker]):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    name = factory.Sequence(lambda n: f"Speaker {n}")
    position = factory.LazyFunction(lambda: {"en": "Minister"})


class SessionSpeakerFactory(factory.django.DjangoModelFactory[SessionSpeaker]):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory, event=factory.SelfAttribute("..session.event"))
    role = "speaker"


class CategoryFactory(factory.django.DjangoModelFactory[ParticipantCategory]):
    class Meta:
        model = ParticipantCategory

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: {"en": f"Member State delegate {n}"})
    requires_approval = True
    is_accredited = True


class FocalPointFactory(factory.django.DjangoModelFactory[FocalPoint]):
    class Meta:
        model = FocalPoint

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    country = "VN"


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    """An approved registration unless told otherwise (use services to test the workflow itself)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    category = factory.SubFactory(CategoryFactory, event=factory.SelfAttribute("..event"))
    country = "VN"
    function = "delegate"
    status = "approved"


# --- Exhibition ---------------------------------------------------------------------------------


class HallFactory(factory.django.DjangoModelFactory[Hall]):
    class Meta:
        model = Hall

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"hall-{n}")
    name = factory.Sequence(lambda n: {"en": f"Hall {n}", "vi": f"Sảnh {n}"})


class PavilionFactory(factory.django.DjangoModelFactory[Pavilion]):
    """A national pavilion by default; pass ``kind="corporate", country="", organisation=…`` for the other kind."""

    class Meta:
        model = Pavilion

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"pavilion-{n}")
    kind = "national"
    country = "VN"


class BoothFactory(factory.django.DjangoModelFactory[Booth]):
    class Meta:
        model = Booth
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    owner = factory.SubFactory(OrganisationFactory, kind="company")
    slug = factory.Sequence(lambda n: f"booth-{n}")
    name = factory.Sequence(lambda n: {"en": f"Booth {n}", "vi": f"Gian hàng {n}"})
    status = BoothStatus.PUBLISHED

    @factory.post_generation
    def staff(self: Booth, create: bool, extracted: list[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.staff.set(extracted)


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    booth = factory.SubFactory(BoothFactory)
    slug = factory.Sequence(lambda n: f"product-{n}")
    name = factory.Sequence(lambda n: {"en": f"Product {n}"})
    category = "networks"
    themes = factory.LazyFunction(lambda: ["5g"])


# --- Surveys ------------------------------------------------------------------------------------


class SurveyFactory(factory.django.DjangoModelFactory[Survey]):
    """A published survey the event's organisers own, about the event (pass target objects to change that)."""

    class Meta:
        model = Survey

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: {"en": f"Survey {n}", "vi": f"Khảo sát {n}"})
    target = "event"
    status = "published"


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    kind = "rating"
    text = factory.Sequence(lambda n: {"en": f"Question {n}"})


class ChoiceFactory(factory.django.DjangoModelFactory[Choice]):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind="single")
    position = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: {"en": f"Choice {n}"})
