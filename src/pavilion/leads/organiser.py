"""The organiser's event dashboard: registrations, attendance, booth traffic and surveys.

Each app draws its own figures (accreditation/figures.py, events/figures.py, activity/figures.py);
this page puts them together. Every table is a ``core.charts.Chart`` (drawn as SVG beside its table)
and can be downloaded as CSV.
"""

from __future__ import annotations

from pavilion.accreditation.figures import registration_charts
from pavilion.activity.figures import booth_traffic_charts
from pavilion.core.charts import Chart, chart_csv
from pavilion.events.figures import attendance_charts
from pavilion.events.models import Event
from pavilion.surveys.models import Survey, SurveyStatus

__all__ = ["chart_csv", "event_charts", "event_surveys"]


def event_charts(*, event: Event) -> list[Chart]:
    """All the event's charts, in page order."""
    return [
        *registration_charts(event=event),
        *attendance_charts(event=event),
        *booth_traffic_charts(event=event),
    ]


def event_surveys(*, event: Event) -> list[Survey]:
    return list(Survey.objects.filter(event=event).exclude(status=SurveyStatus.DRAFT).order_by("pk"))
