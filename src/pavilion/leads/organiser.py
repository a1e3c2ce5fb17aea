"""The organiser's event dashboard: registrations, attendance, booth traffic and surveys.

Every table is a ``charts.Chart`` (drawn as SVG beside its table) and can be downloaded as CSV.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.accreditation.models import ParticipantCategory, Registration, Status
from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.core.spreadsheets import csv_document
from pavilion.events.attendance import attendance_series, peaks
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth
from pavilion.leads.charts import Chart
from pavilion.surveys.models import Survey, SurveyStatus


def event_charts(*, event: Event) -> list[Chart]:
    """All the event's charts, in page order."""
    registrations = Registration.objects.filter(event=event)
    by_category = dict(registrations.values_list("category_id").annotate(count=Count("pk")).order_by())
    names = {category.pk: str(category.name) for category in ParticipantCategory.objects.filter(event=event)}
    category_rows = sorted(
        ((names.get(pk, "") if pk else _("No category"), count) for pk, count in by_category.items()),
        key=lambda item: (-item[1], item[0]),
    )
    by_country = registrations.values("country").annotate(count=Count("pk")).order_by("-count", "country")
    by_status = dict(registrations.values_list("status").annotate(count=Count("pk")).order_by())
    charts = [
        Chart(
            slug="registrations-category",
            title=_("Registrations by category"),
            description=_("How many people registered in each participant category."),
            columns=(_("Category"), _("Registrations")),
            rows=category_rows,
        ),
        Chart(
            slug="registrations-country",
            title=_("Registrations by country or economy"),
            description=_("How many people registered from each country or economy."),
            columns=(_("Country or economy"), _("Registrations")),
            rows=[(str(countries.name(row["country"])) or _("Not given"), row["count"]) for row in by_country],
        ),
        Chart(
            slug="registrations-status",
            title=_("Registrations by status"),
            description=_("How many registrations await approval, were approved or were rejected."),
            columns=(_("Status"), _("Registrations")),
            rows=[(str(label), by_status.get(value, 0)) for value, label in Status.choices],
        ),
    ]
    session_peaks = peaks(event=event)
    charts.append(
        Chart(
            slug="attendance-peaks",
            title=_("Peak concurrent viewers per session"),
            description=_("The most people following each session at the same minute."),
            columns=(_("Session"), _("Peak viewers")),
            rows=[(str(item.session.title), item.peak) for item in session_peaks],
        )
    )
    for item in session_peaks:
        if not item.minutes:
            continue
        charts.append(
            Chart(
                slug=f"attendance-{item.session.pk}",
                title=_("Viewers of %(session)s over time") % {"session": item.session.title},
                description=_("People following the session, minute by minute (UTC)."),
                columns=(_("Minute"), _("Viewers")),
                rows=[
                    (minute.strftime("%Y-%m-%d %H:%M"), viewers)
                    for minute, viewers in attendance_series(session=item.session)
                ],
            )
        )
    traffic: dict[int, dict[str, int]] = {
        row["booth_id"]: {"visits": row["visits"], "visitors": row["visitors"]}
        for row in ActivityEvent.objects.filter(event=event, kind=ActivityKind.BOOTH_VIEW, booth__isnull=False)
        .values("booth_id")
        .annotate(visits=Count("pk"), visitors=Count("visitor_key", distinct=True))
        .order_by()
    }
    booths = sorted(
        Booth.objects.filter(event=event),
        key=lambda booth: (-traffic.get(booth.pk, {}).get("visits", 0), str(booth.name)),
    )
    charts.append(
        Chart(
            slug="booth-visits",
            title=_("Booth visits"),
            description=_("Booths ranked by visits to their page."),
            columns=(_("Booth"), _("Visits")),
            rows=[(str(booth.name), traffic.get(booth.pk, {}).get("visits", 0)) for booth in booths],
        )
    )
    charts.append(
        Chart(
            slug="booth-visitors",
            title=_("Booth unique visitors"),
            description=_("How many different visitors opened each booth's page (same order as the visits)."),
            columns=(_("Booth"), _("Unique visitors")),
            rows=[(str(booth.name), traffic.get(booth.pk, {}).get("visitors", 0)) for booth in booths],
        )
    )
    return charts


def event_surveys(*, event: Event) -> list[Survey]:
    return list(Survey.objects.filter(event=event).exclude(status=SurveyStatus.DRAFT).order_by("pk"))


def chart_csv(chart: Chart) -> str:
    """One dashboard table as CSV; booth names are exhibitors' text (``core.spreadsheets`` escapes them)."""
    return csv_document([chart.columns, *chart.rows])
