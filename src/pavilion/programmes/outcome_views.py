"""Outcome-drafting pages: the list, a text with its amendments side by side, the clean text, exports.

Thin adapters over ``programmes.outcomes``; every form posts and works without JavaScript.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import require_account
from pavilion.core.i18n import is_rtl
from pavilion.events.models import Session
from pavilion.events.panels import panel_session
from pavilion.programmes import outcomes
from pavilion.programmes.access import get_visible_programme, may_propose_amendments, require_secretariat, viewer_for
from pavilion.programmes.exports import outcome_docx, outcome_pdf
from pavilion.programmes.forms import AmendmentForm, OutcomeForm, ParagraphForm, language_values
from pavilion.programmes.outcome_models import Amendment, AmendmentAction, OutcomeState, OutcomeText, Paragraph
from pavilion.programmes.views import apply_errors


def _language(request: HttpRequest) -> str:
    requested = request.GET.get("lang", "")
    codes = {code for code, _name in settings.LANGUAGES}
    return requested if requested in codes else (get_language() or "en")


def outcome_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    context = {
        "programme": programme,
        "viewer": viewer,
        "outcomes": outcomes.visible_outcomes(programme=programme, viewer=viewer),
    }
    return render(request, "programmes/outcome_list.html", context)


@login_required
def outcome_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    viewer = viewer_for(programme=programme, user=user)
    require_secretariat(viewer=viewer)
    form = OutcomeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = outcomes.create_outcome(
                programme=programme,
                by=user,
                slug=data["slug"],
                title=language_values(form, "title"),
                kind=data["kind"],
                language=data["language"],
                meeting=data["meeting"],
                drafting_session=data["drafting_session"],
                paragraphs=[{data["language"]: text} for text in outcomes.split_paragraphs(data["text"])],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("programmes:outcome", slug=slug, outcome_slug=outcome.slug)
    context = {"programme": programme, "viewer": viewer, "form": form}
    return render(request, "programmes/outcome_form.html", context, status=422 if form.errors else 200)


def _outcome(request: HttpRequest, slug: str, outcome_slug: str) -> tuple[object, object, OutcomeText]:
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    return programme, viewer, outcomes.get_visible_outcome(programme=programme, slug=outcome_slug, viewer=viewer)


def outcome_rows(outcome: OutcomeText, language: str) -> list[dict[str, object]]:
    """Each paragraph with its amendments and their diffs, for the side-by-side view."""
    rows = []
    for number, paragraph in outcomes.numbered_paragraphs(outcome):
        amendments = list(paragraph.amendments.all())
        for amendment in amendments:
            amendment.paragraph = paragraph
        stored = paragraph.text.data if isinstance(paragraph.text.data, dict) else {}
        rows.append(
            {
                "number": number,
                "paragraph": paragraph,
                "text": outcomes.paragraph_text(paragraph, language),
                # (code, language name, text in that language or "") for the secretariat's versions form
                "versions": [(code, name, stored.get(code, "")) for code, name in settings.LANGUAGES],
                "amendments": [(amendment, outcomes.amendment_diff(amendment)) for amendment in amendments],
            }
        )
    return rows


def outcome_detail(request: HttpRequest, slug: str, outcome_slug: str) -> HttpResponse:
    """The text in numbered paragraphs, each beside its amendments (with a word diff)."""
    programme, viewer, outcome = _outcome(request, slug, outcome_slug)
    language = _language(request)
    context = {
        "programme": programme,
        "viewer": viewer,
        "outcome": outcome,
        "language": language,
        "rows": outcome_rows(outcome, language),
        "may_propose": outcome.state == OutcomeState.NEGOTIATION and may_propose_amendments(viewer=viewer),  # type: ignore[arg-type]
        "amendment_actions": AmendmentAction.choices,
    }
    return render(request, "programmes/outcome_detail.html", context)


@login_required
@require_POST
def outcome_action(request: HttpRequest, slug: str, outcome_slug: str, action: str) -> HttpResponse:
    """Advance the state, propose an amendment, recommend, decide, set a paragraph's language versions."""
    user = require_account(request.user, _("Sign in first."))
    _programme, _viewer, outcome = _outcome(request, slug, outcome_slug)
    back = redirect("programmes:outcome", slug=slug, outcome_slug=outcome_slug)
    form: forms.Form
    try:
        if action == "advance":
            outcomes.advance_outcome(outcome=outcome, by=user)
        elif action == "propose":
            paragraph = get_object_or_404(Paragraph, pk=request.POST.get("paragraph", "0") or 0, outcome=outcome)
            form = AmendmentForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors)
            outcomes.propose_amendment(
                paragraph=paragraph,
                by=user,
                action=form.cleaned_data["action"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        elif action in {"recommend", "decide"}:
            amendment = get_object_or_404(
                Amendment.objects.select_related("paragraph__outcome"),
                pk=request.POST.get("amendment", "0") or 0,
                paragraph__outcome=outcome,
            )
            if action == "recommend":
                outcomes.recommend(
                    amendment=amendment,
                    by=user,
                    recommendation=request.POST.get("recommendation", ""),
                    note=request.POST.get("note", ""),
                )
            else:
                outcomes.decide(amendment=amendment, by=user, decision=request.POST.get("decision", ""))
        elif action == "paragraph":
            paragraph = get_object_or_404(Paragraph, pk=request.POST.get("paragraph", "0") or 0, outcome=outcome)
            form = ParagraphForm(request.POST)
            form.is_valid()
            outcomes.set_paragraph_text(paragraph=paragraph, by=user, text=language_values(form, "text"))
        else:
            raise Http404("No such action.")
    except PermissionDenied as refused:
        messages.error(request, str(refused))
        return back
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        response = back
        response.status_code = 303
        return response
    messages.success(request, _("Saved."))
    return back


def outcome_text(request: HttpRequest, slug: str, outcome_slug: str) -> HttpResponse:
    """The clean text as adopted (or as it stands), with line numbers, in a chosen language."""
    programme, viewer, outcome = _outcome(request, slug, outcome_slug)
    language = _language(request)
    context = {
        "programme": programme,
        "viewer": viewer,
        "outcome": outcome,
        "language": language,
        "direction": "rtl" if is_rtl(language) else "ltr",
        "lines": outcomes.numbered_lines(outcome, language),
    }
    return render(request, "programmes/outcome_text.html", context)


def outcome_export(request: HttpRequest, slug: str, outcome_slug: str, file_format: str) -> HttpResponse:
    _programme, _viewer, outcome = _outcome(request, slug, outcome_slug)
    language = _language(request)
    if file_format == "docx":
        data = outcome_docx(outcome, language)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif file_format == "pdf":
        data = outcome_pdf(outcome, language)
        content_type = "application/pdf"
    else:
        raise Http404("No such format.")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{outcome.slug}-{language}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


def session_outcomes_fragment(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """The drafting session panel's content alone, read again by programmes.js after a live change."""
    _event, session = panel_session(request, event_slug, session_slug)
    response = render(
        request, "programmes/_session_outcomes.html", {"drafted": session_outcomes(session=session, request=request)}
    )
    response["Cache-Control"] = "private, no-store"
    return response


def session_outcomes(*, session: Session, request: HttpRequest) -> list[dict[str, object]]:
    """The outcome texts drafted in this session that this person may see, with their rows."""
    drafted = []
    language = get_language() or "en"
    for outcome in OutcomeText.objects.filter(drafting_session=session).select_related("programme"):
        viewer = viewer_for(programme=outcome.programme, user=request.user)
        if outcomes.may_see_outcome(outcome=outcome, viewer=viewer):
            drafted.append({"outcome": outcome, "rows": outcome_rows(outcome, language)})
    return drafted
