from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "pavilion.polls"
    label = "polls"
    verbose_name = _("Polls")

    def ready(self) -> None:
        from pavilion.events.panels import TABS, add_session_panel

        add_session_panel("polls/session_panel.html", order=30, slot=TABS)
