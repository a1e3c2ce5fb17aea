"""Commitment tracker pages; thin adapters over commitments.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.accounts.identity import account_of, require_account
from pavilion.events.models import Session
from pavilion.programmes import commitments
from pavilion.programmes.access import (
    ProgrammeViewer,
    get_visible_programme,
    may_see_tracker,
    require_secretariat,
    viewer_for,
)
from pavilion.programmes.commitment_models import Commitment
from pavilion.programmes.forms import (
    CommitmentForm,
    ImportForm,
    ProgressForm,
    SessionDecisionForm,
    language_values,
    partners_of,
)
from pavilion.programmes.models import Programme
from pavilion.programmes.outcome_models import Paragraph
from pavilion.programmes.outcomes import paragraph_text
from pavilion.programmes.register import csv_response
from pavilion.programmes.views import apply_errors


def _statuses(programme: Programme) -> list[tuple[str, str]]:
    return [(status.slug, str(status.name)) for status in commitments.status_catalogue(programme)]


def _tracker_programme(request: HttpRequest, slug: str) -> tuple[Programme, ProgrammeViewer]:
    programme = get_visible_programme(slug=slug, user=request.user)
    viewer = viewer_for(programme=programme, user=request.user)
    if not may_see_tracker(programme=programme, viewer=viewer):
        raise Http404("No such page.")
    return programme, viewer


def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    """Commitments filtered by owner, status and theme, with a progress chart that is also a table; CSV."""
    programme, viewer = _tracker_programme(request, slug)
    owner, status, theme = (request.GET.get(name, "") for name in ("owner", "status", "theme"))
    chosen, progress = commitments.tracker(programme=programme, owner=owner, status=status, theme=theme)
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"{programme.slug}-commitments.csv",
            header=commitments.CSV_COLUMNS,
            rows=commitments.export_rows(chosen, progress),
        )
    everything = list(programme.commitments.select_related("organisation"))
    context = {
        "programme": programme,
        "viewer": viewer,
        "rows": [(commitment, progress[commitment.pk]) for commitment in chosen],
        "owners": sorted({commitment.delegation_name for commitment in everything}),
        "themes": sorted({commitment.theme for commitment in everything if commitment.theme}),
        "statuses": _statuses(programme),
        "chosen": {"owner": owner, "status": status, "theme": theme},
        "import_form": ImportForm(),
    }
    return render(request, "programmes/tracker.html", context)


def commitment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A commitment, its parts, partners and the dated timeline of progress reports."""
    programme, viewer = _tracker_programme(request, slug)
    commitment = get_object_or_404(
        Commitment.objects.select_related("status", "organisation", "paragraph__outcome", "parent", "session__event"),
        pk=pk,
        programme=programme,
    )
    _chosen, progress = commitments.tracker(programme=programme)
    user = account_of(request.user)
    may_report = user is not None and commitments.may_report(commitment=commitment, user=user)
    form = ProgressForm(request.POST or None, programme=programme, statuses=_statuses(programme))
    if request.method == "POST":
        if user is None or not may_report:
            raise Http404("No such page.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                commitments.report_progress(
                    commitment=commitment,
                    by=user,
                    status=data["status"],
                    reported_on=data["reported_on"],
                    progress=data["progress"],
                    meeting=data["meeting"],
                    note={get_language() or "en": data["note"]} if data["note"] else {},
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("programmes:commitment", slug=slug, pk=pk)
    context = {
        "programme": programme,
        "viewer": viewer,
        "commitment": commitment,
        "progress": progress[commitment.pk],
        "children": [
            (child, progress[child.pk]) for child in commitment.children.select_related("status", "organisation")
        ],
        "reports": commitment.reports.select_related("meeting", "status"),
        "form": form if may_report else None,
    }
    return render(request, "programmes/commitment_detail.html", context, status=422 if form.errors else 200)


@login_required
def commitment_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat adds a commitment; ``?paragraph=<id>`` turns an adopted paragraph into one."""
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    viewer = viewer_for(programme=programme, user=user)
    require_secretariat(viewer=viewer)
    paragraph = None
    if request.GET.get("paragraph") or request.POST.get("paragraph"):
        paragraph = get_object_or_404(
            Paragraph.objects.select_related("outcome"),
            pk=request.GET.get("paragraph") or request.POST.get("paragraph"),
            outcome__programme=programme,
        )
    language = get_language() or "en"
    initial = {f"title_{paragraph.outcome.language}": paragraph_text(paragraph, language)[:200]} if paragraph else {}
    form = CommitmentForm(request.POST or None, programme=programme, statuses=_statuses(programme), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = commitments.create_commitment(
                programme=programme, by=user, paragraph=paragraph, **_commitment_fields(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("programmes:commitment", slug=slug, pk=commitment.pk)
    context = {"programme": programme, "viewer": viewer, "form": form, "paragraph": paragraph}
    return render(request, "programmes/commitment_form.html", context, status=422 if form.errors else 200)


@login_required
def commitment_import(request: HttpRequest, slug: str) -> HttpResponse:
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    require_secretariat(viewer=viewer_for(programme=programme, user=user))
    if request.method != "POST":
        return redirect("programmes:tracker", slug=slug)
    form = ImportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a CSV file."))
        created = commitments.import_csv(programme=programme, by=user, data=form.cleaned_data["file"].read())
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
        response = redirect("programmes:tracker", slug=slug)
        response.status_code = 303
        return response
    messages.success(request, _("%(count)s commitments were imported.") % {"count": len(created)})
    return redirect("programmes:tracker", slug=slug)


def _commitment_fields(form: CommitmentForm) -> dict[str, Any]:
    """What a valid commitment form (or a session decision's) says, as ``create_commitment``'s arguments."""
    data = form.cleaned_data
    return {
        "title": language_values(form, "title"),
        "country": data["country"] or "",
        "organisation": data["organisation"],
        "partners": partners_of(form),
        "due_date": data["due_date"],
        "theme": data["theme"],
        "status": data["status"],
        "parent": data["parent"],
        "weight": data["weight"],
    }


def _owner_name(data: dict[str, object]) -> str:
    country = str(data.get("country") or "")
    return str(countries.name(country)) if country else str(data.get("organisation") or "")


@login_required
def commitment_from_session(request: HttpRequest, slug: str, session_pk: int) -> HttpResponse:
    """The secretariat records a decision taken in a session as a commitment, in two steps: the form,
    then a page repeating what will be saved, with "Confirm" (nothing is saved before it)."""
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    viewer = viewer_for(programme=programme, user=user)
    require_secretariat(viewer=viewer)
    session = get_object_or_404(
        Session.objects.select_related("event"), pk=session_pk, event__in=programme.meetings.all()
    )
    form = SessionDecisionForm(request.POST or None, programme=programme, statuses=_statuses(programme))
    confirming = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not language_values(form, "title"):
            form.add_error(None, _("Give the commitment a title."))
        elif request.POST.get("confirm") != "yes":
            confirming = "change" not in request.POST  # "Change" goes back to the form, still unsaved
        else:
            try:
                commitment = commitments.create_commitment(
                    programme=programme,
                    by=user,
                    description={get_language() or "en": data["decision"]},
                    session=session,
                    **_commitment_fields(form),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The decision is recorded as a commitment."))
                return redirect("programmes:commitment", slug=slug, pk=commitment.pk)
    context = {
        "programme": programme,
        "viewer": viewer,
        "form": form,
        "session": session,
        "confirming": confirming,
        "status_name": dict(_statuses(programme)).get(form.cleaned_data.get("status", "")) if confirming else "",
        "owner_name": _owner_name(form.cleaned_data) if confirming else "",
        "partner_names": [
            _owner_name({"country": country, "organisation": organisation})
            for country, organisation in (partners_of(form) if confirming else [])
        ],
    }
    return render(request, "programmes/commitment_from_session.html", context, status=422 if form.errors else 200)
