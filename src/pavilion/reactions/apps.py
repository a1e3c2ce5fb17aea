from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReactionsConfig(AppConfig):
    name = "pavilion.reactions"
    label = "reactions"
    verbose_name = _("Reactions")

    def ready(self) -> None:
        from pavilion.events.panels import add_session_panel

        add_session_panel("reactions/session_panel.html", order=5)
