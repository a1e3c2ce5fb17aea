from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class FloorConfig(AppConfig):
    name = "pavilion.floor"
    label = "floor"
    verbose_name = pgettext_lazy("the right to speak in a meeting", "The floor")

    def ready(self) -> None:
        from pavilion.events.panels import TABS, add_session_panel
        from pavilion.floor import turns  # noqa: F401  (registers the turns statements may be linked to)

        # Right under the stage, before the chat: who speaks now is what a meeting follows first.
        add_session_panel("floor/session_panel.html", order=40, slot=TABS)
