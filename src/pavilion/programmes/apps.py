from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "pavilion.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from pavilion.events.panels import add_session_panel
        from pavilion.programmes import privacy  # noqa: F401  (registers its part of "My data")

        add_session_panel("programmes/session_documents_panel.html", order=80)
        add_session_panel("programmes/session_outcome_panel.html", order=85)
