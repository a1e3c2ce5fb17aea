from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "pavilion.leads"
    label = "leads"
    verbose_name = _("Leads and dashboards")

    def ready(self) -> None:
        from pavilion.core.navigation import ORGANISER_PAGES, add_manage_pages, add_nav_entry

        add_manage_pages("dashboard/", "pavilion.leads.manage_urls")
        add_nav_entry(ORGANISER_PAGES, "figures", label=_("Figures"), url_name="leads_manage:dashboard", order=120)
