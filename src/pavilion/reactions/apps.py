from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReactionsConfig(AppConfig):
    name = "pavilion.reactions"
    label = "reactions"
    verbose_name = _("Reactions")

    def ready(self) -> None:
        from pavilion.events.panels import UNDER_STREAM, add_session_panel

        # Right under the player, after the captions: the audience's "here now" and applause.
        add_session_panel("reactions/session_panel.html", order=10, slot=UNDER_STREAM)
