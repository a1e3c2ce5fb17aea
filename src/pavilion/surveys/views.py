"""Visitors' survey pages: answering a survey, the one-tap interest widget, session feedback.

Thin adapters over services.py. What the viewer may not see answers 404 (the event, the booth, the
session, a draft survey). The widget's forms work without JavaScript (POST, then back to the page
with a message) and with htmx (the response is the widget itself, which replaces the old one).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from pavilion.core.errors import RETRY_AFTER
from pavilion.core.forms import INVALID, add_service_error
from pavilion.core.ratelimit import allow, client_address
from pavilion.core.visitors import set_visitor_cookie
from pavilion.events.access import get_visible_event
from pavilion.events.models import Event
from pavilion.events.panels import panel_session
from pavilion.exhibition.access import get_visible_booth
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys import services
from pavilion.surveys.batching import SubmissionFailed, submit_answers
from pavilion.surveys.feedback import feedback_survey_for
from pavilion.surveys.forms import AnswerForm
from pavilion.surveys.interest import interest_survey_for, record_interest
from pavilion.surveys.models import InterestLevel, Survey, SurveyStatus, SurveyTarget
from pavilion.surveys.widget import (
    InterestWidget,
    consent_label,
    follow_up_questions,
    interest_widget,
    respondent_key,
)


def csrf_protect_signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CSRF protection for signed-in people only.

    An anonymous tap speaks for nobody (a forged one is the same as tapping oneself), and leaving
    the token out keeps booth and product pages free of cookies for anonymous visitors, so the
    public cache can serve them.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return guarded


#: Answers a signed-out visitor's address may send per minute (taps, follow-ups, anonymous surveys).
#: Generous for a delegation behind one address; a script posting in a loop is stopped at once.
ANONYMOUS_ANSWERS_PER_MINUTE = 20


def _session_key(request: HttpRequest) -> str | None:
    """The key of this browser's answers (a signed-out visitor's is made on the first answer)."""
    return respondent_key(request, create=True)


def _over_limit(request: HttpRequest) -> bool:
    """Whether this signed-out visitor's address has sent too many answers in the last minute."""
    if request.user.is_authenticated:
        return False  # counted per account, with a CSRF token: nothing to flood with
    return not allow(
        scope="surveys.answers", key=client_address(request), limit=ANONYMOUS_ANSWERS_PER_MINUTE, window=60
    )


def _too_many(request: HttpRequest, widget: InterestWidget | None = None) -> HttpResponse:
    """429 with Retry-After: the widget with the reason for htmx, else the "too many attempts" page."""
    if widget is not None and _is_htmx(request):
        problem = _("Too many answers from your network in a short while. Please wait a minute and try again.")
        response = render(
            request,
            "surveys/_interest_widget.html",
            {"widget": widget, "problem": problem, "partial": True},
            status=429,
        )
    else:
        response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


#: The status of a page whose answers could not be written (nothing was stored): try again shortly.
NOT_SAVED = 503


def not_saved_message() -> str:
    return _("Your answers could not be saved just now, and nothing was stored. Please send them again in a moment.")


def _retry_later(response: HttpResponse) -> HttpResponse:
    """Retry-After on an answer that says nothing was saved (a passing state, like a busy database)."""
    if response.status_code == NOT_SAVED:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def gives_visitor_key(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Set the cookie of a visitor key made while answering (core/visitors.py)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        set_visitor_cookie(request, response)
        return response

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _owner_name(survey: Survey) -> str:
    return str(survey.owner_booth.name) if survey.owner_booth is not None else str(survey.event.name)


def _back_url(survey: Survey) -> str:
    """Where a survey's answers send the respondent back to: the page of what it is about."""
    event = survey.event
    if survey.target == SurveyTarget.SESSION and survey.session is not None:
        return reverse("events:session", kwargs={"slug": event.slug, "session_slug": survey.session.slug})
    if survey.target == SurveyTarget.BOOTH and survey.booth is not None:
        return reverse("exhibition:booth", kwargs={"event_slug": event.slug, "booth_slug": survey.booth.slug})
    if survey.target == SurveyTarget.PRODUCT and survey.product is not None:
        product = survey.product
        return reverse(
            "exhibition:product",
            kwargs={"event_slug": event.slug, "booth_slug": product.booth.slug, "product_slug": product.slug},
        )
    return reverse("events:detail", kwargs={"slug": event.slug})


# --- Answering a survey --------------------------------------------------------------------------------


@gives_visitor_key
def answer(request: HttpRequest, event_slug: str, survey_id: int) -> HttpResponse:
    """A survey's questions, filled in with this person's earlier answers; posting saves them."""
    event = get_visible_event(slug=event_slug, user=request.user)
    # No joins: most surveys are the event's or a session's, whose other relations are empty (no query);
    # compiling a five-table join cost more than the whole answer's write.
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), pk=survey_id, event=event)
    survey.event = event
    if not services.can_see_target(survey=survey, user=request.user) or survey.is_feedback_template:
        raise Http404("No such survey.")  # the event's feedback survey is answered through each session's copy
    if not survey.is_anonymous and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    questions = list(survey.questions.prefetch_related("choices"))
    identified = not survey.is_anonymous
    label = _("Share my name and contact with %(owner)s") % {"owner": _owner_name(survey)} if identified else None
    status = 200
    form = None
    if request.method == "POST":
        if _over_limit(request):
            return _too_many(request)
        form = AnswerForm(request.POST, questions=questions, consent_label=label)
        if form.is_valid():
            try:
                submit_answers(
                    survey=survey,
                    user=request.user,
                    session_key=_session_key(request),
                    answers=form.answers(),
                    consent=form.consent(),
                    consent_text=label or "",
                    questions=questions,
                )
            except ValidationError as error:
                add_service_error(form, error)
                status = INVALID
            except SubmissionFailed:
                form.add_error(None, not_saved_message())
                status = NOT_SAVED
            else:
                messages.success(
                    request, _("Thank you: your answers were saved. You may change them while the survey is open.")
                )
                return redirect("surveys:answer", event_slug=event.slug, survey_id=survey.pk)
    response = services.response_of(survey=survey, user=request.user, session_key=respondent_key(request))
    if form is None:
        initial = services.answer_values(response)
        if response is not None and identified:
            initial["consent"] = response.consent_to_share
        form = AnswerForm(questions=questions, consent_label=label, initial=initial)
    context = {
        "event": event,
        "survey": survey,
        "form": form,
        "is_open": survey.is_open(timezone.now()),
        "answered": response is not None,
        "back_url": _back_url(survey),
    }
    return _retry_later(render(request, "surveys/answer.html", context, status=status))


# --- The one-tap interest widget -------------------------------------------------------------------------


def _target(
    request: HttpRequest, event_slug: str, booth_slug: str, product_slug: str | None
) -> tuple[Event, Booth, Product | None]:
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    booth.event = event
    product = get_object_or_404(Product, booth=booth, slug=product_slug) if product_slug is not None else None
    return event, booth, product


def _page_url(event: Event, booth: Booth, product: Product | None) -> str:
    if product is not None:
        page = reverse(
            "exhibition:product",
            kwargs={"event_slug": event.slug, "booth_slug": booth.slug, "product_slug": product.slug},
        )
    else:
        page = reverse("exhibition:booth", kwargs={"event_slug": event.slug, "booth_slug": booth.slug})
    return f"{page}#interest"


@require_POST
@csrf_protect_signed_in
@gives_visitor_key
def tap(request: HttpRequest, event_slug: str, booth_slug: str, product_slug: str | None = None) -> HttpResponse:
    """Record the tapped interest level; htmx gets the widget back (thanks and follow-ups), others the page."""
    event, booth, product = _target(request, event_slug, booth_slug, product_slug)
    if _over_limit(request):
        return _too_many(request, interest_widget(request, booth=booth, product=product))
    try:
        record_interest(
            booth=None if product is not None else booth,
            product=product,
            user=request.user,
            session_key=_session_key(request),
            level=request.POST.get("level"),
        )
    except ValidationError as error:
        problem = " ".join(error.messages)
        if _is_htmx(request):
            widget = interest_widget(request, booth=booth, product=product)
            return render(
                request,
                "surveys/_interest_widget.html",
                {"widget": widget, "problem": problem, "partial": True},
                status=INVALID,
            )
        messages.error(request, problem)
    except SubmissionFailed:
        if _is_htmx(request):
            widget = interest_widget(request, booth=booth, product=product)
            context = {"widget": widget, "problem": not_saved_message(), "partial": True}
            return _retry_later(render(request, "surveys/_interest_widget.html", context, status=NOT_SAVED))
        messages.error(request, not_saved_message())
    except PermissionDenied:
        raise Http404("No such booth.") from None
    else:
        if _is_htmx(request):
            widget = interest_widget(request, booth=booth, product=product)
            return render(request, "surveys/_interest_widget.html", {"widget": widget, "partial": True})
        level = InterestLevel(int(request.POST["level"]))
        messages.success(request, _("Thank you: you chose “%(level)s”.") % {"level": level.label})
    return redirect(_page_url(event, booth, product))


@require_POST
@csrf_protect_signed_in
@gives_visitor_key
def follow_up(request: HttpRequest, event_slug: str, booth_slug: str, product_slug: str | None = None) -> HttpResponse:
    """Save the follow-up answers and the consent given in the widget (after a tap)."""
    event, booth, product = _target(request, event_slug, booth_slug, product_slug)
    if _over_limit(request):
        return _too_many(request, interest_widget(request, booth=booth, product=product))
    survey = interest_survey_for(booth=None if product is not None else booth, product=product, create=False)
    if survey is None:
        raise Http404("Tap an interest level first.")
    questions = follow_up_questions(survey)
    signed_in = request.user.is_authenticated
    label = consent_label(booth) if signed_in else None
    form = AnswerForm(request.POST, questions=questions, consent_label=label)
    form.is_valid()
    problem: ValidationError | str | None = None
    try:
        submit_answers(
            survey=survey,
            user=request.user,
            session_key=_session_key(request),
            answers=form.answers(),
            consent=form.consent(),
            consent_text=label or "",
            questions=questions,
        )
    except PermissionDenied:
        raise Http404("No such booth.") from None
    except ValidationError as error:
        problem = error
    except SubmissionFailed:
        problem = not_saved_message()
    if problem is not None:
        widget = interest_widget(request, booth=booth, product=product, data=request.POST)
        if widget.form is not None:
            if isinstance(problem, ValidationError):
                add_service_error(widget.form, problem)
            else:
                widget.form.add_error(None, problem)
        template = "surveys/_interest_widget.html" if _is_htmx(request) else "surveys/follow_up_refused.html"
        context = {"widget": widget, "partial": True, "event": event, "page_url": _page_url(event, booth, product)}
        status = INVALID if isinstance(problem, ValidationError) else NOT_SAVED
        return _retry_later(render(request, template, context, status=status))
    if _is_htmx(request):
        widget = interest_widget(request, booth=booth, product=product, sent=True)
        return render(request, "surveys/_interest_widget.html", {"widget": widget, "partial": True})
    messages.success(request, _("Thank you: your answers were saved."))
    return redirect(_page_url(event, booth, product))


# --- Session feedback ------------------------------------------------------------------------------------


def feedback(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """The session's feedback survey (made from the event's on first use), for who may see the session."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    survey = feedback_survey_for(session=session)
    if survey is None:
        raise Http404("No feedback for this session.")
    return redirect("surveys:answer", event_slug=event.slug, survey_id=survey.pk)
