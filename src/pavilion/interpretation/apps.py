from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationConfig(AppConfig):
    name = "pavilion.interpretation"
    label = "interpretation"
    verbose_name = _("Interpretation")

    def ready(self) -> None:
        import pavilion.interpretation.privacy  # noqa: F401  (registers its personal-data part)
        from pavilion.core.navigation import ORGANISER_PAGES, add_manage_pages, add_nav_entry
        from pavilion.events.panels import UNDER_STREAM, add_session_panel

        # Under the stream and its captions: the channel switcher, the on-air marks, the interpreters' desk.
        add_session_panel("interpretation/stage_panel.html", order=10, slot=UNDER_STREAM)
        add_manage_pages("interpretation/", "pavilion.interpretation.manage_urls")
        add_nav_entry(
            ORGANISER_PAGES,
            "interpretation",
            label=_("Interpretation"),
            url_name="interpretation_manage:sessions",
            order=55,
        )
