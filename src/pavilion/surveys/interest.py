"""The one-tap "How interested are you?" of every booth and product.

Each booth and each product gets its own interest survey the first time someone taps (or its staff
add follow-up questions): owned by the booth, published, its first question the five-step interest
question. So a product's interest distribution is one query on ``Answer`` (``interest_distribution``),
and a person's tap, follow-up answers and consent are one ``Response``: tapping again updates it.
Signed-out taps are counted by browser session and cannot consent to share.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext_noop

from pavilion.events.access import AnyUser
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys.batching import submit_answers
from pavilion.surveys.models import (
    Answer,
    InterestLevel,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPurpose,
    SurveyStatus,
    SurveyTarget,
)
from pavilion.surveys.services import translated

INTEREST_TITLE = gettext_noop("How interested are you?")


def interest_survey_for(
    *, booth: Booth | None = None, product: Product | None = None, create: bool = True
) -> Survey | None:
    """The interest survey of a booth or of a product (exactly one of them), created on first use.

    It belongs to the booth, is published, and its first question is the five-step interest
    question; the booth's staff may add follow-up questions. None when missing and not ``create``.
    """
    if (booth is None) == (product is None):
        raise ValueError("Give a booth or a product.")
    owner = booth if booth is not None else product.booth  # type: ignore[union-attr]
    lookup: dict[str, Any] = {"booth": booth} if booth is not None else {"product": product}
    found = Survey.objects.filter(purpose=SurveyPurpose.INTEREST, **lookup).first()
    if found is not None or not create:
        return found
    locales = owner.event.content_locales
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                event_id=owner.event_id,
                owner_booth=owner,
                purpose=SurveyPurpose.INTEREST,
                target=SurveyTarget.BOOTH if booth is not None else SurveyTarget.PRODUCT,
                title=translated(INTEREST_TITLE, locales),
                status=SurveyStatus.PUBLISHED,
                **lookup,
            )
            Question.objects.create(
                survey=survey,
                position=0,
                kind=QuestionKind.INTEREST,
                text=translated(INTEREST_TITLE, locales),
                required=True,
            )
    except IntegrityError:  # created at the same moment by another request
        return Survey.objects.get(purpose=SurveyPurpose.INTEREST, **lookup)
    return survey


def interest_question(survey: Survey) -> Question:
    """The interest question of an interest survey (created with it; it cannot be removed)."""
    return survey.questions.filter(kind=QuestionKind.INTEREST).order_by("position", "pk")[0]


def record_interest(
    *, user: AnyUser, session_key: str | None, level: Any, booth: Booth | None = None, product: Product | None = None
) -> Response:
    """The one tap: record this person's interest level in a booth or product (updating an earlier tap).

    Follow-up answers and consent given earlier are kept. Written by the group commit
    (``batching.submit_answers``): returns after the commit, raises SubmissionFailed if it failed.
    """
    survey = interest_survey_for(booth=booth, product=product)
    assert survey is not None
    question = interest_question(survey)
    return submit_answers(
        survey=survey, user=user, session_key=session_key, answers={question.pk: level}, questions=[question]
    )


def interest_distribution(*, product: Product | None = None, booth: Booth | None = None) -> dict[int, int]:
    """How many people chose each of the five interest levels for a product or booth (one query)."""
    lookup = {"question__survey__product": product} if product is not None else {"question__survey__booth": booth}
    rows = (
        Answer.objects.filter(
            question__kind=QuestionKind.INTEREST, question__survey__purpose=SurveyPurpose.INTEREST, **lookup
        )
        .values_list("number")
        .order_by("number")
        .annotate(count=Count("pk"))
    )
    counts = dict.fromkeys(InterestLevel.values, 0)
    counts.update({number: count for number, count in rows if number is not None})
    return counts
