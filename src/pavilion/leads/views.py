"""The exhibitor's leads pages and booth dashboard (booth staff only: others get 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.core.forms import INVALID
from pavilion.events.models import Event
from pavilion.exhibition.access import staffed_booth
from pavilion.exhibition.models import Booth
from pavilion.leads import dashboard, services
from pavilion.leads.forms import LeadFilterForm, LeadNoteForm, LeadStatusForm
from pavilion.leads.models import Lead

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest, booth: Booth) -> tuple[LeadFilterForm, list[services.LeadRow]]:
    form = LeadFilterForm(request.GET or None)
    filters: dict[str, object] = {}
    if form.is_valid():
        filters = {
            "status": form.cleaned_data["status"] or "",
            "min_score": form.cleaned_data["min_score"] or 0,
            "country": (form.cleaned_data["country"] or "").upper(),
        }
    return form, services.leads_of(booth=booth, **filters)  # type: ignore[arg-type]


@staffed_booth
def lead_list(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    """The booth's leads, highest score first, with the reasons; filters by status, score and country."""
    form, rows = _filtered(request, booth)
    context = {"event": event, "booth": booth, "current": "leads", "rows": rows, "form": form}
    return render(request, "leads/lead_list.html", context, status=200 if not form.errors else INVALID)


@staffed_booth
def lead_export(request: HttpRequest, event: Event, booth: Booth, fmt: str) -> HttpResponse:
    """The filtered leads as CSV or XLSX: exactly the consented fields, status and score."""
    _form, rows = _filtered(request, booth)
    name = f"leads-{booth.slug}"
    if fmt == "xlsx":
        response = HttpResponse(services.export_xlsx(rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(services.export_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@staffed_booth
def lead_detail(request: HttpRequest, event: Event, booth: Booth, pk: int) -> HttpResponse:
    """One lead: consented contact, score with reasons, status (change it) and notes (add one)."""
    services.refresh_leads(booth=booth)
    lead = get_object_or_404(Lead, booth=booth, pk=pk)
    status_form = LeadStatusForm(initial={"status": lead.status})
    note_form = LeadNoteForm()
    code = 200
    if request.method == "POST":
        user = request.user
        assert isinstance(user, User)
        if "status" in request.POST:
            status_form = LeadStatusForm(request.POST)
            if status_form.is_valid():
                services.set_status(lead=lead, status=status_form.cleaned_data["status"])
                messages.success(request, _("The status was saved."))
                return redirect("leads:detail", event_slug=event.slug, booth_slug=booth.slug, pk=lead.pk)
        else:
            note_form = LeadNoteForm(request.POST)
            if note_form.is_valid():
                try:
                    services.add_note(lead=lead, author=user, text=note_form.cleaned_data["text"])
                except ValidationError as error:
                    for problem in error.messages:
                        note_form.add_error("text", problem)
                else:
                    messages.success(request, _("The note was added."))
                    return redirect("leads:detail", event_slug=event.slug, booth_slug=booth.slug, pk=lead.pk)
        code = INVALID
    context = {
        "event": event,
        "booth": booth,
        "current": "leads",
        "row": services.lead_row(booth=booth, lead=lead),
        "notes": lead.notes.select_related("author"),
        "status_form": status_form,
        "note_form": note_form,
        "fields": services.FIELDS,
    }
    return render(request, "leads/lead_detail.html", context, status=code)


@staffed_booth
def booth_dashboard(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    """The booth's figures, each chart as an accessible SVG beside its data table."""
    context = {"event": event, "booth": booth, "current": "dashboard", "figures": dashboard.booth_figures(booth=booth)}
    return render(request, "leads/booth_dashboard.html", context)
