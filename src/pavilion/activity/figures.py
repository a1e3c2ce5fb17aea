"""The exhibition's traffic in figures, for the organisers' dashboard (each a ``core.charts.Chart``)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.core.charts import Chart
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth


def booth_traffic_charts(*, event: Event) -> list[Chart]:
    """Booths ranked by visits to their page, and their unique visitors in the same order."""
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
    return [
        Chart(
            slug="booth-visits",
            title=_("Booth visits"),
            description=_("Booths ranked by visits to their page."),
            columns=(_("Booth"), _("Visits")),
            rows=[(str(booth.name), traffic.get(booth.pk, {}).get("visits", 0)) for booth in booths],
        ),
        Chart(
            slug="booth-visitors",
            title=_("Booth unique visitors"),
            description=_("How many different visitors opened each booth's page (same order as the visits)."),
            columns=(_("Booth"), _("Unique visitors")),
            rows=[(str(booth.name), traffic.get(booth.pk, {}).get("visitors", 0)) for booth in booths],
        ),
    ]
