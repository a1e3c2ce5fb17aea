"""An event's registrations in figures, for the organisers' dashboard (each a ``core.charts.Chart``)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.accreditation.models import ParticipantCategory, Registration, Status
from pavilion.core.charts import Chart
from pavilion.events.models import Event


def registration_charts(*, event: Event) -> list[Chart]:
    """Registrations by category, by country or economy, and by status."""
    registrations = Registration.objects.filter(event=event)
    by_category = dict(registrations.values_list("category_id").annotate(count=Count("pk")).order_by())
    names = {category.pk: str(category.name) for category in ParticipantCategory.objects.filter(event=event)}
    category_rows = sorted(
        ((names.get(pk, "") if pk else _("No category"), count) for pk, count in by_category.items()),
        key=lambda item: (-item[1], item[0]),
    )
    by_country = registrations.values("country").annotate(count=Count("pk")).order_by("-count", "country")
    by_status = dict(registrations.values_list("status").annotate(count=Count("pk")).order_by())
    return [
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
