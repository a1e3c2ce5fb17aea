"""An event's attendance in figures, for the organisers' dashboard (each a ``core.charts.Chart``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pavilion.core.charts import Chart
from pavilion.events.attendance import attendance_series, peaks
from pavilion.events.models import Event


def attendance_charts(*, event: Event) -> list[Chart]:
    """The peak viewers of each session, then each session's viewers minute by minute."""
    session_peaks = peaks(event=event)
    charts = [
        Chart(
            slug="attendance-peaks",
            title=_("Peak concurrent viewers per session"),
            description=_("The most people following each session at the same minute."),
            columns=(_("Session"), _("Peak viewers")),
            rows=[(str(item.session.title), item.peak) for item in session_peaks],
        )
    ]
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
    return charts
