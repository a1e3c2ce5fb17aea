"""The organiser's event dashboard under /<lang>/manage/<event>/dashboard/ (organisers only: others get 404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from pavilion.events.models import Event
from pavilion.leads import organiser
from pavilion.organising.area import managed_event


@managed_event
def event_dashboard(request: HttpRequest, event: Event) -> HttpResponse:
    """Registrations, attendance, booth traffic (each chart with its table and CSV) and the surveys."""
    context = {
        "event": event,
        "section": "figures",
        "charts": organiser.event_charts(event=event),
        "surveys": organiser.event_surveys(event=event),
    }
    return render(request, "leads/event_dashboard.html", context)


@managed_event
def chart_export(request: HttpRequest, event: Event, chart_slug: str) -> HttpResponse:
    """One of the dashboard's tables as CSV."""
    for chart in organiser.event_charts(event=event):
        if chart.slug == chart_slug:
            response = HttpResponse(organiser.chart_csv(chart), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{event.slug}-{chart.slug}.csv"'
            return response
    raise Http404("No such table.")
