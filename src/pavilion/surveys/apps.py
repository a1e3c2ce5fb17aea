from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "pavilion.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from pavilion.events.panels import add_session_panel
        from pavilion.surveys import signals

        signals.connect()

        add_session_panel("surveys/session_panel.html", order=60)
