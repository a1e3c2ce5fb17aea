from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "pavilion.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from pavilion.core.navigation import ORGANISER_PAGES, add_manage_pages, add_nav_entry
        from pavilion.events.panels import add_session_panel
        from pavilion.surveys import signals

        signals.connect()

        add_session_panel("surveys/session_panel.html", order=60)
        add_manage_pages("surveys/", "pavilion.surveys.manage_urls")
        add_nav_entry(ORGANISER_PAGES, "surveys", label=_("Surveys"), url_name="surveys_manage:index", order=110)
