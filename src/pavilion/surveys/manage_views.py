"""Owners' survey pages: organisers under /<lang>/manage/<event>/surveys/, a booth's staff under
/<lang>/events/<event>/exhibition/my-booths/<booth>/surveys/. The same views serve both; a
``Scope`` says whose surveys they are and builds the addresses.

Organisers see the event's own surveys, booth staff their booth's (with its interest surveys).
Anyone else gets 404, as in the rest of the organiser area and the exhibitors' pages. Forms with
errors answer 400 and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.core.forms import INVALID
from pavilion.events.access import get_visible_event
from pavilion.events.models import Event
from pavilion.exhibition.access import get_staffed_booth
from pavilion.exhibition.models import Booth, Product
from pavilion.organising.area import managed_event
from pavilion.surveys import services
from pavilion.surveys.feedback import feedback_template
from pavilion.surveys.forms import QuestionForm, SurveyForm
from pavilion.surveys.interest import interest_survey_for
from pavilion.surveys.models import Question, Survey, SurveyPurpose, SurveyStatus
from pavilion.surveys.results import survey_results


@dataclass(frozen=True)
class Scope:
    """Whose surveys a page shows: the event's organisers' (``booth`` None) or one booth's staff's."""

    event: Event
    booth: Booth | None

    @property
    def namespace(self) -> str:
        return "surveys_booth" if self.booth is not None else "surveys_manage"

    def url(self, name: str, **kwargs: Any) -> str:
        if self.booth is not None:
            base = {"event_slug": self.event.slug, "booth_slug": self.booth.slug}
        else:
            base = {"slug": self.event.slug}
        return reverse(f"{self.namespace}:{name}", kwargs={**base, **kwargs})

    def surveys(self) -> QuerySet[Survey]:
        surveys = Survey.objects.filter(event=self.event, owner_booth=self.booth)
        return surveys.select_related("session", "booth", "product").annotate(answered=Count("responses"))


ScopeView = Callable[..., HttpResponse]


def organiser_scope(view: ScopeView) -> ScopeView:
    """The event's organiser pages (``managed_event``), with the event's scope."""

    @managed_event
    @wraps(view)
    def wrapper(request: HttpRequest, event: Event, **kwargs: Any) -> HttpResponse:
        return view(request, Scope(event=event, booth=None), **kwargs)

    return wrapper


def booth_scope(view: ScopeView) -> ScopeView:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, event_slug: str, booth_slug: str, **kwargs: Any) -> HttpResponse:
        event = get_visible_event(slug=event_slug, user=request.user)
        booth = get_staffed_booth(event=event, slug=booth_slug, user=request.user)
        booth.event = event
        return view(request, Scope(event=event, booth=booth), **kwargs)

    return wrapper


def _survey(scope: Scope, survey_id: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("event", "owner_booth", "session", "booth", "product__booth"),
        pk=survey_id,
        event=scope.event,
        owner_booth=scope.booth,
    )


def _base(scope: Scope, **extra: Any) -> dict[str, Any]:
    return {"event": scope.event, "booth": scope.booth, "scope": scope, "section": "surveys", **extra}


# --- The list --------------------------------------------------------------------------------------------


def index(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The surveys of the event (organisers) or of the booth (staff), and a form for a new one."""
    form = SurveyForm(request.POST or None, event=scope.event, booth=scope.booth, new=True)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                event=scope.event,
                by=signed_in_account(request),
                owner_booth=scope.booth,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                is_anonymous=form.cleaned_data["is_anonymous"],
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                **form.target(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The survey has been created. Add its questions, then publish it."))
            return redirect(scope.url("survey", survey_id=survey.pk))
    surveys = list(scope.surveys().order_by("purpose", "pk"))
    for survey in surveys:
        survey.manage_url = scope.url("survey", survey_id=survey.pk)  # type: ignore[attr-defined]
        survey.results_url = scope.url("results", survey_id=survey.pk)  # type: ignore[attr-defined]
    products: list[Product] = []
    if scope.booth is not None:
        with_survey = {survey.product_id for survey in surveys if survey.purpose == SurveyPurpose.INTEREST}
        products = [product for product in Product.objects.filter(booth=scope.booth) if product.pk not in with_survey]
    context = _base(
        scope,
        surveys=surveys,
        form=form,
        products_without_interest=products,
        booth_has_interest=any(s.purpose == SurveyPurpose.INTEREST and s.booth_id for s in surveys),
        has_feedback=scope.booth is None
        and any(s.purpose == SurveyPurpose.FEEDBACK and not s.session_id for s in surveys),
    )
    return render(request, "surveys/manage/index.html", context, status=INVALID if form.errors else 200)


@require_POST
def start_interest(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Booth staff: make the interest survey of the booth or of a product now, to add follow-up questions."""
    if scope.booth is None:
        raise Http404
    product_id = request.POST.get("product", "")
    if product_id:
        product = get_object_or_404(Product, booth=scope.booth, pk=product_id)
        survey = interest_survey_for(product=product)
    else:
        survey = interest_survey_for(booth=scope.booth)
    assert survey is not None
    return redirect(scope.url("survey", survey_id=survey.pk))


@require_POST
def start_feedback(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Organisers: create the event's session-feedback survey from the default template, to adapt it."""
    if scope.booth is not None:
        raise Http404
    survey = feedback_template(event=scope.event, create=True)
    assert survey is not None
    return redirect(scope.url("survey", survey_id=survey.pk))


# --- One survey ------------------------------------------------------------------------------------------


def survey_detail(request: HttpRequest, scope: Scope, survey_id: int) -> HttpResponse:
    """A survey's texts and times, its status, and its questions with a form for another one."""
    survey = _survey(scope, survey_id)
    user = signed_in_account(request)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    survey_form = SurveyForm(
        request.POST if posted == "survey" else None, event=scope.event, booth=scope.booth, new=False, instance=survey
    )
    question_form = QuestionForm(
        request.POST if posted == "question" else None, event=scope.event, instance=Question(survey=survey)
    )
    if posted == "survey" and survey_form.is_valid():
        data = survey_form.cleaned_data
        try:
            services.update_survey(
                survey=survey,
                by=user,
                title=data["title"],
                intro=data["intro"],
                is_anonymous=data["is_anonymous"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
            )
        except ValidationError as error:
            survey_form.add_service_error(error)
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect(scope.url("survey", survey_id=survey.pk))
    if posted == "question" and question_form.is_valid():
        data = question_form.cleaned_data
        try:
            services.save_question(
                survey=survey,
                by=user,
                kind=data["kind"],
                text=data["text"],
                help=data["help"],
                required=data["required"],
                choices=question_form.choices(),
            )
        except ValidationError as error:
            question_form.add_service_error(error)
        else:
            messages.success(request, _("The question has been added."))
            return redirect(scope.url("survey", survey_id=survey.pk) + "#questions")
    survey = _survey(scope, survey_id)  # the saved state, whatever the forms hold
    questions = list(survey.questions.prefetch_related("choices"))
    for question in questions:
        question.edit_url = scope.url("question", survey_id=survey.pk, question_id=question.pk)  # type: ignore[attr-defined]
    context = _base(
        scope,
        survey=survey,
        survey_form=survey_form,
        question_form=question_form,
        questions=questions,
        public_url=reverse("surveys:answer", kwargs={"event_slug": scope.event.slug, "survey_id": survey.pk})
        if survey.purpose != SurveyPurpose.INTEREST and not survey.is_feedback_template
        else None,
        status_url=scope.url("status", survey_id=survey.pk),
        results_url=scope.url("results", survey_id=survey.pk),
        index_url=scope.url("index"),
    )
    status = INVALID if survey_form.errors or question_form.errors else 200
    return render(request, "surveys/manage/survey.html", context, status=status)


@require_POST
def survey_status(request: HttpRequest, scope: Scope, survey_id: int) -> HttpResponse:
    """Publish, close, or take back to draft."""
    survey = _survey(scope, survey_id)
    status = request.POST.get("status", "")
    try:
        services.set_status(survey=survey, by=signed_in_account(request), status=status)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, str(SurveyStatus(status).label))
    return redirect(scope.url("survey", survey_id=survey.pk))


def question_edit(request: HttpRequest, scope: Scope, survey_id: int, question_id: int) -> HttpResponse:
    """Change, move or remove a question."""
    survey = _survey(scope, survey_id)
    question = get_object_or_404(Question.objects.prefetch_related("choices"), pk=question_id, survey=survey)
    user = signed_in_account(request)
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    form = QuestionForm(request.POST if action == "save" else None, event=scope.event, instance=question)
    back = scope.url("survey", survey_id=survey.pk) + "#questions"
    if action in {"up", "down"}:
        services.move_question(question=question, by=user, up=action == "up")
        return redirect(back)
    if action == "remove":
        try:
            services.remove_question(question=question, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The question has been removed."))
        return redirect(back)
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_question(
                survey=survey,
                by=user,
                question=Question.objects.get(pk=question.pk),
                kind=data["kind"],
                text=data["text"],
                help=data["help"],
                required=data["required"],
                choices=form.choices(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect(back)
    context = _base(scope, survey=survey, question=question, form=form, back_url=back)
    return render(request, "surveys/manage/question.html", context, status=INVALID if form.errors else 200)


def results(request: HttpRequest, scope: Scope, survey_id: int) -> HttpResponse:
    """Results per question as tables; the names and contacts of respondents who consented."""
    survey = _survey(scope, survey_id)
    context = _base(
        scope,
        survey=survey,
        results=survey_results(survey=survey, by=request.user),
        survey_url=scope.url("survey", survey_id=survey.pk),
    )
    return render(request, "surveys/manage/results.html", context)
