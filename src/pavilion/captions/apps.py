from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptionsConfig(AppConfig):
    name = "pavilion.captions"
    label = "captions"
    verbose_name = _("Captions")

    def ready(self) -> None:
        from pavilion.core.navigation import ORGANISER_PAGES, add_manage_pages, add_nav_entry
        from pavilion.events.panels import UNDER_STREAM, add_session_panel

        # Directly under the stream, before the interpretation channels and the other panels.
        add_session_panel("captions/session_panel.html", order=0, slot=UNDER_STREAM)
        add_manage_pages("captioners/", "pavilion.captions.manage_urls")
        add_nav_entry(
            ORGANISER_PAGES, "captioners", label=_("Captioners"), url_name="captions_manage:captioners", order=50
        )
