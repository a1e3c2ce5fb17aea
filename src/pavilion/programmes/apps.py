from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "pavilion.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from pavilion.core.navigation import EVENT_PAGES, add_nav_entry
        from pavilion.events.panels import add_session_panel
        from pavilion.programmes import memberships, privacy  # noqa: F401  (register "My data", a delegation list)

        add_session_panel("programmes/session_documents_panel.html", order=80)
        add_session_panel("programmes/session_outcome_panel.html", order=85)
        # A meeting of a programme lists its documents among the event's pages.
        add_nav_entry(
            EVENT_PAGES,
            "documents",
            label=_("Documents"),
            url_name="meeting_documents:register",
            order=60,
            slug_kwarg="event_slug",
            visible=lambda event, user: event is not None and event.programme_meetings.exists(),
        )
