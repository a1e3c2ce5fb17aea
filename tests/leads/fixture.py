"""The leads fixture: a booth with a product, two consenting visitors and one who did not consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pavilion.accounts.models import User
from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.boothtalk.contacts import leave_contact
from pavilion.boothtalk.models import BoothConversation, BoothMessage, BoothPresence
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys.interest import interest_question, interest_survey_for, record_interest
from pavilion.surveys.services import submit_response
from tests.factories import BoothFactory, EventFactory, ProductFactory, UserFactory

DAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@dataclass
class Fair:
    booth: Booth
    product: Product
    staff: User
    other_staff: User
    amina: User  # contact request (name, e-mail, country) + very interested in Private 5G with consent
    bao: User  # consenting survey answer on the booth's interest survey
    carl: User  # interested, no consent: never a lead

    @property
    def base(self) -> str:
        return f"/en/events/{self.booth.event.slug}/exhibition/my-booths/{self.booth.slug}/"


def fair() -> Fair:
    event = EventFactory.create()
    staff = UserFactory.create(full_name="Staff Sam")
    other_staff = UserFactory.create(full_name="Other Olu")
    booth = BoothFactory.create(event=event, staff=[staff], name={"en": "Lotus Networks"})
    BoothFactory.create(event=event, staff=[other_staff], name={"en": "Rival"})
    product = ProductFactory.create(booth=booth, name={"en": "Private 5G"})
    amina = UserFactory.create(full_name="Amina Diallo", email="amina@example.org", country="SN", job_title="CTO")
    bao = UserFactory.create(full_name="Bao Tran", email="bao@example.org", country="VN")
    carl = UserFactory.create(full_name="Carl Hidden", email="carl@example.org", country="DE")

    leave_contact(booth=booth, by=amina, fields=["name", "email", "country"], consent=True)
    survey = interest_survey_for(product=product)
    assert survey is not None
    question = interest_question(survey)
    submit_response(
        survey=survey, user=amina, session_key=None, answers={question.pk: 5}, consent=True, consent_text="Yes"
    )
    booth_survey = interest_survey_for(booth=booth)
    assert booth_survey is not None
    submit_response(
        survey=booth_survey,
        user=bao,
        session_key=None,
        answers={interest_question(booth_survey).pk: 4},
        consent=True,
        consent_text="Yes",
    )
    record_interest(user=carl, session_key=None, level=4, product=product)

    for day in range(3):
        for person in (amina, carl):
            ActivityEvent.objects.create(
                kind=ActivityKind.BOOTH_VIEW,
                event=event,
                booth=booth,
                user=person,
                visitor_key=f"k{person.pk}",
                at=DAY + timedelta(days=day),
            )
    ActivityEvent.objects.create(
        kind=ActivityKind.BOOTH_VIEW, event=event, booth=booth, user=None, visitor_key="anon", at=DAY
    )
    ActivityEvent.objects.create(
        kind=ActivityKind.PRODUCT_VIEW, event=event, booth=booth, product=product, user=amina, at=DAY
    )
    ActivityEvent.objects.create(
        kind=ActivityKind.DOCUMENT_DOWNLOAD, event=event, booth=booth, product=product, user=amina, at=DAY
    )
    conversation = BoothConversation.objects.create(booth=booth, visitor=amina, last_message_at=DAY)
    for text in ("Hello", "Pricing?"):
        BoothMessage.objects.create(conversation=conversation, author=amina, text=text)
    BoothMessage.objects.create(conversation=conversation, author=staff, from_booth=True, text="Hi")
    BoothPresence.objects.create(booth=booth, user=amina, arrived_at=DAY, last_seen_at=DAY + timedelta(minutes=7))
    return Fair(booth=booth, product=product, staff=staff, other_staff=other_staff, amina=amina, bao=bao, carl=carl)
