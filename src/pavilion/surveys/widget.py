"""What the one-tap interest widget shows on a booth or product page, and after a tap (the htmx partial)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from pavilion.core.visitors import visitor_key
from pavilion.exhibition.access import is_booth_staff
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys import services
from pavilion.surveys.forms import AnswerForm
from pavilion.surveys.interest import interest_question, interest_survey_for
from pavilion.surveys.models import InterestLevel, Question, Survey


@dataclass
class InterestWidget:
    booth: Booth
    product: Product | None
    survey: Survey | None
    level: int | None
    level_label: str
    levels: list[tuple[int, str]]
    form: AnswerForm | None
    can_consent: bool
    tap_url: str
    follow_up_url: str
    manage_url: str | None
    sent: bool = False

    @property
    def has_follow_ups(self) -> bool:
        return self.form is not None and bool(self.form.questions)


def respondent_key(request: HttpRequest, *, create: bool = False) -> str | None:
    """What tells this browser's answers apart where no account does: the session of a signed-in
    person, else a visitor key in a signed cookie (never a new session row: see core/visitors.py)."""
    if request.user.is_authenticated:
        return request.session.session_key
    return visitor_key(request, create=create)


def consent_label(booth: Booth) -> str:
    return gettext("Share my name and contact with %(booth)s") % {"booth": booth.name}


def _urls(booth: Booth, product: Product | None) -> tuple[str, str]:
    kwargs: dict[str, Any] = {"event_slug": booth.event.slug, "booth_slug": booth.slug}
    if product is not None:
        kwargs["product_slug"] = product.slug
        return reverse("surveys:product_interest", kwargs=kwargs), reverse("surveys:product_follow_up", kwargs=kwargs)
    return reverse("surveys:booth_interest", kwargs=kwargs), reverse("surveys:booth_follow_up", kwargs=kwargs)


def follow_up_questions(survey: Survey) -> list[Question]:
    """The questions the booth's staff added after the interest question."""
    interest = interest_question(survey)
    return [question for question in survey.questions.prefetch_related("choices") if question.pk != interest.pk]


def interest_widget(
    request: HttpRequest,
    *,
    booth: Booth,
    product: Product | None = None,
    data: Any = None,
    sent: bool = False,
) -> InterestWidget:
    """The widget for this viewer: the five buttons, and once tapped the follow-ups and consent.

    ``data`` re-renders a refused follow-up form with what was posted (and the service's messages
    are added by the caller). A fixed number of queries, whatever the survey holds.
    """
    if product is not None:
        survey = interest_survey_for(product=product, create=False)
    else:
        survey = interest_survey_for(booth=booth, create=False)
    signed_in = request.user.is_authenticated
    response = None
    if survey is not None:
        response = services.response_of(survey=survey, user=request.user, session_key=respondent_key(request))
    values = services.answer_values(response)
    level = None
    form = None
    if survey is not None and response is not None:
        interest = interest_question(survey)
        level = values.get(services.field_name(interest))
        initial = dict(values)
        if signed_in:
            initial["consent"] = response.consent_to_share
        form = AnswerForm(
            data,
            questions=follow_up_questions(survey),
            consent_label=consent_label(booth) if signed_in else None,
            initial=initial,
        )
    tap_url, follow_up_url = _urls(booth, product)
    manage_url = None
    if is_booth_staff(booth=booth, user=request.user):
        manage_url = reverse("surveys_booth:index", kwargs={"event_slug": booth.event.slug, "booth_slug": booth.slug})
    return InterestWidget(
        booth=booth,
        product=product,
        survey=survey,
        level=level,
        level_label=str(InterestLevel(level).label) if level else "",
        levels=[(choice.value, str(choice.label)) for choice in InterestLevel],
        form=form,
        can_consent=signed_in,
        tap_url=tap_url,
        follow_up_url=follow_up_url,
        manage_url=manage_url,
        sent=sent,
    )
