from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "pavilion.chat"
    label = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from pavilion.events.panels import TABS, add_session_panel

        add_session_panel("chat/session_panel.html", order=10, slot=TABS)
