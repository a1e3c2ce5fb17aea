from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaConfig(AppConfig):
    name = "pavilion.qa"
    label = "qa"
    verbose_name = _("Questions and answers")

    def ready(self) -> None:
        from pavilion.events.panels import TABS, add_session_panel

        add_session_panel("qa/session_panel.html", order=20, slot=TABS)
