"""The Q&A forms on the session page, for browsers without the live connection: thin adapters over services.py.

Every view answers 404 for a session the viewer may not see (as the session page does), accepts POST
only, and is CSRF-protected by Django's middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.events.panels import panel_session, session_page_url, submit_panel_form
from pavilion.qa import services
from pavilion.qa.forms import QuestionForm
from pavilion.qa.models import Question, QuestionStatus


@require_POST
def ask(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Ask a question; back to the questions on success, else the form again with the reason."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(session_page_url(event, session, "questions"))
    form = QuestionForm(request.POST)
    questions_url = session_page_url(event, session, "questions")
    return submit_panel_form(
        request,
        form=form,
        write=lambda: services.ask(
            session=session,
            by=request.user,
            text=form.cleaned_data["text"],
            anonymous=form.cleaned_data["anonymous"],
        ),
        success=_("Your question was sent. It will be shown once a moderator approves it."),
        done=lambda _question: questions_url,
        refused_template="qa/question_refused.html",
        context={
            "event": event,
            "session": session,
            "questions_url": questions_url,
            "anonymous_allowed": services.anonymous_allowed(session=session),
        },
    )


@require_POST
def vote(request: HttpRequest, event_slug: str, session_slug: str, question_id: int) -> HttpResponse:
    """Vote for a question the viewer can see; a refusal is shown as a message."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(session_page_url(event, session, "questions"))
    shown = services.visible_questions(session=session, user=request.user)
    question = next((question for question in shown if question.pk == question_id), None)
    if question is None:
        raise Http404("No such question.")
    question.session = session
    try:
        services.vote(question=question, by=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("Your vote was counted."))
    return redirect(session_page_url(event, session, "questions"))


@require_POST
def moderate(request: HttpRequest, event_slug: str, session_slug: str, question_id: int) -> HttpResponse:
    """Approve, hide or mark a question answered (moderators; others get 403)."""
    event, session = panel_session(request, event_slug, session_slug)
    services.require_moderator(session=session, user=request.user)  # before saying which questions exist
    question = get_object_or_404(Question.objects.select_related("author"), pk=question_id, session=session)
    question.session = session
    status = request.POST.get("status", "")
    try:
        services.moderate(question=question, by=request.user, status=status)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        done = {
            QuestionStatus.APPROVED: _("The question was approved."),
            QuestionStatus.HIDDEN: _("The question was hidden."),
            QuestionStatus.ANSWERED: _("The question was marked as answered."),
        }
        messages.success(request, done[QuestionStatus(status)])
    return redirect(session_page_url(event, session, "questions"))


@require_POST
def allow_anonymous(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Allow anonymous questions in the session, or stop them (moderators; others get 403)."""
    event, session = panel_session(request, event_slug, session_slug)
    allowed = request.POST.get("allowed") == "1"
    services.allow_anonymous(session=session, by=request.user, allowed=allowed)
    messages.success(
        request,
        _("Questions may now be asked anonymously.") if allowed else _("Questions are now asked with a name."),
    )
    return redirect(session_page_url(event, session, "questions"))
