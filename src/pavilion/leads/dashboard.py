"""The exhibitor's booth dashboard: figures computed from the activity log, the interest surveys,
the leads and the booth's surveys. Every figure is a ``charts.Chart`` (drawn as SVG beside its table).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.core.charts import Chart
from pavilion.core.timezones import canonical_timezone, zone_label
from pavilion.exhibition.models import Booth
from pavilion.leads import services
from pavilion.surveys.interest import interest_distribution
from pavilion.surveys.models import InterestLevel, Survey, SurveyStatus


@dataclass
class BoothFigures:
    visits: Chart
    unique_visitors: Chart
    product_views: Chart
    interest: list[Chart]
    leads_by_country: Chart
    surveys: list[Survey]


def booth_figures(*, booth: Booth) -> BoothFigures:
    """All the figures of one booth's dashboard. Days are the event's days, in its time zone, whoever looks."""
    event_zone = canonical_timezone(booth.event.time_zone)
    zone = zone_label(event_zone, inline=True)
    per_day = list(
        ActivityEvent.objects.filter(booth=booth, kind=ActivityKind.BOOTH_VIEW)
        .annotate(day=TruncDate("at", tzinfo=zoneinfo.ZoneInfo(event_zone)))
        .values("day")
        .annotate(visits=Count("pk"), visitors=Count("visitor_key", distinct=True))
        .order_by("day")
    )
    visits = Chart(
        slug="visits",
        title=_("Visits per day"),
        description=_("How many times the booth page was opened each day, in the event's zone (%(zone)s).")
        % {"zone": zone},
        columns=(_("Day"), _("Visits")),
        rows=[(row["day"].isoformat(), row["visits"]) for row in per_day],
    )
    unique = Chart(
        slug="visitors",
        title=_("Unique visitors per day"),
        description=_(
            "How many different visitors opened the booth page each day, in the event's time zone (%(zone)s)."
        )
        % {"zone": zone},
        columns=(_("Day"), _("Visitors")),
        rows=[(row["day"].isoformat(), row["visitors"]) for row in per_day],
    )
    products = list(booth.products.all())
    views = dict(
        ActivityEvent.objects.filter(booth=booth, kind=ActivityKind.PRODUCT_VIEW, product__isnull=False)
        .values_list("product_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    product_views = Chart(
        slug="product-views",
        title=_("Product views"),
        description=_("How many times each product's page was opened."),
        columns=(_("Product"), _("Views")),
        rows=[(str(product.name), views.get(product.pk, 0)) for product in products],
    )
    interest = []
    for product in products:
        counts = interest_distribution(product=product)
        interest.append(
            Chart(
                slug=f"interest-{product.pk}",
                title=_("Interest in %(product)s") % {"product": product.name},
                description=_("How many people chose each of the five interest levels."),
                columns=(_("Interest"), _("People")),
                rows=[(str(label), counts[value]) for value, label in InterestLevel.choices],
            )
        )
    by_country: dict[str, int] = {}
    for row in services.leads_of(booth=booth):
        name = row.country_name or _("Not shared")
        by_country[name] = by_country.get(name, 0) + 1
    leads_by_country = Chart(
        slug="leads-country",
        title=_("Leads by country or economy"),
        description=_("Leads by the country or economy they shared (if they did)."),
        columns=(_("Country or economy"), _("Leads")),
        rows=sorted(by_country.items(), key=lambda item: (-item[1], item[0])),
    )
    surveys = list(
        Survey.objects.filter(owner_booth=booth).exclude(status=SurveyStatus.DRAFT).select_related("product")
    )
    return BoothFigures(
        visits=visits,
        unique_visitors=unique,
        product_views=product_views,
        interest=interest,
        leads_by_country=leads_by_country,
        surveys=surveys,
    )
